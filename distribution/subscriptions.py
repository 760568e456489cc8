"""Subscribe, confirm, change, leave, export and erase: what happens to a
subscriber, whoever asks (the public pages, the admin)."""

import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from releases.models import PartnerNation, Topic

from . import links
from .models import Delivery, Subscriber


def request_subscription(data, consent_text):
    """Keep the choices of a subscription form until the address confirms them,
    and enqueue the confirmation mail; the same for a new or a known address."""
    from .tasks import send_confirmation  # tasks.py imports the app's models

    nonce = links.new_nonce()
    choices = {
        "nonce": nonce,
        "name": data["name"],
        "outlet": data["outlet"],
        "language": data["language"],
        "nations": sorted(nation.code for nation in data["nations"]),
        "topics": sorted(topic.slug for topic in data["topics"]),
        "consent_text": str(consent_text),
        "requested_at": timezone.now().isoformat(),
    }
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update().for_address(data["email"]).first()
        )
        if subscriber is None:
            subscriber = Subscriber(
                email=data["email"].strip(),
                language=data["language"],
                source=Subscriber.Source.FORM,
            )
            try:
                with transaction.atomic():
                    subscriber.save()
            except IntegrityError:  # the same address, sent at the same time
                subscriber = Subscriber.objects.for_address(data["email"]).get()
        subscriber.pending_choices = choices
        subscriber.save(update_fields=["pending_choices"])
        transaction.on_commit(
            partial(send_confirmation.enqueue, subscriber.pk, nonce), robust=True
        )
    return subscriber


@transaction.atomic
def confirm(subscriber, choices):
    """Apply the confirmed choices: the address now receives releases."""
    subscriber.name = choices["name"] or subscriber.name
    subscriber.outlet = choices["outlet"]
    subscriber.language = choices["language"]
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.source = Subscriber.Source.FORM
    subscriber.added_by = None
    subscriber.source_detail = ""
    subscriber.consent_at = timezone.now()
    subscriber.consent_text = choices["consent_text"]
    subscriber.unsubscribed_at = None
    subscriber.pending_choices = None
    subscriber.save()
    subscriber.nations.set(PartnerNation.objects.filter(code__in=choices["nations"]))
    subscriber.topics.set(Topic.objects.filter(slug__in=choices["topics"]))


@transaction.atomic
def unsubscribe(subscriber):
    """Stop every mail to the subscriber at once, those already planned too."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.pending_choices = None
        subscriber.save(update_fields=["status", "unsubscribed_at", "pending_choices"])
    Delivery.objects.filter(subscriber=subscriber, state=Delivery.State.QUEUED).update(
        state=Delivery.State.CANCELLED
    )


def _when(value):
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def export(subscriber):
    """Return all that is kept about a subscriber, as JSON-ready data."""
    deliveries = subscriber.deliveries.select_related("release", "version").order_by(
        "created_at", "pk"
    )
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "outlet": subscriber.outlet,
        "language": subscriber.language,
        "status": subscriber.status,
        "nations": list(subscriber.nations.values_list("code", flat=True)),
        "topics": list(subscriber.topics.values_list("slug", flat=True)),
        "lists": list(subscriber.lists.values_list("name", flat=True)),
        "source": subscriber.source,
        "added_by": subscriber.added_by.get_username() if subscriber.added_by else None,
        "source_detail": subscriber.source_detail,
        "consent_at": _when(subscriber.consent_at),
        "consent_text": subscriber.consent_text,
        "created_at": _when(subscriber.created_at),
        "unsubscribed_at": _when(subscriber.unsubscribed_at),
        "pending_choices": subscriber.pending_choices,
        "deliveries": [
            {
                "release": delivery.release.title,
                "version_sent": delivery.version.title if delivery.version else None,
                "kind": delivery.kind,
                "state": delivery.state,
                "sent_at": _when(delivery.sent_at),
            }
            for delivery in deliveries
        ],
    }


@transaction.atomic
def erase(subscriber):
    """Delete a subscriber's personal data; their deliveries stay, anonymous, in
    the counts of each release."""
    subscriber.deliveries.filter(state=Delivery.State.QUEUED).update(
        state=Delivery.State.CANCELLED
    )
    subscriber.delete()

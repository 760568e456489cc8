"""The mails themselves: a release (at publication or under embargo) and the
confirmation of a subscription, each with an HTML and a plain-text part."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from releases.models import PressRelease, ReleaseContact

from . import links

LIST_NAME = "CNES press releases"


def mail_domain():
    """Return the domain of the sender's address, which names the list and the
    messages."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def list_id():
    return f"{LIST_NAME} <releases.{mail_domain()}>"


def message_id(delivery):
    """Return the Message-ID of a delivery: the same at every attempt, so that a
    mailbox keeps one copy if a message is ever sent twice."""
    return f"<delivery.{delivery.pk}.release.{delivery.release_id}@{mail_domain()}>"


def load_version(pk):
    """Return a release with what its mail shows, in a fixed number of queries."""
    return (
        PressRelease.objects.select_related("translation_of")
        .prefetch_related(
            Prefetch(
                "releasecontact_set",
                queryset=ReleaseContact.objects.select_related("contact"),
            )
        )
        .get(pk=pk)
    )


def embargo_notice(release):
    """Return "EMBARGO: not for publication before <date and time, Paris time>"
    in the active language."""
    local = timezone.localtime(release.published_at)
    return _("EMBARGO: not for publication before %(when)s (Paris time)") % {
        "when": date_format(local, "j F Y, H:i"),
    }


def release_message(delivery, version, preview_url=None):
    """Return the mail of ``version`` for the delivery's subscriber; with a
    ``preview_url``, the embargoed pre-send that links to it."""
    subscriber = delivery.subscriber
    with translation.override(subscriber.language):
        unsubscribe = links.unsubscribe_url(subscriber)
        context = {
            "release": version,
            "release_url": preview_url or links.absolute(version.get_absolute_url()),
            "contacts": [link.contact for link in version.releasecontact_set.all()],
            "embargo": embargo_notice(version) if preview_url else "",
            "subscriber": subscriber,
            "manage_url": links.manage_url(subscriber),
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
        }
        subject = version.title
        if preview_url:
            subject = f"{context['embargo']} – {subject}"
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("distribution/email/release.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
            headers={
                "Message-ID": message_id(delivery),
                "List-Id": list_id(),
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Content-Language": version.language,
            },
        )
        message.attach_alternative(
            render_to_string("distribution/email/release.html", context), "text/html"
        )
    return message


def confirmation_message(subscriber):
    """Return the mail that asks to confirm the choices waiting in
    ``subscriber.pending_choices``."""
    language = subscriber.pending_choices["language"]
    with translation.override(language):
        context = {
            "confirm_url": links.confirmation_url(subscriber),
            "days": links.CONFIRMATION_DAYS,
            "site_url": settings.SITE_URL,
        }
        message = EmailMultiAlternatives(
            subject=_("Confirm your subscription to CNES press releases"),
            body=render_to_string("distribution/email/confirm.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscriber.email],
            headers={"List-Id": list_id(), "Content-Language": language},
        )
        message.attach_alternative(
            render_to_string("distribution/email/confirm.html", context), "text/html"
        )
    return message

"""Background work, run by `manage.py worker` (django.tasks, django-tasks-db)."""

import datetime

from django.core.mail import mailers
from django.tasks import task
from django.utils import timezone

from . import emails, sending
from .models import Subscriber

CONFIRMATION_RETRIES = [60, 5 * 60, 30 * 60]


@task
def send_release(story):
    """Send a release (``story``: the original's pk) to those who want it."""
    return sending.send_story(story)


@task
def send_confirmation(subscriber, nonce, attempt=0):
    """Send the link that confirms the choices ``nonce`` names, unless they were
    confirmed or replaced since; retry a few times when the server fails."""
    subscriber = Subscriber.objects.filter(pk=subscriber).first()
    if subscriber is None or (subscriber.pending_choices or {}).get("nonce") != nonce:
        return "replaced"
    try:
        mailers.default.send_messages([emails.confirmation_message(subscriber)])
    except OSError:
        if attempt >= len(CONFIRMATION_RETRIES):
            raise
        retry_at = timezone.now() + datetime.timedelta(
            seconds=CONFIRMATION_RETRIES[attempt]
        )
        send_confirmation.using(run_after=retry_at).enqueue(
            subscriber.pk, nonce, attempt + 1
        )
        return "deferred"
    return "sent"

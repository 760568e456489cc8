"""The admin index's queue of what waits for a publisher."""

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from ..admin import wording
from ..models import PendingChange, PressRelease
from ..publishing import can_publish

register = template.Library()


@dataclass(frozen=True)
class Waiting:
    what: str
    title: str
    who: str
    since: datetime
    url: str

    @property
    def when(self):
        return wording.paris(self.since)


@register.simple_tag
def review_queue(user):
    """Return what waits for a publisher, oldest first: changes to published or
    scheduled releases, and drafts submitted for review; None for a user who may
    not publish."""
    if not can_publish(user):
        return None
    changes = PendingChange.objects.filter(
        state=PendingChange.State.PENDING
    ).select_related("release", "author")
    submitted = (
        PressRelease.objects.in_state(PressRelease.State.SUBMITTED)
        .select_related("submitted_by")
        .only("title", "submitted_at", "submitted_by")
    )
    waiting = [
        Waiting(
            _("Changes"),
            change.release.title,
            wording.who(change.author),
            change.created_at,
            reverse(
                "admin:releases_pressrelease_review",
                args=[change.release_id, change.pk],
            ),
        )
        for change in changes
    ] + [
        Waiting(
            _("Submitted"),
            release.title,
            wording.who(release.submitted_by),
            release.submitted_at,
            reverse("admin:releases_pressrelease_change", args=[release.pk]),
        )
        for release in submitted
    ]
    return sorted(waiting, key=lambda item: item.since)

"""Publish, unpublish and reschedule releases, and keep their publication log.

Only a user with the ``releases.publish_pressrelease`` permission may make a
release public, change the publication date of a published one, or return it
to draft. Every such change writes a ``PublicationEvent``.
"""

import datetime
from dataclasses import dataclass
from functools import partial

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PressRelease, PublicationEvent

PERMISSION = "releases.publish_pressrelease"
PUBLISHED = PressRelease.Status.PUBLISHED
DRAFT = PressRelease.Status.DRAFT


@dataclass(frozen=True)
class PublicationState:
    status: str
    published_at: datetime.datetime | None

    @classmethod
    def of(cls, release):
        """Return the state of ``release``; a release not saved yet is a draft."""
        if release is None:
            return cls(DRAFT, None)
        return cls(release.status, release.published_at)


def can_publish(user):
    return user.has_perm(PERMISSION)


def transition(before, after):
    """Return the action that goes from state ``before`` to ``after``, or None when
    the change does not touch the publication."""
    if after.status == PUBLISHED:
        if before.status == PUBLISHED and before.published_at == after.published_at:
            return None
        if after.published_at > timezone.now():
            return PublicationEvent.Action.SCHEDULED
        return PublicationEvent.Action.PUBLISHED
    if before.status == PUBLISHED:
        return PublicationEvent.Action.UNPUBLISHED
    return None


def check_permission(user, before, after):
    """Refuse a change of publication by a user who may not publish."""
    if transition(before, after) is not None and not can_publish(user):
        raise PermissionDenied(
            _(
                "Only a publisher can publish a release, change the publication "
                "date of a published one or return it to draft."
            )
        )


def record(release, before, user):
    """Log the change of ``release`` from ``before`` to its present state, if it
    changed the publication; return the new event or None."""
    action = transition(before, PublicationState.of(release))
    if action is None:
        return None
    unpublished = action == PublicationEvent.Action.UNPUBLISHED
    from distribution.sending import publication_changed  # mails the subscribers

    transaction.on_commit(partial(publication_changed, release.pk), robust=True)
    return PublicationEvent.objects.create(
        release=release,
        action=action,
        published_at=None if unpublished else release.published_at,
        created_by=user,
    )


def publish(release, user, at=None):
    """Make ``release`` public at ``at`` (by default its own date, else now).

    Return whether anything changed: publishing a published release at its own
    date does nothing.
    """
    return _change(release, user, PUBLISHED, at, _("Published"))


def unpublish(release, user):
    """Return ``release`` to draft; it keeps its date. Return whether it changed."""
    return _change(release, user, DRAFT, None, _("Returned to draft"))


def _change(release, user, status, at, comment):
    with transaction.atomic(), reversion.create_revision():
        locked = PressRelease.objects.select_for_update().get(pk=release.pk)
        before = PublicationState.of(locked)
        if status == PUBLISHED:
            at = at or locked.published_at or timezone.now()
        else:
            at = locked.published_at
        if transition(before, PublicationState(status, at)) is None:
            return False
        check_permission(user, before, PublicationState(status, at))
        locked.status, locked.published_at, locked.updated_by = status, at, user
        locked.save()
        record(locked, before, user)
        reversion.set_user(user)
        reversion.set_comment(comment)
    for name in ("status", "published_at", "updated_at", "updated_by"):
        setattr(release, name, getattr(locked, name))
    return True

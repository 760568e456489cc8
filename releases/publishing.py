"""Every change of a release's publication goes through ``save_release()``.

Only a user with the ``releases.publish_pressrelease`` permission may make a
release public, change the publication date of a published one, return it to
draft, or change a published or scheduled release at all (anyone else's changes
to it wait for a publisher: ``releases.admin.review``). ``save_release()``
compares the release as it was with the release about to be saved, refuses what
the user may not do, saves, and writes a change of publication in the release's
publication log (``PublicationEvent``). Once the transaction is committed,
``after_publication_change()`` does what follows a publication.

The admin (its change form, restored versions, its actions), the importer and
``publish()`` / ``unpublish()`` below all save through it.
"""

import logging
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
SAVED = object()  # save_release(before=SAVED): the release as the database holds it

logger = logging.getLogger(__name__)


class ChangesNeedReview(PermissionDenied):
    """A user who may not publish tried to change a published or scheduled
    release: a publisher must approve the change first."""


def can_publish(user):
    return user.has_perm(PERMISSION)


def is_live(release):
    """Tell whether the public sees ``release`` (as it was), or will at its date."""
    return release is not None and release.status == PUBLISHED


def publication_change(before, after):
    """Return the action (``PublicationEvent.Action``) that takes a release from
    ``before`` (as it was, or None for a new release) to ``after``, or None when
    its publication does not change."""
    status = before.status if before is not None else DRAFT
    published_at = before.published_at if before is not None else None
    if after.status == PUBLISHED:
        if status == PUBLISHED and published_at == after.published_at:
            return None
        if after.published_at > timezone.now():
            return PublicationEvent.Action.SCHEDULED
        return PublicationEvent.Action.PUBLISHED
    if status == PUBLISHED:
        return PublicationEvent.Action.UNPUBLISHED
    return None


def save_release(release, user, *, save=None, before=SAVED):
    """Save ``release`` for ``user``: the one way a release's publication changes.

    ``before`` is the release as it was: by default its row in the database, read
    (and locked) here; None for a release that did not exist. A user who may not
    publish is refused (PermissionDenied) a change of publication, and
    (ChangesNeedReview) any change to a published or scheduled release, before
    anything is written; ``user`` None is the system itself (a management
    command), which may. Then ``save()`` (by default ``release.save()``) writes
    the release, a change of publication goes in its log and clears the
    release's submission for review, and ``after_publication_change()`` runs
    once the transaction is committed.

    Return the new ``PublicationEvent``, or None if the publication did not change.
    """
    with transaction.atomic():
        if before is SAVED:
            before = _saved(release)
        action = publication_change(before, release)
        if user is not None and not can_publish(user):
            if action is not None:
                raise PermissionDenied(
                    _(
                        "Only a publisher can publish a release, change the "
                        "publication date of a published one or return it to draft."
                    )
                )
            if is_live(before):
                raise ChangesNeedReview(
                    _(
                        "“%(title)s” is public or scheduled: a publisher must "
                        "approve changes to it."
                    )
                    % {"title": before.title}
                )
        if release.pk is None:
            release.created_by = user
        release.updated_by = user
        if action in (
            PublicationEvent.Action.PUBLISHED,
            PublicationEvent.Action.SCHEDULED,
        ):
            release.submitted_at = release.submitted_by = None
        (save or release.save)()
        if action is None:
            return None
        event = PublicationEvent.objects.create(
            release=release,
            action=action,
            published_at=(
                None
                if action == PublicationEvent.Action.UNPUBLISHED
                else release.published_at
            ),
            created_by=user,
        )
        transaction.on_commit(partial(after_publication_change, event), robust=True)
    return event


def after_publication_change(event):
    """Do what follows a change of a release's publication, once it is committed:
    note it in the application's log, and plan the mails to the subscribers (at
    once, or at the release's time when it is scheduled)."""
    from distribution.sending import publication_changed  # distribution uses releases

    logger.info(
        "Release %s: %s (public from %s) by %s",
        event.release_id,
        event.action,
        event.published_at.isoformat() if event.published_at else "-",
        event.created_by or "the system",
    )
    publication_changed(event.release_id)


def _saved(release):
    if release.pk is None:
        return None
    return (
        PressRelease.objects.select_for_update()
        .only("title", "status", "published_at")
        .filter(pk=release.pk)
        .first()
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
        if status == PUBLISHED:
            at = at or locked.published_at or timezone.now()
        else:
            at = locked.published_at
        if (locked.status, locked.published_at) == (status, at):
            return False
        locked.status, locked.published_at = status, at
        save_release(locked, user)
        reversion.set_user(user)
        reversion.set_comment(comment)
    for name in ("status", "published_at", "updated_at", "updated_by"):
        setattr(release, name, getattr(locked, name))
    return True

"""What the admin tells editors and publishers about publication and review, in
sentences, with dates and times in Paris time (the site's time zone)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import PressRelease, PublicationEvent


def paris(moment):
    """Return ``moment`` as a reader writes it: 15 January 2027, 10:00."""
    return formats.date_format(timezone.localtime(moment), _("j F Y, H:i"))


def who(user):
    if user is None:
        return _("an import or another program")
    return user.get_full_name() or user.get_username()


def state_label(release):
    """Return the release's state as the release list shows it."""
    if release.state == PressRelease.State.SCHEDULED:
        return _("Scheduled for %(date)s") % {"date": paris(release.published_at)}
    return release.state.label


def saved_message(release, event):
    """Return what a save that changed the release's publication did."""
    values = {"title": release.title}
    if event.action == PublicationEvent.Action.PUBLISHED:
        return _("“%(title)s” is now public.") % values
    if event.action == PublicationEvent.Action.SCHEDULED:
        return _("“%(title)s” is scheduled for %(date)s (Paris time).") % {
            **values,
            "date": paris(event.published_at),
        }
    return _("“%(title)s” is back to draft: the public no longer sees it.") % values


def event_sentence(event):
    """Return an entry of the publication log as a sentence."""
    values = {"who": who(event.created_by), "when": paris(event.created_at)}
    if event.action == PublicationEvent.Action.PUBLISHED:
        return _(
            "Published by %(who)s on %(when)s (Paris time), public from %(date)s."
        ) % {**values, "date": paris(event.published_at)}
    if event.action == PublicationEvent.Action.SCHEDULED:
        return _(
            "Scheduled by %(who)s on %(when)s (Paris time), to become public on "
            "%(date)s."
        ) % {**values, "date": paris(event.published_at)}
    return _("Returned to draft by %(who)s on %(when)s (Paris time).") % values


def pending_sentence(change):
    """Return an entry of the review history as a sentence."""
    values = {"author": who(change.author), "when": paris(change.updated_at)}
    if change.is_pending():
        return (
            _(
                "Changes by %(author)s, saved on %(when)s (Paris time), waiting for a "
                "publisher."
            )
            % values
        )
    decided = {**values, "by": who(change.decided_by), "on": paris(change.decided_at)}
    if change.state == change.State.PUBLISHED:
        return (
            _(
                "Changes by %(author)s, saved on %(when)s: published by %(by)s on "
                "%(on)s (Paris time)."
            )
            % decided
        )
    return (
        _(
            "Changes by %(author)s, saved on %(when)s: discarded by %(by)s on %(on)s "
            "(Paris time)."
        )
        % decided
    )


def held_message(change):
    """Return why no one but its author may change a release with pending changes."""
    return _(
        "%(author)s's changes to this release, saved on %(when)s (Paris time), are "
        "waiting for a publisher. It can be changed again once a publisher has "
        "published or discarded them."
    ) % {"author": who(change.author), "when": paris(change.updated_at)}


def waiting_message(release):
    return _("“%(title)s”: your changes are waiting for a publisher.") % {
        "title": release.title
    }


def review_notice(release, user):
    """Return what the change form says above the release about its review: a
    dict with its text and level ("info" or "warning"), or None."""
    change = release.pending_change
    if change is not None and change.author_id == user.pk:
        text = _(
            "These are your changes, saved on %(when)s (Paris time) and waiting for "
            "a publisher: the public still sees the published version. Saving "
            "again replaces them."
        ) % {"when": paris(change.updated_at)}
        return {"text": text, "level": "info"}
    if change is not None:
        return {"text": held_message(change), "level": "warning"}
    if release.state == PressRelease.State.SUBMITTED:
        text = _("Submitted for review by %(who)s on %(when)s (Paris time).") % {
            "who": who(release.submitted_by),
            "when": paris(release.submitted_at),
        }
        return {"text": text, "level": "info"}
    return None

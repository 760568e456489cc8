"""What a change to the content touches, decided once for every way in.

The signals connected here see every save and deletion of a release, of what a
release shows (quotes; links to nations, topics, speakers, contacts, photos and
documents) and of those objects themselves, whatever makes it: the admin, the
review, the importer, a command. For each change, in its transaction:

- the counts kept as data of the releases it touches are brought up to date
  (``releases.counting.refresh``);
- the staff version is renewed, and the public version too when a visitor can
  see the change (``releases.versioning.renew_versions``): a release public
  before or after it, anything a public release shows, or a partner nation,
  which has a page of its own even when no release names it.

So saving a draft, or a scheduled release before its time, keeps every cached
page; a scheduled release shows at its time through the version's date
(``releases.versioning``). Pending changes renew the staff version only; preview
links and subscribers renew nothing. A change written without signals is
followed by ``releases_written()``, and rows loaded in bulk (fixtures, a
restore, generated releases) by ``content_loaded()``.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from . import counting
from .models import (
    Contact,
    Document,
    Image,
    PartnerNation,
    PendingChange,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)
from .versioning import bump_content_version, renew_versions

# What a release shows through a row of its own, and whether it is counted.
LINKS = {
    ReleaseNation: True,
    ReleaseSpeaker: True,
    Quote: True,
    ReleaseContact: False,
    ReleaseImage: False,
    ReleaseDocument: False,
}
# The objects releases show, and the public releases showing one.
SHOWN = {
    Topic: lambda topic: PressRelease.objects.filter(topics=topic),
    Speaker: lambda speaker: PressRelease.objects.for_speaker(speaker),
    Contact: lambda contact: PressRelease.objects.filter(contacts=contact),
    Image: lambda image: PressRelease.objects.filter(images=image),
    Document: lambda document: PressRelease.objects.filter(documents=document),
}
# The rows of a release's many-to-many fields, and whether they are counted.
THROUGH = {
    getattr(PressRelease, name).through: counted
    for name, counted in [
        ("topics", True),
        ("partner_nations", True),
        ("speakers", True),
        ("contacts", False),
        ("images", False),
        ("documents", False),
    ]
}


def content_loaded():
    """Count everything afresh and give all the content a new version: after
    rows were loaded without signals (fixtures, a restore, generated releases)."""
    counting.recount()
    bump_content_version()


def releases_written(release_ids):
    """Follow up a change to releases or their links written without signals
    (``bulk_create``, ``update()``), in its transaction, as for a save."""
    counting.refresh(release_ids)
    renew_versions(public=_is_public(release_ids))


def _is_public(release_ids):
    ids = [pk for pk in release_ids if pk is not None]
    return bool(ids) and PressRelease.objects.published().filter(pk__in=ids).exists()


def _was_public(state):
    """Tell whether a release was public in ``state`` (its row before a save)."""
    release = PressRelease(
        status=state.get("status"), published_at=state.get("published_at")
    )
    return release.is_published()


# Releases


def _release_saving(sender, instance, raw, **kwargs):
    instance._state_before_save = None
    if raw or instance.pk is None:
        return
    instance._state_before_save = (
        PressRelease.objects.filter(pk=instance.pk)
        .values("status", "published_at", "translation_of_id")
        .first()
    )


def _release_saved(sender, instance, raw, **kwargs):
    if raw:
        return
    before = getattr(instance, "_state_before_save", None) or {}
    counting.refresh(
        [instance.pk, instance.translation_of_id, before.get("translation_of_id")]
    )
    renew_versions(public=instance.is_published() or _was_public(before))


def _release_deleting(sender, instance, **kwargs):
    partners = PressRelease.objects.filter(translation_of=instance.pk).values_list(
        "pk", flat=True
    )
    instance._touched_on_delete = (
        [*partners, instance.translation_of_id],
        _is_public([instance.pk]),
    )


def _release_deleted(sender, instance, **kwargs):
    partners, public = getattr(instance, "_touched_on_delete", ([], True))
    counting.refresh([instance.pk, *partners])
    renew_versions(public=public)


# What a release shows


def _link_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if LINKS[sender]:
        counting.refresh([instance.release_id])
    renew_versions(public=_is_public([instance.release_id]))


def _shown_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    renew_versions(public=SHOWN[sender](instance).published().exists())


def _shown_deleting(sender, instance, **kwargs):
    releases = list(SHOWN[sender](instance).values_list("pk", flat=True))
    instance._touched_on_delete = (releases, _is_public(releases))


def _shown_deleted(sender, instance, **kwargs):
    releases, public = getattr(instance, "_touched_on_delete", ([], True))
    if sender is Topic:  # its links go without signals
        counting.refresh(releases)
    renew_versions(public=public)


def _nation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        renew_versions(public=True)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A release's many-to-many links were added, removed or cleared, from
    either side."""
    if action == "pre_clear" and not isinstance(instance, PressRelease):
        instance._cleared_releases = list(
            sender.objects.filter(
                **{_side(sender, type(instance)): instance}
            ).values_list(_side(sender, PressRelease) + "_id", flat=True)
        )
    if not action.startswith("post_"):
        return
    if isinstance(instance, PressRelease):
        releases = [instance.pk]
    elif action == "post_clear":
        releases = getattr(instance, "_cleared_releases", [])
    else:
        releases = list(pk_set or ())
    if THROUGH[sender]:
        counting.refresh(releases)
    renew_versions(public=_is_public(releases))


def _side(through, model):
    """Return the name of the through model's foreign key to ``model``."""
    return next(
        f.name
        for f in through._meta.fields
        if f.is_relation and f.related_model is model
    )


def _pending_change(sender, instance, raw=False, **kwargs):
    if not raw:
        renew_versions(public=False)


def connect_signals():
    pre_save.connect(_release_saving, sender=PressRelease)
    post_save.connect(_release_saved, sender=PressRelease)
    pre_delete.connect(_release_deleting, sender=PressRelease)
    post_delete.connect(_release_deleted, sender=PressRelease)
    for model in LINKS:
        post_save.connect(_link_changed, sender=model)
        post_delete.connect(_link_changed, sender=model)
    for model in SHOWN:
        post_save.connect(_shown_changed, sender=model)
        pre_delete.connect(_shown_deleting, sender=model)
        post_delete.connect(_shown_deleted, sender=model)
    post_save.connect(_nation_changed, sender=PartnerNation)
    post_delete.connect(_nation_changed, sender=PartnerNation)
    for through in THROUGH:
        m2m_changed.connect(_links_changed, sender=through)
    post_save.connect(_pending_change, sender=PendingChange)
    post_delete.connect(_pending_change, sender=PendingChange)

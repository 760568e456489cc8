"""Versions of releases and of what they name (django-reversion), and what each
version changed.

A revision of a release holds the release with its quotes, nations, speakers and
contacts, so reverting brings them all back together.
"""

from dataclasses import dataclass, field

import reversion
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .diffs import DiffLine, line_diff
from .models import (
    Contact,
    PartnerNation,
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

RELEASE_PARTS = {
    Quote: "quotes",
    ReleaseNation: "releasenation_set",
    ReleaseSpeaker: "releasespeaker_set",
    ReleaseContact: "releasecontact_set",
    ReleaseImage: "releaseimage_set",
    ReleaseDocument: "releasedocument_set",
}
VERSIONED_MODELS = [*RELEASE_PARTS, Speaker, Contact, PartnerNation, Topic]
# Derived or bookkeeping fields: the revision itself says who saved it and when.
UNCOMPARED_FIELDS = {
    "body_html",
    "body_text",
    "text_html",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
}
EMPTY = "—"


def drop_links_to_deleted_files(release_pk):
    """Delete the links of a restored release to photos and documents deleted
    from the library since its version was saved (the library keeps no
    versions); return how many there were."""
    dropped = 0
    for link, target in [(ReleaseImage, "image"), (ReleaseDocument, "document")]:
        library = link._meta.get_field(target).related_model._default_manager
        dangling = link._default_manager.filter(release=release_pk).exclude(
            **{f"{target}_id__in": library.values("pk")}
        )
        dropped += dangling.delete()[0]
    return dropped


def register_models():
    """Register the versioned models with django-reversion (once)."""
    if reversion.is_registered(PressRelease):
        return
    reversion.register(PressRelease, follow=list(RELEASE_PARTS.values()))
    for model in VERSIONED_MODELS:
        reversion.register(model)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    lines: list[DiffLine] = field(default_factory=list)
    # Says when the lines are not the whole, exact comparison (diff_notes).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PartChange:
    label: str
    action: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class Comparison:
    version: Version
    previous: Version | None
    fields: list[FieldChange]
    parts: list[PartChange]


def previous_version(version):
    """Return the version of the same object saved just before ``version``."""
    return (
        Version.objects.filter(
            content_type_id=version.content_type_id,
            object_id=version.object_id,
            db=version.db,
            pk__lt=version.pk,
        )
        .select_related("revision__user")
        .order_by("-pk")
        .first()
    )


def compare(version):
    """Compare ``version`` with the previous version of its object, field by
    field, and for a release also its quotes, nations, speakers and contacts."""
    previous = previous_version(version)
    model = version._model
    fields = compare_fields(
        model, previous.field_dict if previous else {}, version.field_dict
    )
    parts = []
    if model is PressRelease:
        parts = compare_parts(version, previous)
    return Comparison(version, previous, fields, parts)


def compare_fields(model, old, new):
    changes = []
    for model_field in model._meta.get_fields():
        if not (model_field.concrete or model_field.many_to_many):
            continue
        if model_field.auto_created or model_field.name in UNCOMPARED_FIELDS:
            continue
        key = model_field.attname
        if key not in old and key not in new:
            continue
        old_value, new_value = old.get(key), new.get(key)
        if model_field.many_to_many:
            old_value, new_value = sorted(old_value or []), sorted(new_value or [])
        if old_value == new_value:
            continue
        diff = None
        if isinstance(model_field, models.TextField):
            diff = line_diff(old_value or "", new_value or "")
        changes.append(
            FieldChange(
                label=capfirst(model_field.verbose_name),
                old=display(model_field, old_value),
                new=display(model_field, new_value),
                lines=diff.lines if diff else [],
                notes=diff_notes(diff) if diff else [],
            )
        )
    return changes


def compare_parts(version, previous):
    release_pk = int(version.object_id)
    new, old = parts_of(version, release_pk), {}
    if previous is not None:
        old = parts_of(previous, release_pk)
    return compare_part_maps(old, new)


def compare_part_maps(old, new):
    """Compare two releases' parts, each keyed by (model, primary key) and
    holding an ``object_repr`` and a ``field_dict``."""
    changes = []
    order = list(RELEASE_PARTS)
    for key in sorted(old.keys() | new.keys(), key=lambda k: (order.index(k[0]), k[1])):
        model = key[0]
        label = capfirst(model._meta.verbose_name)
        if key not in old:
            changes.append(
                PartChange(
                    f"{label}: {new[key].object_repr}",
                    _("Added"),
                    compare_fields(model, {}, new[key].field_dict),
                )
            )
        elif key not in new:
            changes.append(
                PartChange(f"{label}: {old[key].object_repr}", _("Removed"), [])
            )
        else:
            fields = compare_fields(model, old[key].field_dict, new[key].field_dict)
            if fields:
                changes.append(
                    PartChange(f"{label}: {new[key].object_repr}", _("Changed"), fields)
                )
    return changes


def parts_of(version, release_pk):
    """Return the quotes and links of the release saved in ``version``'s revision,
    keyed by (model, primary key)."""
    parts = {}
    for other in version.revision.version_set.exclude(pk=version.pk):
        model = other._model
        if model in RELEASE_PARTS and other.field_dict["release_id"] == release_pk:
            parts[(model, int(other.object_id))] = other
    return parts


@dataclass(frozen=True)
class Part:
    object_repr: str
    field_dict: dict


@dataclass(frozen=True)
class Snapshot:
    """A release's fields and parts as the database holds them, in the shape of
    a version's (``field_dict``), to compare."""

    fields: dict
    parts: dict


def snapshot(release):
    """Return the ``Snapshot`` of ``release``, read from the database."""
    parts = {}
    for model in RELEASE_PARTS:
        for obj in model._default_manager.filter(release=release.pk).order_by("pk"):
            parts[(model, obj.pk)] = Part(str(obj), field_dict(obj))
    fresh = PressRelease._default_manager.get(pk=release.pk)
    return Snapshot(field_dict(fresh), parts)


def field_dict(obj):
    """Return the values of ``obj``'s fields keyed by attribute name, its plain
    many-to-many relations as lists of primary keys, as a version holds them."""
    values = {
        model_field.attname: getattr(obj, model_field.attname)
        for model_field in obj._meta.concrete_fields
    }
    for model_field in obj._meta.many_to_many:
        if not model_field.remote_field.through._meta.auto_created:
            continue  # a part of its own (ReleaseNation...), compared as such
        related = getattr(obj, model_field.attname).order_by("pk")
        values[model_field.attname] = list(related.values_list("pk", flat=True))
    return values


def compare_snapshots(old, new):
    """Compare two snapshots of a release: return the changes of its fields and
    of its parts."""
    return (
        compare_fields(PressRelease, old.fields, new.fields),
        compare_part_maps(old.parts, new.parts),
    )


def diff_notes(diff):
    """Return what a reader of the line diff should know: that it is coarse, or
    cut short."""
    notes = []
    if diff.is_coarse:
        notes.append(
            gettext(
                "Too many changes to compare line by line: from the first "
                "changed line to the last, every line is shown removed, then added."
            )
        )
    if diff.left_out:
        notes.append(
            ngettext(
                "%(count)s more line of the comparison is not shown.",
                "%(count)s more lines of the comparison are not shown.",
                diff.left_out,
            )
            % {"count": formats.number_format(diff.left_out, force_grouping=True)}
        )
    return notes


def display(model_field, value):
    """Return a value of a version as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.many_to_many:
        objects = model_field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in objects))
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else _("#%(pk)s (deleted)") % {"pk": value}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)

"""Versions of releases and of what they name (django-reversion), and what each
version changed.

A revision of a release holds the release with its quotes, nations, speakers and
contacts, so reverting brings them all back together.
"""

import difflib
from dataclasses import dataclass, field

import reversion
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

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
    "text_html",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
}
CONTEXT_LINES = 2
EMPTY = "—"


def register_models():
    """Register the versioned models with django-reversion (once)."""
    if reversion.is_registered(PressRelease):
        return
    reversion.register(PressRelease, follow=list(RELEASE_PARTS.values()))
    for model in VERSIONED_MODELS:
        reversion.register(model)


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "same" or "gap"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    lines: list[DiffLine] = field(default_factory=list)


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
        lines = []
        if isinstance(model_field, models.TextField):
            lines = text_diff(old_value or "", new_value or "")
        changes.append(
            FieldChange(
                label=capfirst(model_field.verbose_name),
                old=display(model_field, old_value),
                new=display(model_field, new_value),
                lines=lines,
            )
        )
    return changes


def compare_parts(version, previous):
    release_pk = int(version.object_id)
    new, old = parts_of(version, release_pk), {}
    if previous is not None:
        old = parts_of(previous, release_pk)
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


def text_diff(old, new):
    """Return the changed lines of a text, with a little context around them."""
    before, after = old.splitlines(), new.splitlines()
    lines = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if lines:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", text) for text in before[i1:i2])
                continue
            lines.extend(DiffLine("removed", text) for text in before[i1:i2])
            lines.extend(DiffLine("added", text) for text in after[j1:j2])
    return lines


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

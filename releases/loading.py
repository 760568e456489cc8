"""Save parsed releases (from ``releases.importer``) into the database."""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import partial

import reversion
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import changes, publishing
from .importer.limits import check_body_length
from .models import (
    Contact,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class Outcome:
    release: PressRelease
    result: str


def publication_time(day):
    """Return local midnight of a publication date, the time a dated release is due."""
    return datetime.datetime.combine(
        day, datetime.time(), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def find_existing(parsed):
    """Return the release that the parsed one updates: the one with the same source
    URL, else the one with the same title and day."""
    if parsed.source_url:
        match = PressRelease.objects.filter(source_url=parsed.source_url).first()
        if match:
            return match
    start = publication_time(parsed.published_on)
    return PressRelease.objects.filter(
        title=parsed.title,
        published_at__gte=start,
        published_at__lt=start + datetime.timedelta(days=1),
    ).first()


def unique_slug(model, text, max_length=190, exclude_pk=None):
    base = slugify(text)[:max_length].strip("-") or "release"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def speaker_for(name, role):
    speaker = Speaker.objects.filter(name=name).first()
    if speaker is None:
        speaker = Speaker.objects.create(
            name=name, slug=unique_slug(Speaker, name), role=role
        )
    return speaker


def contact_for(parsed_contact):
    contact, created = Contact.objects.get_or_create(
        name=parsed_contact.name,
        defaults={
            "role": parsed_contact.role,
            "phone": parsed_contact.phone,
            "email": parsed_contact.email,
        },
    )
    if not created:
        missing = {
            field: getattr(parsed_contact, field)
            for field in ("role", "phone", "email")
            if not getattr(contact, field) and getattr(parsed_contact, field)
        }
        if missing:
            Contact.objects.filter(pk=contact.pk).update(**missing)
    return contact


def release_fields(parsed):
    return {
        "title": parsed.title,
        "language": parsed.language,
        "summary": parsed.summary,
        "body": parsed.body,
        "event_place": parsed.event_place,
        "event_date": parsed.event_date,
        "source_url": parsed.source_url,
        "published_at": publication_time(parsed.published_on),
    }


def snapshot(release, field_names):
    """Return what an import sets on a release, to tell an update from no change."""
    return {
        "fields": {name: getattr(release, name) for name in field_names},
        "status": release.status,
        "nations": [
            (link.nation_id, link.category) for link in release.releasenation_set.all()
        ],
        "speakers": [
            (link.speaker.name, link.role)
            for link in release.releasespeaker_set.select_related("speaker")
        ],
        "quotes": [
            (quote.speaker.name, quote.role, quote.text)
            for quote in release.quotes.select_related("speaker")
        ],
        "contacts": [
            link.contact.name
            for link in release.releasecontact_set.select_related("contact")
        ],
    }


def wanted_snapshot(parsed, status, featured):
    return {
        "fields": release_fields(parsed),
        "status": status,
        "nations": [
            (code, parsed.nation_categories.get(code, "")) for code in parsed.nations
        ],
        "speakers": [(speaker.name, speaker.role) for speaker in featured],
        "quotes": [(quote.speaker, quote.role, quote.text) for quote in parsed.quotes],
        "contacts": [contact.name for contact in parsed.contacts],
    }


@transaction.atomic
@reversion.create_revision()
def save_parsed_release(parsed, *, publish=False, user=None, featured_people=()):
    """Create or update the release described by ``parsed``; return the outcome.

    A new release is a draft unless ``publish``; an existing one keeps its status
    unless ``publish`` asks to publish it. It is saved through
    ``publishing.save_release()``: a ``user`` who may not publish cannot change
    the date of a published release (PermissionDenied), and a change of
    publication goes in the log. The change is saved as a version.

    The speakers (the people quoted) become the release's featured speakers, and
    so do the people named in ``featured_people`` (names from ``parsed.people``).
    """
    check_body_length(parsed.body)
    reversion.set_comment(_("Imported from text"))
    reversion.set_user(user)
    release = find_existing(parsed)
    featured = [
        *parsed.speakers,
        *people_to_feature(parsed, featured_people, release),
    ]
    if release is None:
        status = PressRelease.Status.PUBLISHED if publish else PressRelease.Status.DRAFT
        release = PressRelease(
            slug=unique_slug(PressRelease, parsed.title), status=status
        )
        result = CREATED
    else:
        status = PressRelease.Status.PUBLISHED if publish else release.status
        wanted = wanted_snapshot(parsed, status, featured)
        if snapshot(release, wanted["fields"]) == wanted:
            return Outcome(release, UNCHANGED)
        result = UPDATED

    for name, value in release_fields(parsed).items():
        setattr(release, name, value)
    release.status = status
    publishing.save_release(
        release, user, save=partial(save_with_relations, release, parsed, featured)
    )
    reversion.add_to_revision(release)
    return Outcome(release, result)


def save_with_relations(release, parsed, featured):
    release.save()
    replace_relations(release, parsed, featured)
    changes.releases_written([release.pk])  # the links are created in bulk


def people_to_feature(parsed, chosen, release=None):
    """Return the people named in ``parsed`` to link as featured speakers: the
    ``chosen`` ones, and those the existing ``release`` already features (a new
    import without a choice keeps an editor's earlier one)."""
    wanted = set(chosen)
    if release is not None:
        wanted.update(release.speakers.values_list("name", flat=True))
    return [person for person in parsed.people if person.name in wanted]


def replace_relations(release, parsed, featured):
    release.releasenation_set.all().delete()
    ReleaseNation.objects.bulk_create(
        ReleaseNation(
            release=release,
            nation_id=code,
            category=parsed.nation_categories.get(code, ""),
        )
        for code in parsed.nations
    )
    roles = {person.name: person.role for person in featured}
    speakers = {
        name: speaker_for(name, roles.get(name, ""))
        for name in [*roles, *(quote.speaker for quote in parsed.quotes)]
    }
    release.releasespeaker_set.all().delete()
    ReleaseSpeaker.objects.bulk_create(
        ReleaseSpeaker(
            release=release, speaker=speakers[item.name], role=item.role, position=i
        )
        for i, item in enumerate(featured)
    )
    release.quotes.all().delete()
    for position, quote in enumerate(parsed.quotes):
        Quote.objects.create(
            release=release,
            speaker=speakers[quote.speaker],
            role=quote.role,
            text=quote.text,
            position=position,
        )
    release.releasecontact_set.all().delete()
    ReleaseContact.objects.bulk_create(
        ReleaseContact(release=release, contact=contact_for(contact), position=i)
        for i, contact in enumerate(parsed.contacts)
    )

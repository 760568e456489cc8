"""Small builders for the objects tests need; every argument has a plain default."""

import datetime
import itertools
import zoneinfo

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from releases.models import (
    Contact,
    Document,
    Image,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)
from tests import media_files

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
STAFF_READERS = "Staff readers"

_counter = itertools.count(1)


def paris(*args):
    """Return the date and time ``args`` (year, month, day, ...) in Paris."""
    return datetime.datetime(*args, tzinfo=PARIS)


def make_release(
    title=None,
    *,
    published_at=None,
    status=PressRelease.Status.PUBLISHED,
    nations=(),
    topics=(),
    **fields,
):
    """Create a release; published a day ago unless told otherwise.

    ``nations`` holds ISO codes, or (code, category) pairs.
    """
    number = next(_counter)
    title = title or f"Release {number}"
    if published_at is None and status == PressRelease.Status.PUBLISHED:
        published_at = timezone.now() - datetime.timedelta(days=1)
    release = PressRelease.objects.create(
        title=title,
        slug=fields.pop("slug", None) or f"{slugify(title)[:180]}-{number}",
        body=fields.pop("body", f"Body of {title}."),
        status=status,
        published_at=published_at,
        **fields,
    )
    for nation in nations:
        code, category = nation if isinstance(nation, tuple) else (nation, "")
        ReleaseNation.objects.create(release=release, nation_id=code, category=category)
    release.topics.add(*topics)
    return release


def make_topic(name="Climate", kind=Topic.Kind.THEME, **fields):
    return Topic.objects.create(
        name_en=name, slug=fields.pop("slug", slugify(name)), kind=kind, **fields
    )


def make_speaker(name="Jean-Yves Le Gall", role="CNES President"):
    return Speaker.objects.create(name=name, slug=slugify(name), role=role)


def make_contact(name="Pascale Bresson", role="Press Officer", **fields):
    return Contact.objects.create(name=name, role=role, **fields)


def add_quote(release, speaker, text="Space is for everyone.", role=""):
    return Quote.objects.create(
        release=release, speaker=speaker, text=text, role=role or speaker.role
    )


def feature_speaker(release, speaker, role="", position=0):
    return ReleaseSpeaker.objects.create(
        release=release, speaker=speaker, role=role or speaker.role, position=position
    )


def add_contact(release, contact, position=0):
    return ReleaseContact.objects.create(
        release=release, contact=contact, position=position
    )


def make_user(username="someone", *, groups=(), is_superuser=False, password="pw"):
    user = User.objects.create_user(
        username=username,
        password=password,
        is_staff=bool(groups) or is_superuser,
        is_superuser=is_superuser,
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def make_image(content=None, *, name="photo.jpg", **fields):
    """Create a photo of the library from ``content`` (by default a small JPEG)."""
    fields.setdefault("alt_text", "Ariane 6 on its launch pad")
    fields.setdefault("credit", "© CNES/ESA")
    content = content if content is not None else media_files.jpeg(320, 240)
    return Image.objects.create(file=SimpleUploadedFile(name, content), **fields)


def make_document(content=None, *, name="kit.pdf", **fields):
    """Create a document of the library from ``content`` (by default a PDF)."""
    fields.setdefault("title", "Press kit")
    content = content if content is not None else media_files.pdf()
    return Document.objects.create(file=SimpleUploadedFile(name, content), **fields)

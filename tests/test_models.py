import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from freezegun import freeze_time

from releases.models import Contact, PartnerNation, PressRelease
from tests.factories import make_release

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC)


def public_titles():
    return list(PressRelease.objects.published().values_list("title", flat=True))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (NOON - datetime.timedelta(seconds=1), []),
        (NOON, ["Scheduled"]),
        (NOON + datetime.timedelta(seconds=1), ["Scheduled"]),
    ],
)
def test_scheduled_release_goes_public_at_its_time(now, expected):
    release = make_release("Scheduled", published_at=NOON)
    with freeze_time(now):
        assert public_titles() == expected
        assert release.is_published() is bool(expected)


def test_draft_is_never_public_even_when_its_date_has_passed():
    release = make_release("Draft", status=PressRelease.Status.DRAFT, published_at=NOON)
    with freeze_time(NOON + datetime.timedelta(days=365)):
        assert public_titles() == []
        assert release.is_published() is False


def test_scheduled_release_is_neither_draft_nor_public():
    release = make_release(
        "Tomorrow", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert release.is_scheduled() is True
    assert release.is_published() is False


def test_published_release_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.create(
            title="No date", slug="no-date", body="x", status="published"
        )


def test_status_must_be_known():
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.create(title="Odd", slug="odd", body="x", status="gone")


def test_title_must_not_be_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.create(title="", slug="empty", body="x")


def test_slug_is_unique():
    make_release("One", slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_release("Two", slug="same")


def test_nation_code_must_be_two_capitals():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerNation.objects.create(code="jp", name_en="x", name_fr="x")


def test_a_nation_is_linked_once_per_release():
    release = make_release(nations=["JP"])
    with pytest.raises(IntegrityError), transaction.atomic():
        release.releasenation_set.create(nation_id="JP")


def test_every_iso_country_is_available():
    assert PartnerNation.objects.count() == 249
    japan = PartnerNation.objects.get(code="AE")
    assert (japan.name_en, japan.name_fr) == (
        "United Arab Emirates",
        "Émirats arabes unis",
    )


def test_body_is_rendered_to_sanitised_html_on_save():
    release = make_release(
        body="Intro *italic*\n\n- one\n- two\n\n<script>alert(1)</script>"
        "[bad](javascript:alert(1)) [good](https://cnes.fr)"
    )
    assert release.body_html == (
        "<p>Intro <em>italic</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n"
        '<p><a rel="noopener noreferrer">bad</a> '
        '<a href="https://cnes.fr" rel="noopener noreferrer">good</a></p>'
    )


def test_body_html_follows_a_partial_save_of_the_body():
    release = make_release(body="old")
    release.body = "*new*"
    release.save(update_fields=["body"])
    release.refresh_from_db()
    assert release.body_html == "<p><em>new</em></p>"


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("+33 (0)1 44 76 75 39", "tel:+33144767539"),
        ("01 44 76 74 51", "tel:0144767451"),
        ("", ""),
    ],
)
def test_contact_phone_uri(phone, uri):
    assert Contact(name="x", phone=phone).phone_uri == uri


def test_a_listing_reads_its_releases_nations_and_photos_in_three_queries(
    django_assert_num_queries,
):
    for number, codes in enumerate([["JP", "IN"], [], ["DE"], ["US", "BR", "AE"]]):
        make_release(f"Release {number}", nations=codes)
    with django_assert_num_queries(3):
        listing = list(PressRelease.objects.order_by("title").for_listing())
        shown = [
            (release.title, [nation.code for nation in release.nations_by_name()])
            for release in listing
        ]
    assert shown == [
        ("Release 0", ["IN", "JP"]),
        ("Release 1", []),
        ("Release 2", ["DE"]),
        ("Release 3", ["BR", "AE", "US"]),  # by name
    ]
    assert [release.lead_image for release in listing] == [None] * 4

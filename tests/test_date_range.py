"""Dates out of range: refused when entered, and harmless when already stored."""

import datetime
import importlib
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from releases.importer import ParseError, parse_release
from releases.models import PressRelease
from tests.admin_forms import change_form_data
from tests.factories import make_release, make_user

pytestmark = pytest.mark.django_db

DRAFT = PressRelease.Status.DRAFT
PARIS = ZoneInfo("Europe/Paris")
# Dates a database written before the range was enforced may hold: the first
# and last that the site's time zone can show.
STORED_DATES = [
    datetime.datetime(9999, 12, 31, tzinfo=PARIS),
    datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=PARIS),
    datetime.datetime.min.replace(tzinfo=datetime.UTC),
    datetime.datetime(1, 1, 1, 12, tzinfo=PARIS),
]
STAFF_PAGES = [
    reverse("staff:report"),
    reverse("staff:report_csv"),
    reverse("staff:nation_timeline", kwargs={"code": "JP"}),
    reverse("staff:search"),
    reverse("staff:search_csv"),
]
PERIODS = [
    "",
    "?published_before=9999-12-31",
    "?published_after=0001-01-01&published_before=9999-12-31",
    "?year=99999",
    "?year=%C2%B2",
    "?ordering=date",
]
CHANGELIST = reverse("admin:releases_pressrelease_changelist")
ADMIN_QUERIES = [
    "?year=0",
    "?year=1",
    "?year=9999",
    "?year=99999",
    "?year=%C2%B2",
    "?year=-1",
    "?year=2026.0",
    "?published_at__year=1",
    "?published_at__year=9999",
    "?published_at__year=99999",
    "?published_at__year=%C2%B2",
    "?published_at__year=2026&published_at__month=13",
    "?published_at__year=2026&published_at__month=0",
    "?published_at__year=2026&published_at__month=2&published_at__day=30",
    "?published_at__year=2026&published_at__month=12&published_at__day=%C2%B2",
    "?published_at__year=9999&published_at__month=12",
    "?published_at__year=9999&published_at__month=12&published_at__day=31",
    "?published_at__month=13",
    "?published_at__day=99",
]
PUBLIC_QUERIES = [
    "?year=0",
    "?year=1",
    "?year=99999",
    "?year=%C2%B2",
    "?year=-5",
    "?year=1e3",
    "?year=1949",
]


def store_date(release, published_at, event_date=None):
    """Give a release a date the forms and the database refuse, as a database
    older than the range's constraints may hold: without the constraints (SQLite
    ignores them for the connection; PostgreSQL drops them in the test's
    transaction, which puts them back)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
    else:
        with connection.cursor() as cursor:
            # Check the links now: PostgreSQL alters no table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE releases_pressrelease "
                "DROP CONSTRAINT IF EXISTS pressrelease_published_at_in_range, "
                "DROP CONSTRAINT IF EXISTS pressrelease_event_date_in_range"
            )
    try:
        PressRelease.objects.filter(pk=release.pk).update(
            published_at=published_at, event_date=event_date
        )
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.fixture
def boss(client):
    user = make_user("boss", is_superuser=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("latest", "earliest"),
    [(STORED_DATES[0], STORED_DATES[2]), (STORED_DATES[1], STORED_DATES[3])],
    ids=["midnights", "extremes"],
)
def test_no_staff_or_admin_page_fails_on_stored_dates(client, boss, latest, earliest):
    make_release("In range", nations=["JP"])
    draft = make_release("Odd draft", status=DRAFT, nations=["JP", "IN"])
    store_date(draft, latest, latest.date())
    public = make_release("Odd public release", nations=["JP"])
    store_date(public, earliest, earliest.date())
    pages = [page + period for page in STAFF_PAGES for period in PERIODS]
    pages += [
        CHANGELIST,
        CHANGELIST + "?published_at__year=9999",
        reverse("admin:releases_pressrelease_change", args=[draft.pk]),
        reverse("admin:releases_pressrelease_change", args=[public.pk]),
        reverse("admin:releases_pressrelease_history", args=[draft.pk]),
        reverse("releases:list"),
        public.get_absolute_url(),
        reverse("releases:feed_atom"),
        "/sitemap.xml",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
    client.logout()
    for page in [reverse("releases:home"), reverse("releases:list"), "/sitemap.xml"]:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("query", ADMIN_QUERIES)
def test_the_admin_list_answers_any_date_filter(client, boss, query):
    make_release("In range")
    response = client.get(CHANGELIST + query)
    assert response.status_code in (200, 302), query
    if response.status_code == 302:
        assert response["Location"] == CHANGELIST + "?e=1"


@pytest.mark.parametrize("query", PUBLIC_QUERIES)
def test_the_archive_answers_any_year(client, query):
    make_release("In range")
    response = client.get(reverse("releases:list") + query)
    assert response.status_code == 200
    assert response.context["filter"].errors


OUT_OF_RANGE = "Choose a date from Jan. 1, 1950 to Dec. 31, 2100."


@pytest.mark.parametrize(
    ("published", "event", "errors"),
    [
        ("0001-01-01", "", {"published_at": [OUT_OF_RANGE]}),
        ("9999-12-31", "", {"published_at": [OUT_OF_RANGE]}),
        (
            "1949-12-31",
            "1949-12-31",
            {"published_at": [OUT_OF_RANGE], "event_date": [OUT_OF_RANGE]},
        ),
        (
            "2101-01-01",
            "2101-01-01",
            {"published_at": [OUT_OF_RANGE], "event_date": [OUT_OF_RANGE]},
        ),
        ("1950-01-01", "2100-12-31", {}),
    ],
)
def test_the_admin_form_refuses_a_date_out_of_range_and_keeps_the_input(
    client, boss, published, event, errors
):
    release = make_release("Forum", status=DRAFT)
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    data = change_form_data(
        client.get(url),
        published_at_0=published,
        published_at_1="00:00:00",
        event_date=event,
    )
    response = client.post(url, data)
    if not errors:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == errors
    assert f'value="{published}"' in response.text
    release.refresh_from_db()
    assert release.published_at is None


def test_model_validation_names_the_range_in_french():
    from django.utils import translation

    release = make_release("Forum", status=DRAFT)
    release.event_date = datetime.date(1, 1, 1)
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            release.full_clean()
        assert error.value.message_dict == {
            "event_date": ["Choisissez une date du 1 janvier 1950 au 31 décembre 2100."]
        }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published_at", datetime.datetime(1949, 12, 31, 23, 59, tzinfo=PARIS)),
        ("published_at", datetime.datetime(2101, 1, 1, tzinfo=PARIS)),
        ("event_date", datetime.date(1949, 12, 31)),
        ("event_date", datetime.date(2101, 1, 1)),
    ],
)
def test_the_database_refuses_a_date_out_of_range(field, value):
    release = make_release("Forum", status=DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        PressRelease.objects.filter(pk=release.pk).update(**{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published_at", datetime.datetime(1950, 1, 1, tzinfo=PARIS)),
        ("published_at", datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=PARIS)),
        ("event_date", datetime.date(1950, 1, 1)),
        ("event_date", datetime.date(2100, 12, 31)),
    ],
)
def test_the_database_accepts_the_first_and_last_days(field, value):
    release = make_release("Forum", status=DRAFT)
    PressRelease.objects.filter(pk=release.pk).update(**{field: value})
    release.refresh_from_db()
    assert getattr(release, field) == value


def test_the_migration_names_the_releases_to_correct_first():
    odd = make_release("Odd date", status=DRAFT)
    make_release("In range")
    store_date(odd, datetime.datetime(9999, 12, 31, tzinfo=PARIS))
    migration = importlib.import_module("releases.migrations.0010_release_date_range")
    with pytest.raises(CommandError) as error:
        migration.refuse_dates_out_of_range(apps, connection.schema_editor())
    assert str(error.value) == (
        "These releases have a publication or event date outside 1950-2100, which "
        "the database now refuses; correct them in the admin, then migrate again:\n"
        f"  #{odd.pk} “Odd date”: published 9999-12-30 23:00:00+00:00, event None"
    )


RELEASE_TEXT = """{date}

Ariane 5 and the {title}

On {event}, CNES teams in Kourou prepared the launch.

Press contact
Pascale Bresson – pascale.bresson@cnes.fr
"""


@pytest.mark.parametrize(
    ("date", "event", "message"),
    [
        (
            "12 March 1935",
            "12 March",
            "line 1: the publication date, 1935-03-12, is outside the dates the "
            "archive accepts (1950-01-01 to 2100-12-31)",
        ),
        (
            "2 January 1950",
            "28 December",
            "line 5: the event date, 1949-12-28, is outside the dates the archive "
            "accepts (1950-01-01 to 2100-12-31)",
        ),
    ],
)
def test_the_importer_refuses_a_date_out_of_range_naming_its_line(date, event, message):
    with pytest.raises(ParseError) as error:
        parse_release(RELEASE_TEXT.format(date=date, title="early days", event=event))
    assert str(error.value) == message


def test_the_import_command_names_the_file_and_line(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text(
        RELEASE_TEXT.format(date="12 March 1935", title="early days", event="today"),
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == (
        f"{path}: line 1: the publication date, 1935-03-12, is outside the dates "
        "the archive accepts (1950-01-01 to 2100-12-31)\n"
    )
    assert not PressRelease.objects.exists()

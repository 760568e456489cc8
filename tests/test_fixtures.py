"""The seed releases in fixtures/, checked once, end to end."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.timezone import localtime

from releases.countries import COUNTRIES
from releases.markup import render_markdown
from releases.models import PartnerNation, PressRelease, Quote

pytestmark = pytest.mark.django_db

ISEF2 = (
    "2nd International Space Exploration Forum (ISEF2), CNES working to step up "
    "international cooperation to further space exploration"
)
SEMINAR = "CNES and international partnerships : A key tool serving economic diplomacy"


@pytest.fixture
def seeds():
    call_command("loaddata", "nations", "seed_releases", verbosity=0)
    return {r.title: r for r in PressRelease.objects.all()}


def test_loading_the_fixtures_twice_changes_nothing(seeds):
    before = PressRelease.objects.count(), Quote.objects.count()
    call_command("loaddata", "nations", "seed_releases", verbosity=0)
    assert (PressRelease.objects.count(), Quote.objects.count()) == before == (2, 2)


def test_nations_fixture_holds_every_iso_country(seeds):
    assert list(
        PartnerNation.objects.order_by("code").values_list("code", "name_en", "name_fr")
    ) == list(COUNTRIES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?nation=AE", [SEMINAR]),
        ("?nation=JP", [SEMINAR, ISEF2]),
        ("?year=2018", [ISEF2]),
    ],
)
def test_seed_archive_filters(client, seeds, query, expected):
    response = client.get(reverse("releases:list") + query)
    assert [r.title for r in response.context["object_list"]] == expected


def test_isef2_release_is_complete(client, seeds):
    release = seeds[ISEF2]
    assert localtime(release.published_at).isoformat() == "2018-03-05T00:00:00+01:00"
    assert (release.event_place, release.event_date.isoformat()) == (
        "Tokyo",
        "2018-03-03",
    )
    assert [n.nation_id for n in release.releasenation_set.all()] == ["JP"]
    assert [(s.speaker.name, s.role) for s in release.releasespeaker_set.all()] == [
        ("Jean-Yves Le Gall", "CNES President"),
        ("Lionel Suchet", "CNES Chief Operating Officer"),
    ]
    assert [(c.name, c.role, c.phone) for c in release.contacts.all()] == [
        ("Pascale Bresson", "Press Officer", "+33 (0)1 44 76 75 39"),
        ("Raphaël Sart", "Press Officer", "+33 (0)1 44 76 74 51"),
    ]
    quote = release.quotes.get()
    assert quote.text.startswith("We have succeeded in developing")
    assert quote.text.endswith("for the years ahead.")
    response = client.get(release.get_absolute_url())
    assert '<a href="tel:+33144767539">+33 (0)1 44 76 75 39</a>' in response.text
    assert "MASCOT" in response.text


def test_seminar_release_is_complete(client, seeds):
    release = seeds[SEMINAR]
    assert release.source_url == (
        "https://www.france-science.org/CNES-and-international,10106.html"
    )
    assert [(n.nation_id, n.category) for n in release.releasenation_set.all()] == [
        ("US", "partner"),
        ("CN", "partner"),
        ("RU", "partner"),
        ("IN", "partner"),
        ("JP", "partner"),
        ("DE", "partner"),
        ("AE", "new_entrant"),
        ("SG", "new_entrant"),
        ("MA", "new_entrant"),
        ("VN", "new_entrant"),
        ("IL", "new_entrant"),
    ]
    assert release.body.count("\n- ") == 3
    assert release.quotes.get().text.startswith("*The success of CNES")
    response = client.get(release.get_absolute_url())
    assert "<li>Promoting its reputation for excellence" in response.text
    assert "<em>The success of CNES" in response.text


def test_fixtures_html_is_what_saving_would_render(seeds):
    for release in seeds.values():
        assert release.body_html == render_markdown(release.body)
    for quote in Quote.objects.all():
        assert quote.text_html == render_markdown(quote.text)


def test_seed_fixtures_equal_what_the_importer_makes_of_the_seed_files(seeds):
    data = Path(__file__).parent / "data" / "importer"
    out = io.StringIO()
    call_command(
        "import_releases",
        "--publish",
        "--feature-people",
        str(data / "000_dce3d40c0314292c.txt"),
        str(data / "002_0a3b65576572163a.txt"),
        stdout=out,
    )
    assert out.getvalue().strip() == "0 created, 0 updated, 2 unchanged, 0 failed."

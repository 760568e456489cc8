"""Figures computed once per version of the public content: the archive's counts,
its filters' choices, the nations page. They must follow every change at once."""

import datetime

import pytest
from freezegun import freeze_time

from releases.models import PartnerNation, PressRelease, querysets
from releases.models.querysets import named_by_few
from tests.factories import make_release, make_topic

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Only the memoized figures are under test: pages are rendered each time."""
    settings.PAGE_CACHE = False


def count_shown(client, url):
    return client.get(url).context["paginator"].count


def nation_choices(client, url="/releases/"):
    return client.get(url).context["filter"].form.fields["nation"].choices


def test_a_new_release_is_counted_and_its_nation_offered_at_once(client):
    make_release(nations=["JP"])
    assert count_shown(client, "/releases/") == 1
    assert count_shown(client, "/nations/jp/") == 1
    assert nation_choices(client) == [("JP", "Japan")]
    make_release(nations=["JP", "IN"])
    assert count_shown(client, "/releases/") == 2
    assert count_shown(client, "/nations/jp/") == 2
    assert nation_choices(client) == [("IN", "India"), ("JP", "Japan")]


def test_an_unpublished_release_leaves_the_counts_and_choices_at_once(client):
    release = make_release(nations=["AE"], topics=[make_topic("Mars")])
    assert count_shown(client, "/releases/") == 1
    release.status = PressRelease.Status.DRAFT
    release.save()
    assert count_shown(client, "/releases/") == 0
    assert nation_choices(client) == []
    assert client.get("/releases/").context["filter"].form.fields["topic"].choices == [
        ("", "All topics")
    ]


def test_a_renamed_nation_is_shown_under_its_new_name_at_once(client):
    make_release(nations=["AE"])
    assert nation_choices(client) == [("AE", "United Arab Emirates")]
    PartnerNation.objects.filter(code="AE").update(name_en="UAE")
    PartnerNation.objects.get(code="AE").save()  # as the admin does
    assert nation_choices(client) == [("AE", "UAE")]


def test_a_scheduled_release_is_counted_when_its_time_comes(client):
    with freeze_time(NOW):
        make_release(published_at=NOW - datetime.timedelta(days=1), nations=["IN"])
        make_release(published_at=NOW + datetime.timedelta(hours=1), nations=["JP"])
        assert count_shown(client, "/releases/") == 1
        assert nation_choices(client) == [("IN", "India")]
    with freeze_time(NOW + datetime.timedelta(hours=2)):
        assert count_shown(client, "/releases/") == 2
        assert nation_choices(client) == [("IN", "India"), ("JP", "Japan")]


def test_each_filter_combination_is_counted_on_its_own(client):
    make_release(nations=["JP"])
    make_release(nations=["IN"])
    assert count_shown(client, "/releases/?nation=JP") == 1
    assert count_shown(client, "/releases/?nation=JP&nation=IN") == 2
    assert count_shown(client, "/releases/?nation=IN&nation=JP&page=1") == 2
    assert count_shown(client, "/releases/") == 2


def test_nations_are_named_and_sorted_in_the_visitors_language(client):
    for code in ["AE", "ES", "DE", "JP"]:
        make_release(nations=[code])
    assert [name for _code, name in nation_choices(client)] == [
        "Germany",
        "Japan",
        "Spain",
        "United Arab Emirates",
    ]
    assert [name for _code, name in nation_choices(client, "/fr/releases/")] == [
        "Allemagne",
        "Émirats arabes unis",
        "Espagne",
        "Japon",
    ]
    listed = client.get("/fr/nations/")
    assert [nation.name for nation in listed.context["nations"]] == [
        "Allemagne",
        "Émirats arabes unis",
        "Espagne",
        "Japon",
    ]


@pytest.mark.parametrize("nations", [["JP"], ["IN"], ["JP", "IN"], ["FR"]])
def test_both_ways_of_finding_a_nations_releases_agree(monkeypatch, nations):
    for number in range(30):
        make_release(nations=["JP"] if number % 10 else ["IN", "JP"])
    published = PressRelease.objects.published().order_by("-published_at", "-pk")
    found = {}
    for few in (False, True):
        monkeypatch.setattr(querysets, "named_by_few", lambda codes, few=few: few)
        query = published.for_nations(nations)
        found[few] = list(query)
        assert ("IN (SELECT" in str(query.query)) is few
    assert found[False] == found[True]
    assert len(found[True]) == {"JP": 30, "IN": 3, "FR": 0}[nations[0]]


def test_rarely_named_nations_are_found_from_their_links():
    for number in range(100):
        make_release(nations=["JP"] if number % 50 else ["IN", "JP"])
    # 100 public releases; a page of 20: from the links below sqrt(2000) ≈ 44.7.
    assert named_by_few(["IN"]) is True
    assert named_by_few(["JP"]) is False
    assert named_by_few(["FR"]) is True

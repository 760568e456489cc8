import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    add_quote,
    feature_speaker,
    make_release,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


def at(year, month=6):
    return datetime.datetime(year, month, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def archive():
    climate = make_topic("Climate")
    mars = make_topic("Mars", kind="programme")
    president = make_speaker()
    coo = make_speaker("Lionel Suchet", "CNES Chief Operating Officer")
    a = make_release(
        "Tokyo forum", published_at=at(2018), nations=["JP"], topics=[mars]
    )
    b = make_release(
        "Seminar on partners",
        published_at=at(2019),
        nations=["US", "JP", "AE"],
        topics=[climate],
        body="Satellites observe the ocean.",
    )
    c = make_release(
        "Indian oceanography",
        published_at=at(2019, 9),
        nations=["IN"],
        topics=[climate],
    )
    make_release("Quiet", published_at=at(2020))
    add_quote(a, president)
    add_quote(b, president)
    feature_speaker(c, coo)
    return {"climate": climate, "mars": mars, "president": president, "coo": coo}


def titles(client, query):
    response = client.get(reverse("releases:list") + query)
    assert response.status_code == 200
    return [release.title for release in response.context["object_list"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Quiet", "Indian oceanography", "Seminar on partners", "Tokyo forum"]),
        ("?nation=JP", ["Seminar on partners", "Tokyo forum"]),
        ("?nation=jp", ["Seminar on partners", "Tokyo forum"]),
        ("?nation=AE", ["Seminar on partners"]),
        (
            "?nation=JP&nation=IN",
            ["Indian oceanography", "Seminar on partners", "Tokyo forum"],
        ),
        ("?topic=climate", ["Indian oceanography", "Seminar on partners"]),
        ("?year=2019", ["Indian oceanography", "Seminar on partners"]),
        ("?speaker=jean-yves-le-gall", ["Seminar on partners", "Tokyo forum"]),
        ("?speaker=lionel-suchet", ["Indian oceanography"]),
        ("?q=ocean", ["Indian oceanography", "Seminar on partners"]),
        ("?q=satellites+OCEAN", ["Seminar on partners"]),
        ("?nation=JP&year=2019", ["Seminar on partners"]),
        ("?topic=climate&nation=IN", ["Indian oceanography"]),
        ("?speaker=jean-yves-le-gall&year=2018&nation=JP", ["Tokyo forum"]),
        ("?topic=mars&year=2019", []),
    ],
)
def test_filters_alone_and_combined(client, archive, query, expected):
    assert titles(client, query) == expected


def test_count_says_how_many_releases_match(client, archive):
    response = client.get(reverse("releases:list") + "?year=2019")
    assert '<p class="result-count" role="status">2 releases</p>' in response.text


def test_filters_stay_in_pagination_links(client):
    for _ in range(21):
        make_release(nations=["JP"])
    response = client.get(reverse("releases:list") + "?nation=JP")
    assert 'href="?nation=JP&amp;page=2"' in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "?nation=ZZZ",
            "Partner nations: Select a valid choice. ZZZ is not one of the available "
            "choices.",
        ),
        ("?year=abc", "Year: Enter a whole number."),
        ("?year=20190", "Year: Ensure this value is less than or equal to 2100."),
        (
            "?topic=nope",
            "Topic: Select a valid choice. nope is not one of the available choices.",
        ),
        (
            "?speaker=nope",
            "Speaker: Select a valid choice. nope is not one of the available choices.",
        ),
    ],
)
def test_invalid_filter_shows_the_error_and_no_release(client, archive, query, message):
    response = client.get(reverse("releases:list") + query)
    assert response.status_code == 200
    assert message in response.text
    assert list(response.context["object_list"]) == []


def test_invalid_values_with_a_far_page_never_fail(client, archive):
    response = client.get(reverse("releases:list") + "?nation=ZZZ&year=abc&page=999")
    assert response.status_code == 200
    assert "Some filters could not be understood" in response.text
    assert "0 releases" in response.text

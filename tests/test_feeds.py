import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from releases.models import PressRelease
from tests.factories import make_release, make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARCH_5_2018 = datetime.datetime(2018, 3, 5, 9, 0, tzinfo=datetime.UTC)


def url_in(language, name, **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def entry_titles(client, url):
    return [entry.find(f"{ATOM}title").text for entry in atom_entries(client, url)]


@pytest.fixture
def releases():
    mars = make_topic("Mars", kind="programme")
    original = make_release(
        "Tokyo forum",
        slug="tokyo-forum",
        summary="CNES & JAXA <met> in Tokyo.",
        published_at=MARCH_5_2018,
        nations=["JP", "AE"],
        topics=[mars],
    )
    make_release(
        "Forum de Tokyo",
        slug="forum-de-tokyo",
        language=PressRelease.Language.FRENCH,
        translation_of=original,
        published_at=MARCH_5_2018,
        nations=["JP", "AE"],
    )
    make_release(
        "Indian ocean",
        published_at=MARCH_5_2018 + datetime.timedelta(days=1),
        nations=["IN"],
        topics=[mars],
    )
    make_release("Secret draft", status=PressRelease.Status.DRAFT, nations=["JP"])
    make_release(
        "Embargoed",
        published_at=timezone.now() + datetime.timedelta(hours=1),
        nations=["JP"],
        topics=[mars],
    )
    return mars


def test_atom_feed_lists_public_releases_newest_first(client, releases):
    assert entry_titles(client, url_in("en", "releases:feed_atom")) == [
        "Indian ocean",
        "Tokyo forum",
    ]


def test_atom_entry_carries_summary_date_and_nations(client, releases):
    entry = atom_entries(client, url_in("en", "releases:feed_atom"))[1]
    assert (
        entry.find(f"{ATOM}link").get("href")
        == "http://testserver/releases/tokyo-forum/"
    )
    assert entry.find(f"{ATOM}summary").text == "CNES &amp; JAXA &lt;met&gt; in Tokyo."
    assert entry.find(f"{ATOM}published").text == "2018-03-05T09:00:00+00:00"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Japan",
        "United Arab Emirates",
    ]


def test_french_feed_lists_the_french_versions_with_french_names(client, releases):
    entries = atom_entries(client, url_in("fr", "releases:feed_atom"))
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Indian ocean",
        "Forum de Tokyo",
    ]
    assert entries[1].find(f"{ATOM}link").get("href") == (
        "http://testserver/fr/releases/forum-de-tokyo/"
    )
    # Sorted in French: Émirats before Japon.
    assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == [
        "Émirats arabes unis",
        "Japon",
    ]


def test_rss_feed_lists_the_same_releases(client, releases):
    response = client.get(url_in("en", "releases:feed_rss"))
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    assert channel.find("title").text == "CNES press releases"
    assert channel.find("language").text == "en"
    items = channel.findall("item")
    assert [item.find("title").text for item in items] == [
        "Indian ocean",
        "Tokyo forum",
    ]
    assert items[1].find("pubDate").text == "Mon, 05 Mar 2018 09:00:00 +0000"
    assert [c.text for c in items[1].findall("category")] == [
        "Japan",
        "United Arab Emirates",
    ]


def test_french_rss_feed_is_titled_in_french(client, releases):
    channel = ET.fromstring(client.get("/fr/feeds/releases.rss").content).find(
        "channel"
    )
    assert channel.find("title").text == "Communiqués de presse du CNES"
    assert channel.find("language").text == "fr"


def test_nation_feed_lists_the_releases_concerning_the_nation(client, releases):
    url = url_in("en", "releases:nation_feed", code="jp")
    assert url == "/feeds/nations/jp.atom"
    assert entry_titles(client, url) == ["Tokyo forum"]
    assert entry_titles(client, "/fr/feeds/nations/jp.atom") == ["Forum de Tokyo"]
    assert entry_titles(client, "/feeds/nations/in.atom") == ["Indian ocean"]


def test_topic_feed_lists_the_releases_on_the_topic(client, releases):
    url = url_in("en", "releases:topic_feed", slug=releases.slug)
    assert url == "/feeds/topics/mars.atom"
    assert entry_titles(client, url) == ["Indian ocean", "Tokyo forum"]
    feed = ET.fromstring(client.get(url).content)
    assert feed.find(f"{ATOM}title").text == "CNES press releases: Mars"


@pytest.mark.parametrize(
    "path", ["/feeds/nations/zz.atom", "/feeds/topics/nothing.atom"]
)
def test_feed_of_an_unknown_nation_or_topic_is_404(client, path):
    assert client.get(path).status_code == 404


def test_feed_holds_the_twenty_latest_releases(client):
    for day in range(22):
        make_release(f"R{day:02}", published_at=MARCH_5_2018 + datetime.timedelta(day))
    assert entry_titles(client, "/feeds/releases.atom") == [
        f"R{day:02}" for day in range(21, 1, -1)
    ]


def test_pages_link_their_feeds_for_autodiscovery(client, releases):
    home = client.get("/fr/").text
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Communiqués de presse du CNES (Atom)" href="/fr/feeds/releases.atom">'
        in home
    )
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        'title="Communiqués de presse du CNES (RSS)" href="/fr/feeds/releases.rss">'
        in home
    )
    nation = client.get("/nations/jp/").text
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="CNES press releases concerning Japan (Atom)" '
        'href="/feeds/nations/jp.atom">' in nation
    )
    topic = client.get("/topics/mars/").text
    assert 'href="/feeds/topics/mars.atom">' in topic

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from cnespress.settings import cache_from_url
from releases.models import PartnerNation, PressRelease, ReleaseNation
from tests.factories import (
    add_contact,
    add_quote,
    feature_speaker,
    make_contact,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

LIST = "/releases/"


def test_a_repeated_anonymous_request_is_served_from_the_cache(
    client, django_assert_num_queries
):
    make_release("Venus probe", nations=["JP"])
    first = client.get(LIST)
    with django_assert_num_queries(1):
        second = client.get(LIST)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Age" not in first
    assert second["Age"] == "0"


def test_pages_differ_by_query_string_and_language(client):
    make_release("Venus probe", nations=["JP"])
    make_release("Mars rover", nations=["IN"])
    client.get(LIST)
    assert "Mars rover" not in client.get(LIST, {"nation": "JP"}).text
    assert client.get("/fr/releases/")["Content-Language"] == "fr"


def test_saving_a_release_invalidates_the_cached_pages(client):
    release = make_release("Venus probe")
    assert "Venus probe" in client.get(LIST).text
    release.title = "Venus orbiter"
    release.save()
    assert "Venus orbiter" in client.get(LIST).text


def test_deleting_a_release_invalidates_the_cached_pages(client):
    make_release("Venus probe")
    release = make_release("Mars rover")
    client.get(LIST)
    release.delete()
    assert "Mars rover" not in client.get(LIST).text


def _rename_speaker(release):
    speaker = release.quotes.get().speaker
    speaker.name = "Philippe Baptiste"
    speaker.save()
    return "Philippe Baptiste"


def _rename_contact(release):
    contact = release.contacts.get()
    contact.name = "Claire Dramas"
    contact.save()
    return "Claire Dramas"


def _rename_topic(release):
    topic = release.topics.get()
    topic.name_en = "Oceans"
    topic.save()
    return "Oceans"


def _rename_nation(release):
    nation = PartnerNation.objects.get(code="JP")
    nation.name_en = "Nippon"
    nation.save()
    return "Nippon"


def _add_nation(release):
    ReleaseNation.objects.create(release=release, nation_id="IN")
    return "India"


def _add_topic(release):
    release.topics.add(make_topic("Innovation"))
    return "Innovation"


def _change_quote(release):
    quote = release.quotes.get()
    quote.text = "Together we go further."
    quote.save()
    return "Together we go further."


def _feature_speaker(release):
    feature_speaker(release, make_speaker("Lionel Suchet", "CNES COO"))
    return "Lionel Suchet"


@pytest.mark.parametrize(
    "change",
    [
        _rename_speaker,
        _rename_contact,
        _rename_topic,
        _rename_nation,
        _add_nation,
        _add_topic,
        _change_quote,
        _feature_speaker,
    ],
)
def test_changing_what_a_release_shows_invalidates_its_page(client, change):
    release = make_release("Venus probe", nations=["JP"], topics=[make_topic()])
    add_quote(release, make_speaker())
    add_contact(release, make_contact())
    url = release.get_absolute_url()
    client.get(url)
    expected = change(release)
    assert expected in client.get(url).text


def test_a_scheduled_release_appears_at_its_time_with_a_warm_cache(client):
    ten = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    make_release("Venus probe", published_at=ten - datetime.timedelta(days=2))
    make_release("Embargoed Mars rover", published_at=ten)
    with freeze_time(ten - datetime.timedelta(minutes=1)):
        assert "Embargoed Mars rover" not in client.get(LIST).text
        assert "Embargoed Mars rover" not in client.get(LIST).text
    with freeze_time(ten):
        assert "Embargoed Mars rover" in client.get(LIST).text


def test_a_logged_in_user_never_gets_nor_leaves_a_cached_page(client):
    make_release("Venus probe")
    client.get(LIST)
    assert "Age" in client.get(LIST)
    client.force_login(make_user("reader"))
    for url in [LIST, "/nations/"]:
        response = client.get(url)
        assert "Age" not in response
        assert "ETag" not in response
    client.logout()
    client.cookies.clear()
    assert "Age" not in client.get("/nations/")
    assert "Age" in client.get("/nations/")


def test_a_repeat_visit_with_the_etag_gets_a_304(client):
    make_release("Venus probe")
    response = client.get(LIST)
    assert response["Cache-Control"] == "max-age=0, must-revalidate"
    again = client.get(LIST, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_crawler_with_the_date_gets_a_304_until_a_change(client):
    release = make_release("Venus probe")
    response = client.get(LIST)
    since = {"If-Modified-Since": response["Last-Modified"]}
    assert client.get(LIST, headers=since).status_code == 304
    release.title = "Venus orbiter"
    with freeze_time(timezone.now() + datetime.timedelta(seconds=2)):
        release.save()
        assert client.get(LIST, headers=since).status_code == 200


def test_feeds_are_cached_too(client, django_assert_num_queries):
    make_release("Venus probe")
    url = reverse("releases:feed_atom")
    client.get(url)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert "Venus probe" in response.text
    assert response["ETag"]


def test_errors_redirects_and_private_pages_are_not_cached(client):
    assert "ETag" not in client.get("/nations/zz/")
    assert "ETag" not in client.get("/nations/JP/")
    assert "ETag" not in client.get(reverse("admin:login"))
    assert "ETag" not in client.get(reverse("staff:index"))


def test_a_draft_preview_is_not_cached(client):
    draft = make_release("Secret draft", status=PressRelease.Status.DRAFT)
    client.force_login(make_user("boss", is_superuser=True))
    assert "Secret draft" in client.get(draft.get_absolute_url()).text
    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "locmem://",
            {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 2000},
            },
        ),
        (
            "redis://cache.internal:6379/0",
            {
                "BACKEND": "cnespress.cache.ResilientRedisCache",
                "LOCATION": "redis://cache.internal:6379/0",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        ),
        (
            "memcached://one:11211,two:11211",
            {
                "BACKEND": "cnespress.cache.ResilientPyMemcacheCache",
                "LOCATION": ["one:11211", "two:11211"],
                "OPTIONS": {"connect_timeout": 1, "timeout": 1},
            },
        ),
        ("dummy://", {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}),
    ],
)
def test_the_cache_backend_comes_from_the_environment(url, expected):
    assert cache_from_url(url) == expected


def _remove_topic(release):
    release.topics.remove(release.topics.get())


def _clear_topics(release):
    release.topics.clear()


def _remove_from_topic(release):
    topic = release.topics.get()
    topic.releases.remove(release)


@pytest.mark.parametrize("change", [_remove_topic, _clear_topics, _remove_from_topic])
def test_taking_a_topic_off_a_release_invalidates_its_pages(
    client, change, django_assert_num_queries
):
    topic = make_topic("Oceans")
    release = make_release("Venus probe", topics=[topic])
    make_release("Still on oceans", topics=[topic])
    pages = [release.get_absolute_url(), topic.get_absolute_url()]
    for url in pages:
        assert 'href="/topics/oceans/"' in client.get(url).text
        with django_assert_num_queries(1):  # the version: the page is cached
            assert "Venus probe" in client.get(url).text
    change(release)
    assert 'href="/topics/oceans/"' not in client.get(pages[0]).text
    assert "Venus probe" not in client.get(pages[1]).text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_lists_cards_are_rendered_once_per_public_version(client, settings, language):
    settings.PAGE_CACHE = False
    release = make_release("Venus probe", nations=["JP"])
    PartnerNation.objects.filter(code="JP").update(name_en="Nippon", name_fr="Japon")
    prefix = "" if language == "en" else "/fr"
    assert "Venus probe" in client.get(f"{prefix}{LIST}").text
    # Written without signals, the public version stays: the card is the one
    # rendered before, with the old title and nation.
    PressRelease.objects.filter(pk=release.pk).update(title="Mars probe")
    response = client.get(f"{prefix}{LIST}")
    assert "Venus probe" in response.text
    assert "Mars probe" not in response.text
    # Saved as the admin does, the public release renews the version.
    nation = PartnerNation.objects.get(code="JP")
    nation.name_en = nation.name_fr = "Japan (JAXA)"
    nation.save()
    response = client.get(f"{prefix}{LIST}")
    assert "Mars probe" in response.text
    assert "Venus probe" not in response.text
    assert "Japan (JAXA)" in response.text


def test_search_results_cards_are_not_kept(client, settings):
    settings.PAGE_CACHE = False
    release = make_release("Venus probe", summary="A probe to Venus.")
    assert "<mark>Venus</mark>" in client.get(LIST, {"q": "Venus"}).text
    assert "<mark>probe</mark>" in client.get(LIST, {"q": "probe"}).text
    assert "<mark>" not in client.get(LIST).text
    assert release.title in client.get(LIST).text

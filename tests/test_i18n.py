import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import override
from django.views.defaults import server_error

from releases.changes import content_loaded
from releases.models import PressRelease
from tests.factories import make_release, make_topic

pytestmark = pytest.mark.django_db

FR = PressRelease.Language.FRENCH
MARCH_5_2018 = datetime.datetime(2018, 3, 5, 9, 0, tzinfo=datetime.UTC)


def at(day):
    return MARCH_5_2018 + datetime.timedelta(days=day)


def url_in(language, name, **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def en_url(name, **kwargs):
    return url_in("en", name, **kwargs)


def fr_url(name, **kwargs):
    return url_in("fr", name, **kwargs)


def titles(response, key="object_list"):
    return [release.title for release in response.context[key]]


@pytest.fixture
def bilingual():
    """Releases in both languages: a translated pair, one release in each language
    alone, and an original whose translation is still a draft."""
    original = make_release(
        "Space forum", slug="space-forum", published_at=at(1), nations=["JP"]
    )
    make_release(
        "Forum spatial",
        slug="forum-spatial",
        language=FR,
        translation_of=original,
        published_at=at(2),
        nations=["JP"],
    )
    make_release("Mission Mars", slug="mission-mars", language=FR, published_at=at(3))
    make_release("Ocean study", slug="ocean-study", published_at=at(4), nations=["JP"])
    pending = make_release("Launch", slug="launch", published_at=at(5))
    make_release(
        "Lancement",
        slug="lancement",
        language=FR,
        translation_of=pending,
        status=PressRelease.Status.DRAFT,
    )


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("releases:home", {}, "/fr/"),
        ("releases:list", {}, "/fr/releases/"),
        ("releases:nation", {"code": "jp"}, "/fr/nations/jp/"),
        ("releases:detail", {"slug": "space-forum"}, "/fr/releases/space-forum/"),
        ("releases:accessibility", {}, "/fr/accessibility/"),
    ],
)
def test_french_pages_live_under_fr_with_html_lang(
    client, bilingual, name, kwargs, path
):
    assert fr_url(name, **kwargs) == path
    french = client.get(path)
    assert french.status_code == 200
    assert '<html lang="fr">' in french.text
    english = client.get(en_url(name, **kwargs))
    assert '<html lang="en">' in english.text


def test_language_switcher_keeps_the_page_and_its_filters(client, bilingual):
    query = "?nation=JP&year=2018"
    english = client.get(en_url("releases:list") + query)
    assert (
        '<a href="/fr/releases/?nation=JP&amp;year=2018" lang="fr" hreflang="fr">'
        "Français</a>" in english.text
    )
    assert (
        '<a href="/releases/?nation=JP&amp;year=2018" lang="en" hreflang="en" '
        'aria-current="true">English</a>' in english.text
    )
    french = client.get(fr_url("releases:list") + query)
    assert (
        '<a href="/releases/?nation=JP&amp;year=2018" lang="en" hreflang="en">'
        "English</a>" in french.text
    )


def test_every_page_declares_its_language_alternates(client, bilingual):
    response = client.get(fr_url("releases:nation", code="jp"))
    for hreflang, url in [
        ("en", "http://testserver/nations/jp/"),
        ("fr", "http://testserver/fr/nations/jp/"),
        ("x-default", "http://testserver/nations/jp/"),
    ]:
        assert (
            f'<link rel="alternate" hreflang="{hreflang}" href="{url}">'
            in response.text
        )


def test_archive_lists_each_release_once_in_the_page_language(client, bilingual):
    english = client.get(en_url("releases:list"))
    assert titles(english) == ["Launch", "Ocean study", "Mission Mars", "Space forum"]
    french = client.get(fr_url("releases:list"))
    assert titles(french) == ["Launch", "Ocean study", "Mission Mars", "Forum spatial"]


def test_release_without_translation_is_marked_as_such(client, bilingual):
    french = client.get(fr_url("releases:list"))
    assert (
        '<a href="/fr/releases/ocean-study/" lang="en" hreflang="en">Ocean study</a>'
        in french.text
    )
    assert french.text.count("En anglais uniquement") == 2
    assert '<a href="/fr/releases/forum-spatial/">Forum spatial</a>' in french.text
    english = client.get(en_url("releases:list"))
    assert english.text.count("In French only") == 1
    assert (
        '<a href="/releases/mission-mars/" lang="fr" hreflang="fr">Mission Mars</a>'
        in english.text
    )


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        (
            "releases:home",
            {},
            ["Launch", "Ocean study", "Mission Mars", "Forum spatial"],
        ),
        ("releases:nation", {"code": "jp"}, ["Ocean study", "Forum spatial"]),
    ],
)
def test_other_public_pages_follow_the_same_rule(
    client, bilingual, name, kwargs, expected
):
    response = client.get(fr_url(name, **kwargs))
    key = "latest_releases" if name == "releases:home" else "releases"
    assert titles(response, key) == expected


def test_nation_list_counts_each_release_once(client, bilingual):
    response = client.get(fr_url("releases:nations"))
    assert [(n.code, n.release_count) for n in response.context["nations"]] == [
        ("JP", 2)
    ]
    assert '<a href="/fr/nations/jp/">Japon</a>' in response.text
    assert '<span class="count">2 communiqués</span>' in response.text


def test_detail_offers_the_published_other_version(client, bilingual):
    english = client.get(en_url("releases:detail", slug="space-forum"))
    assert (
        '<p class="translation-link"><a href="/fr/releases/forum-spatial/" lang="fr" '
        'hreflang="fr">Lire ce communiqué en français</a></p>' in english.text
    )
    french = client.get(fr_url("releases:detail", slug="forum-spatial"))
    assert (
        '<p class="translation-link"><a href="/releases/space-forum/" lang="en" '
        'hreflang="en">Read this release in English</a></p>' in french.text
    )
    alone = client.get(en_url("releases:detail", slug="launch"))
    assert "translation-link" not in alone.text


def test_detail_marks_content_in_another_language(client, bilingual):
    response = client.get(fr_url("releases:detail", slug="ocean-study"))
    assert '<h1 lang="en">Ocean study</h1>' in response.text
    assert '<div class="release-body" lang="en">' in response.text


def test_names_dates_and_counts_follow_the_language(client):
    topic = make_topic("Earth observation", name_fr="Observation de la Terre")
    make_release("One", published_at=MARCH_5_2018, nations=["AE"], topics=[topic])
    french = client.get(fr_url("releases:topic", slug=topic.slug))
    assert "<h1>Observation de la Terre</h1>" in french.text
    assert '<a class="tag" href="/fr/nations/ae/">Émirats arabes unis</a>' in (
        french.text
    )
    assert '<time datetime="2018-03-05">5 mars 2018</time>' in french.text
    assert '<p class="result-count" role="status">1 communiqué</p>' in french.text
    english = client.get(en_url("releases:topic", slug=topic.slug))
    assert "<h1>Earth observation</h1>" in english.text
    assert '<time datetime="2018-03-05">March 5, 2018</time>' in english.text
    assert '<p class="result-count" role="status">1 release</p>' in english.text


def test_large_counts_are_grouped_as_each_language_writes_them(client):
    PressRelease.objects.bulk_create(
        PressRelease(
            title=f"R{number}",
            slug=f"r{number}",
            body="Body.",
            status=PressRelease.Status.PUBLISHED,
            published_at=MARCH_5_2018,
        )
        for number in range(1234)
    )
    content_loaded()  # rows written without signals
    english = client.get(en_url("releases:list"))
    assert '<p class="result-count" role="status">1,234 releases</p>' in english.text
    french = client.get(fr_url("releases:list"))
    assert (
        '<p class="result-count" role="status">1\u00a0234 communiqués</p>'
        in french.text
    )


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda original: make_release("Twin", translation_of=original),
            "The original must be in the other language.",
        ),
        (
            lambda original: make_release(
                "Jumeau",
                language=FR,
                translation_of=make_release(
                    "Twin", translation_of=make_release("Base", language=FR)
                ),
            ),
            "Link a translation to its original: that release is itself a "
            "translation, or this one already has a translation.",
        ),
    ],
)
def test_translation_links_an_original_in_the_other_language(build, message):
    release = build(make_release("Original"))
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert error.value.message_dict == {"translation_of": [message]}


def test_a_release_cannot_be_its_own_translation():
    release = make_release("Alone")
    release.translation_of = release
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert error.value.message_dict == {
        "translation_of": ["A release cannot be its own translation."]
    }


def test_an_original_with_a_translation_cannot_become_a_translation():
    original = make_release("Original")
    make_release("Traduction", language=FR, translation_of=original)
    original.translation_of = make_release("Autre", language=FR)
    with pytest.raises(ValidationError) as error:
        original.full_clean()
    assert list(error.value.message_dict) == ["translation_of"]


@pytest.mark.parametrize(
    ("path", "heading", "lang"),
    [("/nowhere/", "Page not found", "en"), ("/fr/nowhere/", "Page introuvable", "fr")],
)
def test_404_page_in_the_site_style_and_language(client, path, heading, lang):
    response = client.get(path)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{heading}</h1>" in response.text
    assert 'class="site-header"' in response.text


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Server error"), ("fr", "Erreur du serveur")]
)
def test_500_page_in_the_site_style_and_language(language, heading):
    with override(language):
        response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in text
    assert f"<h1>{heading}</h1>" in text


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/", '<a href="/accessibility/">Accessibility: not compliant</a>'),
        (
            "/fr/releases/",
            '<a href="/fr/accessibility/">Accessibilité\u00a0: non conforme</a>',
        ),
    ],
)
def test_every_footer_links_the_accessibility_statement(client, path, link):
    assert link in client.get(path).text


def test_accessibility_statement_in_french(client):
    response = client.get(fr_url("releases:accessibility"))
    assert "<h1>Déclaration d’accessibilité</h1>" in response.text
    assert "<h2>Voies de recours</h2>" in response.text


def test_a_cards_nations_are_sorted_by_their_names_in_the_language(client):
    make_release("Four partners", nations=["JP", "AE", "ES", "DE"])

    def tags(url):
        return re.findall(
            r'<a class="tag" href="[^"]+">([^<]+)</a>', client.get(url).text
        )

    assert tags(en_url("releases:list")) == [
        "Germany",
        "Japan",
        "Spain",
        "United Arab Emirates",
    ]
    # Émirats goes with the Es, not after the Zs nor in the English order.
    assert tags(fr_url("releases:list")) == [
        "Allemagne",
        "Émirats arabes unis",
        "Espagne",
        "Japon",
    ]

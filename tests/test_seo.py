import datetime
import json
import re

import pytest

from releases.models import PressRelease
from tests.factories import make_release, make_topic, make_user

pytestmark = pytest.mark.django_db

MARCH_5_2018 = datetime.datetime(2018, 3, 5, 9, 0, tzinfo=datetime.UTC)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(text):
    blocks = JSON_LD.findall(text)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def release():
    release = make_release(
        "ISEF2 in Tokyo",
        slug="isef2",
        summary="CNES took part in ISEF2.",
        published_at=MARCH_5_2018,
        nations=["JP", "AE"],
        topics=[make_topic("Exploration")],
        event_place="Tokyo",
    )
    PressRelease.objects.filter(pk=release.pk).update(
        updated_at=MARCH_5_2018 + datetime.timedelta(hours=2)
    )
    return release


def test_release_page_describes_itself_as_a_news_article(client, release):
    organisation = {
        "@type": "Organization",
        "name": "CNES",
        "alternateName": "Centre national d’études spatiales",
        "url": "http://testserver/",
    }
    assert json_ld(client.get("/releases/isef2/").text) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "ISEF2 in Tokyo",
        "description": "CNES took part in ISEF2.",
        "inLanguage": "en",
        "url": "http://testserver/releases/isef2/",
        "mainEntityOfPage": "http://testserver/releases/isef2/",
        "datePublished": "2018-03-05T09:00:00Z",
        "dateModified": "2018-03-05T11:00:00Z",
        "author": organisation,
        "publisher": organisation,
        "about": [
            {"@type": "Country", "name": "Japan"},
            {"@type": "Country", "name": "United Arab Emirates"},
        ],
        "keywords": ["Exploration"],
        "contentLocation": {"@type": "Place", "name": "Tokyo"},
    }


def test_json_ld_links_a_release_and_its_translation(client, release):
    make_release(
        "ISEF2 à Tokyo",
        slug="isef2-fr",
        language=PressRelease.Language.FRENCH,
        translation_of=release,
        published_at=MARCH_5_2018,
    )
    original = json_ld(client.get("/releases/isef2/").text)
    assert original["workTranslation"] == {
        "@type": "NewsArticle",
        "@id": "http://testserver/fr/releases/isef2-fr/",
        "inLanguage": "fr",
    }
    translation = json_ld(client.get("/fr/releases/isef2-fr/").text)
    assert translation["translationOfWork"] == {
        "@type": "NewsArticle",
        "@id": "http://testserver/releases/isef2/",
        "inLanguage": "en",
    }


def test_no_text_can_close_the_json_ld_script(client):
    title = "Risky </script><script>alert(1)</script> & <!-- title"
    make_release(title, slug="risky", summary="</SCRIPT>")
    text = client.get("/releases/risky/").text
    assert "<script>alert(1)" not in text
    assert "</SCRIPT>" not in text
    assert (
        '"headline": "Risky \\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)'
        '\\u003C/script\\u003E \\u0026 \\u003C!-- title"' in text
    )
    data = json_ld(text)
    assert (data["headline"], data["description"]) == (title, "</SCRIPT>")


def test_release_page_has_open_graph_metadata_in_the_page_language(client, release):
    text = client.get("/fr/releases/isef2/").text
    for tag in [
        '<link rel="canonical" href="http://testserver/fr/releases/isef2/">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Communiqués de presse du CNES">',
        '<meta property="og:title" content="ISEF2 in Tokyo">',
        '<meta property="og:description" content="CNES took part in ISEF2.">',
        '<meta property="og:url" content="http://testserver/fr/releases/isef2/">',
        '<meta property="og:locale" content="fr_FR">',
        '<meta property="og:locale:alternate" content="en_GB">',
        '<meta property="article:published_time" content="2018-03-05T10:00:00+01:00">',
        '<meta property="article:modified_time" content="2018-03-05T12:00:00+01:00">',
        '<meta property="article:tag" content="Japon">',
        '<meta property="article:tag" content="Émirats arabes unis">',
        '<meta name="twitter:card" content="summary">',
    ]:
        assert tag in text, tag


def test_preview_of_a_draft_has_no_metadata_for_sharing(client):
    make_release("Draft", slug="draft", status=PressRelease.Status.DRAFT)
    client.force_login(make_user("boss", is_superuser=True))
    text = client.get("/releases/draft/").text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "application/ld+json" not in text
    assert "og:title" not in text

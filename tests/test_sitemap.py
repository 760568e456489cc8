import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from releases.models import PressRelease
from tests.factories import (
    add_quote,
    feature_speaker,
    make_release,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = "http://testserver"


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return ET.fromstring(response.content).findall(f"{SITEMAP}url")


def both_languages(*paths):
    return [url for path in paths for url in (f"{SITE}{path}", f"{SITE}/fr{path}")]


def test_sitemap_holds_every_public_page_in_both_languages(client):
    mars = make_topic("Mars", kind="programme")
    make_topic("Unused")
    president = make_speaker()
    coo = make_speaker("Lionel Suchet", "CNES Chief Operating Officer")
    make_speaker("Nobody", "Never quoted")
    release = make_release("Forum", slug="forum", nations=["JP"], topics=[mars])
    add_quote(release, president)
    feature_speaker(make_release("Ocean", slug="ocean", nations=["IN"]), coo)
    hidden = make_speaker("Hidden", "Only in drafts")
    draft = make_release("Draft", slug="draft", status=PressRelease.Status.DRAFT)
    add_quote(draft, hidden)
    make_release(
        "Embargoed",
        slug="embargoed",
        published_at=timezone.now() + datetime.timedelta(days=1),
        nations=["AE"],
    )
    locations = [url.find(f"{SITEMAP}loc").text for url in sitemap_urls(client)]
    assert locations == both_languages(
        "/",
        "/releases/",
        "/nations/",
        "/accessibility/",
        "/releases/ocean/",
        "/releases/forum/",
        "/nations/in/",
        "/nations/jp/",
        "/topics/mars/",
        "/speakers/jean-yves-le-gall/",
        "/speakers/lionel-suchet/",
    )


def test_each_sitemap_entry_gives_its_alternates_and_release_lastmod(client):
    release = make_release("Forum", slug="forum")
    url = sitemap_urls(client)[-1]
    assert url.find(f"{SITEMAP}loc").text == f"{SITE}/fr/releases/forum/"
    assert (
        url.find(f"{SITEMAP}lastmod").text
        == timezone.localdate(release.updated_at).isoformat()
    )
    assert [
        (link.get("hreflang"), link.get("href")) for link in url.findall(f"{XHTML}link")
    ] == [
        ("en", f"{SITE}/releases/forum/"),
        ("fr", f"{SITE}/fr/releases/forum/"),
        ("x-default", f"{SITE}/releases/forum/"),
    ]


def test_robots_txt_points_to_the_sitemap_and_keeps_staff_pages_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.text == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /staff/\n"
        "Disallow: /fr/admin/\n"
        "Disallow: /fr/staff/\n"
        "\n"
        "Sitemap: http://testserver/sitemap.xml\n"
    )

"""Every editor-entered field holds an XSS vector: nothing runs anywhere it shows."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from releases.models import PartnerNation, PressRelease, ReleaseSpeaker
from tests.factories import (
    add_contact,
    add_quote,
    make_contact,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)
from tests.xss_vectors import VECTORS

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "srcdoc",
    "poster",
    "background",
}
ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "applet",
    "base",
    "math",
    "svg",
    "style",
    "img",
    "video",
    "audio",
    "source",
    "form",
    "button",
    "template",
    "marquee",
    "details",
    "body",
}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20]")


class Audit(HTMLParser):
    """Collect what would run in a browser: handlers, scripts, dangerous URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.scripts, self._in_script = [], [], None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            url = CONTROL.sub("", value)
            if name in URL_ATTRIBUTES and (
                BAD_SCHEME.match(url)
                or (url.lower().startswith("data:") and tag != "link")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "XSS" in value:
                self.problems.append(f"<{tag} style={value!r}>")
        marked = any("XSS" in (value or "") for _, value in attrs)
        if tag in ACTIVE_TAGS and marked:
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            content = dict(attrs).get("content") or ""
            if "url=" in content.lower():
                self.problems.append(f"<meta refresh {content!r}>")
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts[-1][1] += data


def assert_inert(html, where):
    audit = Audit()
    audit.feed(html)
    assert audit.problems == [], where
    for attrs, content in audit.scripts:
        if attrs.get("type") == "application/ld+json":
            json.loads(content)  # not cut short by a vector's </script>
        elif content.strip():
            assert "XSS" not in content, where
            assert "nonce" in attrs, where
        else:
            assert attrs.get("src", "").startswith("/"), where


@pytest.fixture
def poisoned(client):
    """Put a vector in every field an editor can type into."""
    topic = make_topic("Topic XSS", slug="topic-xss")
    nation = PartnerNation.objects.get(code="JP")
    nation.name_en = nation.name_fr = VECTORS[0]
    nation.save()
    releases = []
    for number, vector in enumerate(VECTORS):
        topic_n = make_topic(f"T{number} {vector}"[:150], slug=f"t{number}")
        topic_n.name_fr = topic_n.description = vector
        topic_n.save()
        release = make_release(
            vector[:300] or "x",
            nations=["JP", "IN"],
            topics=[topic, topic_n],
            summary=vector,
            body=f"{vector}\n\n- {vector}\n\n*{vector}*",
            event_place=vector[:150],
            source_url=vector[:500],
            slug=f"release-{number}",
        )
        speaker = make_speaker(f"{vector} {number}"[:150], role=vector[:200])
        add_quote(release, speaker, text=vector, role=vector[:200])
        ReleaseSpeaker.objects.create(
            release=release, speaker=speaker, role=vector[:200]
        )
        contact = make_contact(f"{vector} {number}"[:150], role=vector[:150])
        contact.phone, contact.email = vector[:40], vector[:254]
        contact.save()
        add_contact(release, contact)
        releases.append(release)
    return releases


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_public_pages_are_inert(client, poisoned):
    urls = [
        "/",
        "/releases/",
        "/releases/?page=2",
        "/releases/?page=3",
        "/releases/?q=alert",
        "/releases/?nation=JP",
        "/nations/",
        "/nations/jp/",
        "/topics/topic-xss/",
        "/fr/releases/",
        "/fr/nations/jp/",
    ]
    urls += [release.get_absolute_url() for release in poisoned]
    urls += [
        reverse("releases:speaker", args=[r.quotes.get().speaker.slug])
        for r in poisoned[:10]
    ]
    urls += [f"/topics/t{number}/" for number in range(len(VECTORS))]
    for url in urls:
        assert_inert(get(client, url), url)


def test_json_ld_keeps_every_text_as_data(client, poisoned):
    for release in poisoned:
        page = get(client, release.get_absolute_url())
        audit = Audit()
        audit.feed(page)
        blocks = [
            json.loads(content)
            for attrs, content in audit.scripts
            if attrs.get("type") == "application/ld+json"
        ]
        assert [block["headline"] for block in blocks] == [release.title]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/releases.atom",
        "/feeds/releases.rss",
        "/feeds/nations/jp.atom",
        "/feeds/topics/topic-xss.atom",
        "/fr/feeds/releases.rss",
    ],
)
def test_feeds_carry_texts_not_markup(client, poisoned, url):
    root = ET.fromstring(get(client, url).encode())
    texts = [
        element.text or ""
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] in ("description", "summary", "content")
    ]
    assert texts
    for text in texts:
        assert "<" not in text, text  # escaped once more: a reader shows it as text


def test_staff_pages_and_exports_are_inert(client, poisoned):
    client.force_login(make_user("reader", groups=["Staff readers"]))
    for url in [
        "/staff/search/",
        "/staff/search/?q=alert",
        "/staff/report/",
        "/staff/nations/jp/",
    ]:
        assert_inert(get(client, url), url)
    for url in ["/staff/search.csv", "/staff/report.csv"]:
        for row in csv.reader(io.StringIO(get(client, url))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_admin_lists_forms_and_history_are_inert(client, poisoned):
    client.force_login(make_user("boss", is_superuser=True))
    release = poisoned[0]
    for vector in (VECTORS[1], VECTORS[11]):
        with reversion.create_revision():
            release.title = release.summary = vector
            release.save()
            reversion.set_comment(vector)
    versions = Version.objects.get_for_object(release)
    changes = [
        reverse("admin:releases_pressrelease_changes", args=[release.pk, version.pk])
        for version in versions
    ]
    urls = [
        *changes,
        reverse("admin:releases_pressrelease_recoverlist"),
        reverse("admin:releases_pressrelease_changelist"),
        reverse("admin:releases_pressrelease_changelist") + "?q=alert",
        reverse("admin:releases_speaker_changelist"),
        reverse("admin:releases_contact_changelist"),
        reverse("admin:releases_topic_changelist"),
        reverse("admin:releases_partnernation_changelist"),
        reverse("admin:releases_pressrelease_change", args=[release.pk]),
        reverse("admin:releases_pressrelease_history", args=[release.pk]),
    ]
    assert len(changes) == 2
    for url in urls:
        assert_inert(get(client, url), url)


def test_every_vector_is_used(poisoned):
    assert len(VECTORS) >= 50
    assert PressRelease.objects.count() == len(VECTORS)

"""Everything the public sees of a release comes from its published version:
changes waiting for a publisher show nowhere, until they are published."""

import pytest
from django.test import Client
from django.urls import reverse

from releases.models import PendingChange, PressRelease
from tests.admin_forms import change_form_data
from tests.factories import (
    STAFF_READERS,
    add_quote,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

OLD_TITLE = "Venus probe"
NEW_TITLE = "Zircon orbiter"


def logged_in(username, group):
    client = Client()
    client.force_login(make_user(username, groups=[group]))
    return client


@pytest.fixture
def pending(client):
    """A public release naming the United States, and an editor's changes to it,
    waiting: a new title and body, India instead of the United States, a topic
    and a quote by a speaker quoted nowhere else."""
    release = make_release(OLD_TITLE, body="A probe to Venus.", nations=["US"])
    add_quote(release, make_speaker(), "To Venus.")
    geology = make_topic("Geology", slug="geology")
    newcomer = make_speaker("Nadia Nouvelle", role="Planetologist")
    editor = logged_in("editor", "Editors")
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    data = change_form_data(
        editor.get(url),
        title=NEW_TITLE,
        body="Zircon dating of Venus rocks.",
        topics=[str(geology.pk)],
        **{
            "releasenation_set-0-nation": "IN",
            "quotes-TOTAL_FORMS": "2",
            "quotes-1-speaker": str(newcomer.pk),
            "quotes-1-role": "Planetologist",
            "quotes-1-text": "Zircon tells the age.",
            "quotes-1-position": "1",
        },
    )
    assert editor.post(url, data).status_code == 302
    assert PendingChange.objects.get().data["title"] == [NEW_TITLE]
    return release


def publish_pending(release):
    publisher = logged_in("publisher", "Publishers")
    change = PendingChange.objects.get()
    url = reverse("admin:releases_pressrelease_review", args=[release.pk, change.pk])
    assert publisher.post(url, {"_publish": "1"}).status_code == 302
    assert PressRelease.objects.get(pk=release.pk).title == NEW_TITLE


PAGES = [
    "/",
    "/releases/",
    "/fr/releases/",
    "/releases/?q=zircon",
    "/nations/",
    "/nations/us/",
    "/nations/in/",
    "/feeds/releases.atom",
    "/feeds/releases.rss",
    "/feeds/nations/us.atom",
    "/feeds/nations/in.atom",
    "/feeds/topics/geology.atom",
    "/sitemap.xml",
]


def shown(client, release):
    """Return what each public page says of the change, in order."""
    seen = {}
    for url in [*PAGES, release.get_absolute_url()]:
        response = client.get(url)
        text = response.text if response.status_code == 200 else ""
        seen[url] = [
            word
            for word in (OLD_TITLE, NEW_TITLE, "Zircon", "India", "Nadia", "Geology")
            if word in text
        ]
    return seen


BEFORE = {
    "/": ["Venus probe"],
    "/releases/": ["Venus probe"],
    "/fr/releases/": ["Venus probe"],
    "/releases/?q=zircon": [],
    "/nations/": [],
    "/nations/us/": ["Venus probe"],
    "/nations/in/": ["India"],
    "/feeds/releases.atom": ["Venus probe"],
    "/feeds/releases.rss": ["Venus probe"],
    "/feeds/nations/us.atom": ["Venus probe"],
    "/feeds/nations/in.atom": ["India"],
    "/feeds/topics/geology.atom": [],  # a 404 until a public release names it
    "/sitemap.xml": [],
}


def test_changes_waiting_for_a_publisher_show_on_no_public_page(client, pending):
    assert client.get("/releases/?q=zircon").context["paginator"].count == 0
    assert client.get("/releases/?q=venus").context["paginator"].count == 1
    assert client.get("/nations/in/").context["paginator"].count == 0
    seen = shown(client, pending)
    assert seen == {**BEFORE, pending.get_absolute_url(): ["Venus probe"]}
    sitemap = client.get("/sitemap.xml").text
    assert "/nations/in/" not in sitemap
    assert "/speakers/nadia-nouvelle/" not in sitemap
    assert "/topics/geology/" not in sitemap


def test_once_published_the_changes_show_everywhere(client, pending):
    publish_pending(pending)
    assert client.get("/releases/?q=zircon").context["paginator"].count == 1
    new, word, india = NEW_TITLE, "Zircon", "India"
    assert shown(client, pending) == {
        "/": [new, word, india],
        "/releases/": [new, word, india, "Nadia", "Geology"],
        "/fr/releases/": [new, word, "Nadia", "Geology"],
        "/releases/?q=zircon": [word, india, "Nadia", "Geology"],
        "/nations/": [india],
        "/nations/us/": [],
        "/nations/in/": [new, word, india],
        "/feeds/releases.atom": [new, word, india],
        "/feeds/releases.rss": [new, word, india],
        "/feeds/nations/us.atom": [],
        "/feeds/nations/in.atom": [new, word, india],
        "/feeds/topics/geology.atom": [new, word, india, "Geology"],
        "/sitemap.xml": [],
        pending.get_absolute_url(): [new, word, india, "Nadia", "Geology"],
    }
    sitemap = client.get("/sitemap.xml").text
    assert "/nations/in/" in sitemap
    assert "/speakers/nadia-nouvelle/" in sitemap


def test_the_staff_workspace_reports_the_published_version(pending):
    reader = logged_in("reader", STAFF_READERS)
    report = reader.get(reverse("staff:report") + "?status=published")
    assert report.context["report"].total == 1
    assert [f.nation.code for f in report.context["report"].nations] == ["US"]
    search = reader.get(reverse("staff:search") + "?q=zircon")
    assert search.context["rows"] == []
    rows = reader.get(reverse("staff:search") + "?status=published").context["rows"]
    assert [(release.title, state.label) for release, state in rows] == [
        (OLD_TITLE, "Changes pending")
    ]
    csv = b"".join(reader.get(reverse("staff:search_csv")).streaming_content)
    assert OLD_TITLE in csv.decode() and NEW_TITLE not in csv.decode()

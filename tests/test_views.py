import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from releases.models import PressRelease
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


@pytest.fixture
def hidden_releases():
    """A draft and a scheduled release sharing everything with a public one."""
    speaker = make_speaker()
    topic = make_topic("Exploration")
    public = make_release("Public release", nations=["JP"], topics=[topic])
    draft = make_release(
        "Secret draft",
        status=PressRelease.Status.DRAFT,
        nations=["JP", "AE"],
        topics=[topic],
    )
    scheduled = make_release(
        "Embargoed release",
        published_at=timezone.now() + datetime.timedelta(hours=1),
        nations=["JP", "AE"],
        topics=[topic],
    )
    for release in (public, draft, scheduled):
        add_quote(release, speaker)
    return public, draft, scheduled, speaker, topic


def test_every_public_page_hides_drafts_and_scheduled_releases(client, hidden_releases):
    public, draft, scheduled, speaker, topic = hidden_releases
    pages = [
        reverse("releases:home"),
        reverse("releases:list"),
        reverse("releases:list") + "?nation=JP",
        reverse("releases:nation", kwargs={"code": "jp"}),
        reverse("releases:topic", kwargs={"slug": topic.slug}),
        reverse("releases:speaker", kwargs={"slug": speaker.slug}),
        public.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Public release" in response.text, url
        assert "Secret draft" not in response.text, url
        assert "Embargoed release" not in response.text, url
    nations = client.get(reverse("releases:nations")).text
    assert "Japan" in nations
    assert "United Arab Emirates" not in nations
    assert (
        client.get(reverse("releases:nation", kwargs={"code": "ae"}))
        .context["paginator"]
        .count
        == 0
    )


@pytest.mark.parametrize("which", [1, 2])
def test_hidden_release_is_404_for_anonymous(client, hidden_releases, which):
    response = client.get(hidden_releases[which].get_absolute_url())
    assert response.status_code == 404


def test_hidden_release_is_404_for_a_user_without_change_permission(
    client, hidden_releases
):
    client.force_login(make_user("reader"))
    assert client.get(hidden_releases[1].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("which", [1, 2], ids=["draft", "scheduled"])
def test_hidden_release_is_404_for_a_staff_reader(client, hidden_releases, which):
    """Staff readers are staff and may view every release in the workspace,
    but only the change permission previews on the public site."""
    reader = make_user("reader", groups=["Staff readers"])
    assert reader.is_staff and reader.has_perm("releases.view_pressrelease")
    client.force_login(reader)
    response = client.get(hidden_releases[which].get_absolute_url())
    assert response.status_code == 404
    assert "Secret draft" not in response.text
    assert "Embargoed release" not in response.text


def test_editor_previews_a_draft_marked_as_such_and_not_indexed(
    client, hidden_releases
):
    editor = make_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="change_pressrelease"))
    client.force_login(editor)
    response = client.get(hidden_releases[1].get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this release is a draft and is not public." in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_editor_previews_a_scheduled_release(client, hidden_releases):
    client.force_login(make_user("boss", is_superuser=True))
    response = client.get(hidden_releases[2].get_absolute_url())
    assert "Preview: this release is scheduled and becomes public on" in response.text


def test_public_release_is_indexable(client, hidden_releases):
    response = client.get(hidden_releases[0].get_absolute_url())
    assert "noindex" not in response.text
    assert "X-Robots-Tag" not in response


def test_detail_shows_everything_a_release_holds(client):
    speaker = make_speaker()
    coo = make_speaker("Lionel Suchet", "CNES Chief Operating Officer")
    contact = make_contact(phone="+33 (0)1 44 76 75 39", email="pascale@cnes.fr")
    release = make_release(
        "ISEF2",
        nations=["JP"],
        topics=[make_topic("MMX", kind="programme")],
        body="Saturday in *Tokyo*.",
        event_place="Tokyo",
        event_date=datetime.date(2018, 3, 3),
        source_url="https://example.org/isef2",
    )
    add_quote(release, speaker, "We have *succeeded*.")
    feature_speaker(release, coo)
    add_contact(release, contact)
    response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    for fragment in [
        "<h1>ISEF2</h1>",
        "<p>Saturday in <em>Tokyo</em>.</p>",
        "Tokyo</span>",
        "<blockquote><p>We have <em>succeeded</em>.</p></blockquote>",
        f'<a href="{speaker.get_absolute_url()}">Jean-Yves Le Gall</a>, CNES President',
        f'<a href="{coo.get_absolute_url()}">Lionel Suchet</a>, '
        "CNES Chief Operating Officer",
        '<a href="tel:+33144767539">+33 (0)1 44 76 75 39</a>',
        '<a href="mailto:pascale@cnes.fr">pascale@cnes.fr</a>',
        '<a class="tag" href="/nations/jp/">Japan</a>',
        '<a class="tag" href="/topics/mmx/">MMX</a>',
        'href="https://example.org/isef2"',
    ]:
        assert fragment in response.text, fragment


def test_related_releases_share_a_nation_or_topic(client):
    topic = make_topic()
    release = make_release("Main", nations=["JP"], topics=[topic])
    make_release("Same nation", nations=["JP"])
    make_release("Same topic", topics=[topic])
    make_release("Unrelated", nations=["IN"])
    make_release("Related draft", nations=["JP"], status=PressRelease.Status.DRAFT)
    response = client.get(release.get_absolute_url())
    titles = [r.title for r in response.context["related_releases"]]
    assert titles == ["Same topic", "Same nation"]


def test_nation_list_counts_public_releases(client):
    make_release(nations=["JP", "IN"])
    make_release(nations=["JP"])
    make_release(nations=["IN"], status=PressRelease.Status.DRAFT)
    response = client.get(reverse("releases:nations"))
    nations = [(n.code, n.release_count) for n in response.context["nations"]]
    assert nations == [("IN", 1), ("JP", 2)]


def test_nation_url_in_capitals_redirects_to_lowercase(client):
    response = client.get("/nations/JP/")
    assert response.status_code == 301
    assert response["Location"] == "/nations/jp/"


def test_unknown_nation_is_404(client):
    assert client.get("/nations/zz/").status_code == 404


def test_archive_is_newest_first_twenty_per_page(client):
    start = timezone.now() - datetime.timedelta(days=100)
    for day in range(25):
        make_release(f"R{day:02}", published_at=start + datetime.timedelta(days=day))
    first = client.get(reverse("releases:list"))
    assert [r.title for r in first.context["object_list"]] == [
        f"R{day:02}" for day in range(24, 4, -1)
    ]
    assert "25 releases" in first.text
    second = client.get(reverse("releases:list") + "?page=2")
    assert [r.title for r in second.context["object_list"]] == [
        "R04",
        "R03",
        "R02",
        "R01",
        "R00",
    ]


@pytest.mark.parametrize(("page", "expected"), [("999", 2), ("abc", 1), ("-1", 2)])
def test_out_of_range_page_shows_the_nearest_valid_page(client, page, expected):
    for _ in range(21):
        make_release()
    response = client.get(reverse("releases:list") + f"?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def _fill(count):
    speaker = make_speaker()
    topic = make_topic()
    contact = make_contact()
    releases = []
    for number in range(count):
        release = make_release(
            f"Release {number}", nations=["JP", "IN"], topics=[topic]
        )
        add_quote(release, speaker)
        add_contact(release, contact)
        feature_speaker(release, speaker)
        releases.append(release)
    return releases


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    ("name", "url", "first", "then"),
    [
        ("home", "/", 3, 3),
        ("list", "/releases/", 11, 4),
        ("list_filtered", "/releases/?nation=JP&year=2026", 14, 4),
        ("nation", "/nations/jp/", 11, 5),
        ("nations", "/nations/", 4, 1),
    ],
)
def test_public_pages_run_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries, count, name, url, first, then
):
    """The first view after a change also reads the listing's count and the
    filters' choices from the counts kept as data (a stored and a timed part
    each), or counts a listing of several filters, once per content version;
    later views read the version and the page. (The page cache, which would
    answer from memory, is off.)"""
    settings.PAGE_CACHE = False
    _fill(count)
    with django_assert_num_queries(first):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(then):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_detail_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    release = _fill(count)[0]
    with django_assert_num_queries(12):
        assert client.get(release.get_absolute_url()).status_code == 200

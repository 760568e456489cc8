"""Which changes renew the public content's version, and so the cached pages,
and which leave them alone (releases/changes.py, releases/versioning.py),
checked through the real page cache."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from releases import previews
from releases.models import (
    ContentVersion,
    PartnerNation,
    PressRelease,
    PreviewLink,
    Quote,
)
from releases.versioning import staff_version
from tests.factories import (
    STAFF_READERS,
    add_contact,
    add_quote,
    make_contact,
    make_image,
    make_release,
    make_speaker,
    make_topic,
    make_user,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
LIST = "/releases/"
DRAFT = PressRelease.Status.DRAFT
PUBLISHED = PressRelease.Status.PUBLISHED


def public_token():
    return ContentVersion.objects.get(pk=1).token


def served_from_cache(client, url):
    """Return the page, checking that it came from the cache (one query)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == 1, [query["sql"] for query in queries]
    return response


@pytest.fixture
def public(db):
    return make_release("Venus probe", nations=["JP"], published_at=NOW)


@pytest.fixture
def draft(db):
    draft = make_release("Mars draft", status=DRAFT, nations=["IN"])
    add_quote(draft, make_speaker("Ana Draft"))
    add_contact(draft, make_contact("Bo Draft"))
    draft.topics.add(make_topic("Draft topic"))
    return draft


@pytest.fixture
def scheduled(db):
    return make_release(
        "Embargoed Moon lander", published_at=NOW + datetime.timedelta(hours=5)
    )


def _save_draft(draft, scheduled):
    draft.title = "Mars draft, second version"
    draft.save()


def _name_a_nation_in_the_draft(draft, scheduled):
    draft.partner_nations.add(PartnerNation.objects.get(code="DE"))


def _quote_in_the_draft(draft, scheduled):
    Quote.objects.create(release=draft, speaker=make_speaker("Ben"), text="Soon.")


def _rename_the_drafts_topic(draft, scheduled):
    topic = draft.topics.get()
    topic.name_en = "Renamed draft topic"
    topic.save()


def _rename_the_drafts_speaker(draft, scheduled):
    speaker = draft.quotes.get().speaker
    speaker.name = "Ana Renamed"
    speaker.save()


def _rename_the_drafts_contact(draft, scheduled):
    contact = draft.contacts.get()
    contact.name = "Bo Renamed"
    contact.save()


def _change_the_drafts_photo(draft, scheduled):
    photo = make_image()
    draft.images.add(photo)
    photo.alt_text = "Another description"
    photo.save()


def _edit_a_scheduled_release(draft, scheduled):
    scheduled.title = "Embargoed Moon lander, final wording"
    scheduled.save()
    scheduled.partner_nations.add(PartnerNation.objects.get(code="BR"))


def _reschedule_a_scheduled_release(draft, scheduled):
    scheduled.published_at += datetime.timedelta(hours=3)
    scheduled.save()


def _delete_the_draft(draft, scheduled):
    draft.delete()


def _make_a_preview_link(draft, scheduled):
    link = PreviewLink(release=draft, expires_at=NOW + datetime.timedelta(days=2))
    previews.issue(link, make_user("paula"))


@pytest.mark.parametrize(
    "change",
    [
        _save_draft,
        _name_a_nation_in_the_draft,
        _quote_in_the_draft,
        _rename_the_drafts_topic,
        _rename_the_drafts_speaker,
        _rename_the_drafts_contact,
        _change_the_drafts_photo,
        _edit_a_scheduled_release,
        _reschedule_a_scheduled_release,
        _delete_the_draft,
        _make_a_preview_link,
    ],
)
def test_what_the_public_cannot_see_keeps_the_cached_pages(
    client, public, draft, scheduled, change
):
    with freeze_time(NOW):
        pages = {url: client.get(url).content for url in [LIST, "/nations/jp/"]}
        token, staff = public_token(), staff_version()
        change(draft, scheduled)
        assert public_token() == token
        for url, content in pages.items():
            assert served_from_cache(client, url).content == content
        if change is not _make_a_preview_link:
            assert staff_version() != staff


def _publish_the_draft(draft, public):
    draft.status = PUBLISHED
    draft.published_at = NOW - datetime.timedelta(hours=1)
    draft.save()
    return "Mars draft"


def _return_the_public_release_to_draft(draft, public):
    public.status = DRAFT
    public.save()
    return "No release matches."


def _delete_the_public_release(draft, public):
    public.delete()
    return "No release matches."


def _change_the_public_releases_photo(draft, public):
    photo = make_image()
    public.images.add(photo)
    photo.alt_text = "Venus seen from the probe"
    photo.save()
    return "Venus seen from the probe"


@pytest.mark.parametrize(
    "change",
    [
        _publish_the_draft,
        _return_the_public_release_to_draft,
        _delete_the_public_release,
        _change_the_public_releases_photo,
    ],
)
def test_what_the_public_can_see_renews_the_cached_pages(client, public, draft, change):
    with freeze_time(NOW):
        assert "Venus probe" in client.get(LIST).text
        token = public_token()
        shown = change(draft, public)
        assert public_token() != token
        assert shown in client.get(LIST).text


def test_a_nation_no_release_names_is_renamed_on_its_page(client):
    url = reverse("releases:nation", kwargs={"code": "br"})
    assert "Brazil" in client.get(url).text
    nation = PartnerNation.objects.get(code="BR")
    nation.name_en = "Brasil"
    nation.save()
    assert "Brasil" in client.get(url).text


def test_a_draft_is_counted_by_the_staff_report_at_once(client, public):
    client.force_login(make_user("reader", groups=[STAFF_READERS]))
    report = reverse("staff:report")
    assert client.get(report).context["report"].total == 1
    token = public_token()
    make_release("Mars draft", status=DRAFT, nations=["IN"])
    assert public_token() == token
    assert client.get(report).context["report"].total == 2


# The times below stay within a day of NOW: the cache would forget a page after.


def test_a_release_rescheduled_earlier_appears_at_its_new_time(client, public):
    at = NOW + datetime.timedelta(hours=6)
    with freeze_time(NOW):
        release = make_release("Embargoed Moon lander", published_at=at)
        assert "Moon lander" not in client.get(LIST).text
        release.published_at = at - datetime.timedelta(hours=3)
        release.save()
        assert "Moon lander" not in served_from_cache(client, LIST).text
    with freeze_time(at - datetime.timedelta(hours=3)):
        assert "Moon lander" in client.get(LIST).text


def test_a_release_rescheduled_later_does_not_appear_at_its_old_time(client, public):
    at = NOW + datetime.timedelta(hours=3)
    with freeze_time(NOW):
        release = make_release("Embargoed Moon lander", published_at=at)
        assert "Moon lander" not in client.get(LIST).text
        release.published_at = at + datetime.timedelta(hours=3)
        release.save()
    with freeze_time(at + datetime.timedelta(minutes=1)):
        assert "Moon lander" not in served_from_cache(client, LIST).text
    with freeze_time(at + datetime.timedelta(hours=3)):
        assert "Moon lander" in client.get(LIST).text


def test_a_scheduled_release_shows_its_last_wording_at_its_time(
    client, public, scheduled
):
    with freeze_time(NOW):
        client.get(LIST)
        client.get("/nations/br/")
        _edit_a_scheduled_release(None, scheduled)
    with freeze_time(scheduled.published_at):
        assert "final wording" in client.get(LIST).text
        assert "final wording" in client.get("/nations/br/").text

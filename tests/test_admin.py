import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from releases.models import PressRelease
from tests.factories import (
    add_quote,
    make_contact,
    make_release,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_creates_a_release_with_quotes_nations_and_contacts(client, editor):
    president = make_speaker()
    contact = make_contact()
    topic = make_topic("Exploration")
    data = {
        "title": "ISEF2 in Tokyo",
        "slug": "isef2-in-tokyo",
        "language": "en",
        "summary": "CNES at ISEF2.",
        "body": "Saturday 3 March in Tokyo, *CNES* took part.",
        "status": "published",
        "published_at_0": "2018-03-05",
        "published_at_1": "09:00:00",
        "event_place": "Tokyo",
        "event_date": "2018-03-03",
        "source_url": "",
        "topics": [topic.pk],
        **inline_management("releasenation_set", 2),
        "releasenation_set-0-nation": "JP",
        "releasenation_set-0-category": "partner",
        "releasenation_set-1-nation": "US",
        "releasenation_set-1-category": "",
        **inline_management("quotes", 2),
        "quotes-0-speaker": president.pk,
        "quotes-0-role": "CNES President",
        "quotes-0-text": "We have succeeded.",
        "quotes-0-position": "0",
        "quotes-1-speaker": president.pk,
        "quotes-1-role": "CNES President",
        "quotes-1-text": "And we go on.",
        "quotes-1-position": "1",
        **inline_management("releaseimage_set"),
        **inline_management("releasedocument_set"),
        **inline_management("releasespeaker_set"),
        **inline_management("releasecontact_set", 1),
        "releasecontact_set-0-contact": contact.pk,
        "releasecontact_set-0-position": "0",
    }
    response = client.post(reverse("admin:releases_pressrelease_add"), data)
    assert response.status_code == 302, response.context["errors"]
    release = PressRelease.objects.get(slug="isef2-in-tokyo")
    assert [(q.speaker.name, q.role, q.text) for q in release.quotes.all()] == [
        ("Jean-Yves Le Gall", "CNES President", "We have succeeded."),
        ("Jean-Yves Le Gall", "CNES President", "And we go on."),
    ]
    assert [(n.nation_id, n.category) for n in release.releasenation_set.all()] == [
        ("JP", "partner"),
        ("US", ""),
    ]
    assert list(release.contacts.all()) == [contact]
    assert list(release.topics.all()) == [topic]
    assert (
        release.body_html
        == "<p>Saturday 3 March in Tokyo, <em>CNES</em> took part.</p>"
    )
    assert (release.created_by, release.updated_by) == (editor, editor)


def test_publishing_without_a_date_is_a_form_error_not_a_crash(client, publisher):
    data = {
        "title": "Undated",
        "slug": "undated",
        "language": "en",
        "body": "Text.",
        "status": "published",
        **inline_management("releasenation_set"),
        **inline_management("quotes"),
        **inline_management("releasespeaker_set"),
        **inline_management("releasecontact_set"),
    }
    response = client.post(reverse("admin:releases_pressrelease_add"), data)
    assert response.status_code == 200
    assert (
        "A published release needs a publication date: set one, or keep the release "
        "as a draft." in response.text
    )
    assert not PressRelease.objects.filter(slug="undated").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_release_list_runs_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries, count
):
    topic = make_topic()
    for _ in range(count):
        make_release(nations=["JP", "IN"], topics=[topic], updated_by=editor)
    # 13 queries, and the savepoint pair of the revision that VersionAdmin opens
    # around the list (so that its actions are versioned).
    with django_assert_num_queries(15):
        response = client.get(reverse("admin:releases_pressrelease_changelist"))
    assert response.status_code == 200
    assert "IN, JP" in response.text


# Session, user, permissions, the revision's savepoints, counts and the page.
ADMIN_LIST_QUERIES = 9


def add_people(first, last):
    for number in range(first, last):
        release = make_release(nations=["JP"])
        add_quote(release, make_speaker(f"Speaker {number}"))
        make_contact(f"Contact {number}")
        make_topic(f"Topic {number}")


@pytest.mark.parametrize("model", ["speaker", "contact", "topic", "partnernation"])
def test_other_admin_lists_run_the_same_queries_for_3_and_30_rows(
    client, editor, model
):
    url = reverse(f"admin:releases_{model}_changelist")
    counts = []
    for first, last in [(0, 3), (3, 30)]:
        add_people(first, last)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [ADMIN_LIST_QUERIES, ADMIN_LIST_QUERIES]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:releases_pressrelease_changelist") + "?q=forum",
        reverse("admin:releases_pressrelease_changelist") + "?status=draft",
        reverse("admin:releases_pressrelease_changelist") + "?year=2018",
        reverse("admin:releases_pressrelease_changelist") + "?partner_nations=JP",
        reverse("admin:releases_pressrelease_add"),
        reverse("admin:releases_partnernation_changelist") + "?q=jap",
    ],
)
def test_admin_pages_answer_for_an_editor(client, editor, url):
    make_release("Tokyo forum", nations=["JP"])
    assert client.get(url).status_code == 200


def test_nation_autocomplete_offers_every_iso_country(client, editor):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "releases",
            "model_name": "releasenation",
            "field_name": "nation",
            "term": "emir",
        },
    )
    assert response.json()["results"] == [{"id": "AE", "text": "United Arab Emirates"}]


def test_editors_group_can_write_releases_but_not_delete_nations(editor):
    assert editor.has_perm("releases.add_pressrelease")
    assert editor.has_perm("releases.change_pressrelease")
    assert editor.has_perm("releases.add_quote")
    assert editor.has_perm("releases.view_partnernation")
    assert not editor.has_perm("releases.delete_partnernation")
    assert not editor.has_perm("auth.change_user")


def test_view_on_site_previews_a_draft(client, editor):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    change = client.get(reverse("admin:releases_pressrelease_change", args=[draft.pk]))
    assert "View on site" in change.text
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "Preview: this release is a draft" in preview.text


def test_publish_action_dates_undated_releases(client, publisher):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    response = client.post(
        reverse("admin:releases_pressrelease_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "1 release published." in response.text
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.is_published()

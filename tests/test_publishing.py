import datetime

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from freezegun import freeze_time
from reversion.models import Version

from releases import publishing
from releases.models import PressRelease, PublicationEvent
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_release, make_user

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 5, 9, 0, tzinfo=datetime.UTC)
LATER = datetime.datetime(2027, 3, 10, 8, 0, tzinfo=datetime.UTC)
EARLIER = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)
DRAFT = PressRelease.Status.DRAFT


@pytest.fixture
def publisher():
    return make_user("publisher", groups=["Publishers"])


@pytest.fixture
def editor():
    return make_user("editor", groups=["Editors"])


def log(release):
    return list(
        PublicationEvent.objects.filter(release=release)
        .order_by("pk")
        .values_list("action", "published_at", "created_at", "created_by__username")
    )


@freeze_time(NOW)
def test_publish_makes_an_undated_draft_public_now_and_logs_it(publisher):
    draft = make_release("Draft", status=DRAFT)
    assert publishing.publish(draft, publisher) is True
    draft.refresh_from_db()
    assert (draft.status, draft.published_at, draft.is_published()) == (
        "published",
        NOW,
        True,
    )
    assert draft.updated_by == publisher
    assert log(draft) == [("published", NOW, NOW, "publisher")]


@freeze_time(NOW)
def test_publish_at_a_future_time_schedules(publisher):
    draft = make_release("Draft", status=DRAFT)
    assert publishing.publish(draft, publisher, at=LATER) is True
    assert (draft.status, draft.published_at, draft.is_scheduled()) == (
        "published",
        LATER,
        True,
    )
    assert log(draft) == [("scheduled", LATER, NOW, "publisher")]


@freeze_time(NOW)
def test_publishing_a_published_release_at_its_date_changes_nothing(publisher):
    release = make_release("Public", published_at=EARLIER)
    assert publishing.publish(release, publisher) is False
    assert log(release) == []


@freeze_time(NOW)
def test_unpublish_returns_to_draft_keeps_the_date_and_logs_it(publisher):
    release = make_release("Public", published_at=EARLIER)
    assert publishing.unpublish(release, publisher) is True
    release.refresh_from_db()
    assert (release.status, release.published_at) == ("draft", EARLIER)
    assert log(release) == [("unpublished", None, NOW, "publisher")]
    assert publishing.unpublish(release, publisher) is False


def test_an_editor_cannot_publish_or_unpublish_through_the_service(editor):
    draft = make_release("Draft", status=DRAFT)
    public = make_release("Public")
    with pytest.raises(PermissionDenied):
        publishing.publish(draft, editor)
    with pytest.raises(PermissionDenied):
        publishing.unpublish(public, editor)
    draft.refresh_from_db()
    public.refresh_from_db()
    assert (draft.status, public.status) == ("draft", "published")
    assert PublicationEvent.objects.count() == 0


def test_editors_see_the_status_read_only_and_may_date_a_draft(client, editor):
    client.force_login(editor)
    draft = make_release("Draft", status=DRAFT)
    response = client.get(change_url(draft))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "published_at" in form.fields
    assert '<div class="readonly">Draft</div>' in response.text


def test_editors_see_the_date_of_a_published_release_read_only(client, editor):
    client.force_login(editor)
    response = client.get(change_url(make_release("Public")))
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "published_at" not in form.fields


def test_a_crafted_post_cannot_make_an_editor_publish(client, editor):
    client.force_login(editor)
    draft = make_release("Draft", status=DRAFT)
    data = change_form_data(
        client.get(change_url(draft)),
        title="Draft, edited",
        status="published",
        published_at_0="2027-03-05",
        published_at_1="09:00:00",
    )
    response = client.post(change_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Draft, edited", "draft")
    assert PublicationEvent.objects.count() == 0


@freeze_time(NOW)
def test_a_crafted_post_cannot_make_an_editor_move_or_withdraw_a_publication(
    client, editor
):
    client.force_login(editor)
    public = make_release("Public", published_at=EARLIER)
    data = change_form_data(
        client.get(change_url(public)),
        status="draft",
        published_at_0="2027-04-01",
        published_at_1="09:00:00",
    )
    assert client.post(change_url(public), data).status_code == 302
    public.refresh_from_db()
    assert (public.status, public.published_at) == ("published", EARLIER)
    assert PublicationEvent.objects.count() == 0


@freeze_time(NOW)
def test_a_publisher_publishes_from_the_form_and_it_is_logged(client, publisher):
    client.force_login(publisher)
    draft = make_release("Draft", status=DRAFT)
    data = change_form_data(
        client.get(change_url(draft)),
        status="published",
        published_at_0="2027-03-10",
        published_at_1="09:00:00",
    )
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", LATER)
    assert log(draft) == [("scheduled", LATER, NOW, "publisher")]
    page = client.get(change_url(draft)).text
    assert "Publication log" in page
    assert "Scheduled" in page


def test_saving_a_release_published_by_the_action_keeps_its_publication(
    client, publisher
):
    """The action publishes at the time of the click, to the microsecond; the
    form shows it to the second. Saving the form must not move the date."""
    draft = make_release("Draft", status=DRAFT)
    clicked = NOW.replace(microsecond=250_000)
    with freeze_time(clicked):
        client.force_login(publisher)
        publishing.publish(draft, publisher)
    with freeze_time(LATER):
        data = change_form_data(
            client.get(change_url(draft)), title="Retitled", _continue="1"
        )
        response = client.post(change_url(draft), data, follow=True)
    draft.refresh_from_db()
    assert (draft.title, draft.published_at) == ("Retitled", clicked)
    assert log(draft) == [("published", clicked, clicked, "publisher")]
    assert [str(message) for message in response.context["messages"]] == [
        f'The press release “<a href="{change_url(draft)}">Retitled</a>” was '
        "changed successfully. You may edit it again below."
    ]


def test_the_publish_actions_are_not_offered_to_editors(client, editor):
    client.force_login(editor)
    make_release("Public")
    response = client.get(reverse("admin:releases_pressrelease_changelist"))
    choices = [
        value for value, _ in response.context["action_form"].fields["action"].choices
    ]
    assert choices == ["", "delete_selected"]


def test_a_crafted_publish_action_by_an_editor_does_nothing(client, editor):
    client.force_login(editor)
    draft = make_release("Draft", status=DRAFT)
    public = make_release("Public")
    for action, release in (("publish", draft), ("unpublish", public)):
        response = client.post(
            reverse("admin:releases_pressrelease_changelist"),
            {"action": action, "_selected_action": [release.pk]},
            follow=True,
        )
        assert "No action selected." in response.text
    draft.refresh_from_db()
    public.refresh_from_db()
    assert (draft.status, public.status) == ("draft", "published")


def test_a_publisher_unpublishes_with_the_action(client, publisher):
    public = make_release("Public", published_at=EARLIER)
    draft = make_release("Draft", status=DRAFT)
    changelist = reverse("admin:releases_pressrelease_changelist")
    with freeze_time(NOW):
        # The list is not shown under freezegun, whose dates the date hierarchy
        # of the list cannot prefetch on.
        client.force_login(publisher)
        response = client.post(
            changelist,
            {"action": "unpublish", "_selected_action": [public.pk, draft.pk]},
        )
    assert response.status_code == 302
    assert "1 release returned to draft." in client.get(changelist).text
    public.refresh_from_db()
    assert public.status == "draft"
    assert log(public) == [("unpublished", None, NOW, "publisher")]


def test_only_a_publisher_may_delete_a_published_release(client, editor, publisher):
    draft = make_release("Draft", status=DRAFT)
    scheduled = make_release(
        "Scheduled", published_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    )
    delete = "admin:releases_pressrelease_delete"
    client.force_login(editor)
    assert client.get(reverse(delete, args=[scheduled.pk])).status_code == 403
    assert client.get(reverse(delete, args=[draft.pk])).status_code == 200
    client.force_login(publisher)
    assert client.get(reverse(delete, args=[scheduled.pk])).status_code == 200


@freeze_time(NOW)
def test_each_change_of_publication_is_followed_up_once_committed(
    publisher, django_capture_on_commit_callbacks, caplog
):
    draft = make_release("Draft", status=DRAFT)
    caplog.set_level("INFO", logger="releases.publishing")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publishing.publish(draft, publisher, at=LATER)
    assert len(callbacks) == 1
    event = PublicationEvent.objects.get(release=draft)
    assert caplog.messages == [
        f"Release {draft.pk}: scheduled (public from 2027-03-10T08:00:00+00:00) "
        f"by publisher"
    ]
    assert event.action == "scheduled"
    with django_capture_on_commit_callbacks() as callbacks:
        publishing.publish(draft, publisher, at=LATER)
        draft.title = "Draft, renamed"
        publishing.save_release(draft, publisher)
    assert callbacks == []


def test_a_refused_change_writes_nothing(editor):
    public = make_release("Public", published_at=EARLIER)
    public.title = "Public, renamed"
    public.status = DRAFT
    with pytest.raises(PermissionDenied):
        publishing.save_release(public, editor)
    public.refresh_from_db()
    assert (public.title, public.status) == ("Public", "published")


def deleted_release_url(release):
    """Delete ``release``, saved once as a version; return its recover page."""
    with reversion.create_revision():
        reversion.add_to_revision(release)
    release.delete()
    version = Version.objects.get_deleted(PressRelease).get()
    return reverse("admin:releases_pressrelease_recover", args=[version.pk])


@freeze_time(NOW)
def test_only_a_publisher_recovers_a_deleted_public_release(client, editor, publisher):
    release = make_release("Public", published_at=EARLIER)
    pk = release.pk
    url = deleted_release_url(release)
    for user, status in ((editor, 403), (publisher, 302)):
        client.force_login(user)
        assert client.post(url, change_form_data(client.get(url))).status_code == status
        assert PressRelease.objects.filter(pk=pk).exists() is (status == 302)
    assert PressRelease.objects.get(pk=pk).is_published()
    assert log(pk) == [("published", EARLIER, NOW, "publisher")]

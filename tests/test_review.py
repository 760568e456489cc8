"""Changes to published and scheduled releases wait for a publisher; drafts are
submitted for review; publishers see what waits in a queue."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from freezegun import freeze_time
from reversion.models import Version

from releases.models import (
    ContentVersion,
    PendingChange,
    PressRelease,
    PublicationEvent,
)
from releases.versioning import bump_content_version
from tests.admin_forms import change_form_data, change_url
from tests.factories import (
    add_quote,
    make_release,
    make_speaker,
    make_user,
    paris,
)

pytestmark = pytest.mark.django_db

PUBLISHED_AT = paris(2027, 1, 10, 10)
OPENED = paris(2027, 3, 1, 9)
SAVED = paris(2027, 3, 1, 9, 30)
REVIEWED = paris(2027, 3, 2, 14)
LATER = paris(2027, 6, 1, 10)
PENDING = PendingChange.State.PENDING
LOGGED_IN = paris(2027, 2, 20, 9)


def client_for(username, group, first_name=""):
    user = make_user(username, groups=[group])
    user.first_name = first_name
    user.save()
    client = Client()
    with freeze_time(LOGGED_IN):  # the session lasts two weeks
        client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def alice():
    return client_for("alice", "Editors", "Alice")


@pytest.fixture
def bruno():
    return client_for("bruno", "Editors", "Bruno")


@pytest.fixture
def paula():
    return client_for("paula", "Publishers", "Paula")


@pytest.fixture
def live():
    """A public release with a quote and a nation."""
    with freeze_time(PUBLISHED_AT):
        release = make_release(
            "Mars sample return",
            published_at=PUBLISHED_AT,
            body="CNES joins the mission.",
            nations=["US"],
        )
        add_quote(release, make_speaker(), "A great day.")
    return release


def review_url(change):
    return reverse(
        "admin:releases_pressrelease_review", args=[change.release_id, change.pk]
    )


def edit(client, release, at=SAVED, **changes):
    """Open the release's change form and save it with ``changes``."""
    with freeze_time(OPENED):
        form = client.get(change_url(release))
    with freeze_time(at):
        return client.post(change_url(release), change_form_data(form, **changes))


def followed(client, response):
    """Return the page a redirect leads to (the release list is not shown under
    freezegun, whose dates its date hierarchy cannot read)."""
    assert response.status_code == 302, response.context and response.context["errors"]
    return client.get(response["Location"])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


EDIT = {
    "title": "Mars sample return: CNES's part",
    "body": "CNES joins the mission.\n\nIt builds the cameras.",
    "quotes-0-text": "A great day for science.",
    "releasenation_set-0-DELETE": "on",
    "releasenation_set-1-nation": "FR",
}


def live_as_public_sees_it(release):
    release = PressRelease.objects.get(pk=release.pk)
    return (
        release.title,
        release.body,
        [quote.text for quote in release.quotes.all()],
        [link.nation_id for link in release.releasenation_set.all()],
        release.updated_at,
    )


ORIGINAL = (
    "Mars sample return",
    "CNES joins the mission.",
    ["A great day."],
    ["US"],
    PUBLISHED_AT,
)


# An editor's changes to a live release


def test_an_editors_changes_to_a_public_release_wait_for_a_publisher(alice, live):
    response = edit(alice, live, **EDIT)
    assert response["Location"] == reverse("admin:releases_pressrelease_changelist")
    assert messages_of(followed(alice, response)) == [
        "“Mars sample return”: your changes are waiting for a publisher."
    ]
    assert live_as_public_sees_it(live) == ORIGINAL
    change = PendingChange.objects.get()
    assert (change.release, change.author, change.state) == (live, alice.user, PENDING)
    assert (change.created_at, change.based_on) == (SAVED, PUBLISHED_AT)
    assert change.data["title"] == ["Mars sample return: CNES's part"]
    assert change.data["releasenation_set-0-DELETE"] == ["on"]
    assert "csrfmiddlewaretoken" not in change.data
    assert PressRelease.objects.get(pk=live.pk).state == "changes_pending"
    assert Version.objects.get_for_object(live).count() == 0
    assert PublicationEvent.objects.count() == 0


def test_an_editors_changes_to_a_scheduled_release_wait_too(alice):
    with freeze_time(OPENED):
        scheduled = make_release("Launch of SWOT", published_at=LATER)
    edit(alice, scheduled, title="Launch of SWOT, postponed")
    assert PressRelease.objects.get(pk=scheduled.pk).title == "Launch of SWOT"
    assert PendingChange.objects.get().data["title"] == ["Launch of SWOT, postponed"]


def test_an_editors_draft_changes_are_saved_at_once(alice):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    edit(alice, draft, title="Draft, renamed")
    assert PressRelease.objects.get(pk=draft.pk).title == "Draft, renamed"
    assert PendingChange.objects.count() == 0


def test_invalid_changes_show_the_errors_and_are_not_kept(alice, live):
    response = edit(alice, live, title="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "title": ["This field is required."]
    }
    assert PendingChange.objects.count() == 0
    assert live_as_public_sees_it(live) == ORIGINAL


def test_saving_again_replaces_the_editors_own_changes(alice, live):
    edit(alice, live, title="First try")
    response = edit(
        alice, live, at=SAVED + datetime.timedelta(hours=1), title="Second try"
    )
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.data["title"] == ["Second try"]
    assert change.updated_at == SAVED + datetime.timedelta(hours=1)


def test_the_editor_finds_their_changes_in_the_form_again(alice, live):
    edit(alice, live, **EDIT)
    response = alice.get(change_url(live))
    form = response.context["adminform"].form
    assert form["title"].value() == "Mars sample return: CNES's part"
    quotes = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert [f["text"].value() for f in quotes["quotes"].formset.forms] == [
        "A great day for science."
    ]
    assert response.context["review_notice"] == {
        "text": "These are your changes, saved on 1 March 2027, 09:30 (Paris time) "
        "and waiting for a publisher: the public still sees the published "
        "version. Saving again replaces them.",
        "level": "info",
    }
    resaved = alice.post(change_url(live), change_form_data(response, body="Again."))
    assert resaved.status_code == 302
    data = PendingChange.objects.get().data
    assert (data["title"], data["body"]) == (
        ["Mars sample return: CNES's part"],
        ["Again."],
    )
    assert data["releasenation_set-1-nation"] == ["FR"]
    assert live_as_public_sees_it(live) == ORIGINAL


HELD = (
    "Alice's changes to this release, saved on 1 March 2027, 09:30 (Paris time), "
    "are waiting for a publisher. It can be changed again once a publisher has "
    "published or discarded them."
)


def test_another_editor_is_told_who_holds_the_changes_and_cannot_save(
    alice, bruno, live
):
    edit(alice, live, **EDIT)
    response = bruno.get(change_url(live))
    assert response.context["review_notice"] == {"text": HELD, "level": "warning"}
    assert escape(HELD) in response.text
    assert response.context["has_change_permission"] is False
    assert not any(
        f.formset.forms and f.has_change_permission
        for f in response.context["inline_admin_formsets"]
    )
    refused = bruno.post(change_url(live), {"title": "Bruno's title"})
    assert refused.status_code == 403
    assert PendingChange.objects.get().author == alice.user
    assert live_as_public_sees_it(live) == ORIGINAL


def test_a_publisher_must_review_the_changes_before_editing(alice, paula, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    response = paula.get(change_url(live))
    assert response.context["has_change_permission"] is False
    assert f'<a href="{review_url(change)}">Review changes</a>' in response.text
    assert paula.post(change_url(live), {"title": "Paula's"}).status_code == 403
    history = reverse("admin:releases_pressrelease_history", args=[live.pk])
    assert paula.get(history).status_code == 200


def test_an_editor_cannot_restore_a_version_of_a_public_release(alice, paula, live):
    with freeze_time(SAVED):
        edit(paula, live, title="Mars sample return, renamed")
    first = Version.objects.get_for_object(live).get()
    url = reverse("admin:releases_pressrelease_revision", args=[live.pk, first.pk])
    response = alice.post(url, change_form_data(alice.get(url), title="Old"))
    assert response.status_code == 403
    assert PressRelease.objects.get(pk=live.pk).title == "Mars sample return, renamed"


# The publisher's review


def test_the_publisher_reviews_the_changes_against_the_public_version(
    alice, paula, live
):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    response = paula.get(review_url(change))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [(f["label"], f["old"], f["new"]) for f in comparison["fields"]] == [
        ("Title", "Mars sample return", "Mars sample return: CNES's part"),
        (
            "Body",
            "CNES joins the mission.",
            "CNES joins the mission.\n\nIt builds the cameras.",
        ),
    ]
    assert [(p["action"], p["label"]) for p in comparison["parts"]] == [
        ("Changed", "Quote: Jean-Yves Le Gall: A great day for science."),
        ("Removed", "Partner nation: United States – Mars sample return"),
        ("Added", "Partner nation: France – Mars sample return: CNES's part"),
    ]
    assert response.context["errors"] == []
    assert '<input type="submit" class="default" name="_publish" value="Publish ' in (
        response.text
    )
    assert 'value="Discard changes"' in response.text
    assert live_as_public_sees_it(live) == ORIGINAL
    assert PendingChange.objects.get().state == PENDING


def test_the_comparison_leaves_out_a_publication_date_the_form_rounds(
    alice, paula, live
):
    """The publish action dates a release to the microsecond, the form to the
    second: the date the changes did not touch is not among what they change."""
    clicked = PUBLISHED_AT.replace(microsecond=250_000)
    PressRelease.objects.filter(pk=live.pk).update(published_at=clicked)
    edit(alice, live, title="Mars sample return: CNES's part")
    response = paula.get(review_url(PendingChange.objects.get()))
    assert [f["label"] for f in response.context["comparison"]["fields"]] == ["Title"]


def test_only_publishers_review_changes(alice, bruno, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    for client in (alice, bruno):
        assert client.get(review_url(change)).status_code == 403
        assert client.post(review_url(change), {"_publish": "1"}).status_code == 403
    assert PendingChange.objects.get().state == PENDING


def test_publishing_the_changes_makes_them_public(alice, paula, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    with freeze_time(REVIEWED):
        response = paula.post(review_url(change), {"_publish": "1"})
    assert messages_of(followed(paula, response)) == [
        "The changes by Alice to “Mars sample return” are now public."
    ]
    assert live_as_public_sees_it(live) == (
        "Mars sample return: CNES's part",
        "CNES joins the mission.\n\nIt builds the cameras.",
        ["A great day for science."],
        ["FR"],
        REVIEWED,
    )
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decided_at) == (
        "published",
        paula.user,
        REVIEWED,
    )
    assert change.comparison["fields"][0]["new"] == "Mars sample return: CNES's part"
    released = PressRelease.objects.get(pk=live.pk)
    assert (released.updated_by, released.status) == (paula.user, "published")
    version = Version.objects.get_for_object(live).get()
    assert (version.revision.user, version.revision.get_comment()) == (
        paula.user,
        "Changes by Alice, published by Paula",
    )
    page = paula.get(review_url(change))
    assert page.context["comparison"] == change.comparison
    assert "Publish changes" not in page.text
    assert page.context["sentence"] == (
        "Changes by Alice, saved on 1 March 2027, 09:30: published by Paula on "
        "2 March 2027, 14:00 (Paris time)."
    )
    assert alice.get(review_url(change)).status_code == 200
    assert PublicationEvent.objects.count() == 0


STALE = (
    "The public version of this release was changed by Paula on 1 March 2027, "
    "12:00 (Paris time), after these changes were made: publishing them would "
    "undo that. Discard them, and ask Alice to make them again."
)


def test_changes_made_on_an_older_public_version_are_not_published(alice, paula, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    with freeze_time(paris(2027, 3, 1, 12)):
        live.refresh_from_db()
        live.summary = "Changed by a publisher meanwhile."
        live.updated_by = paula.user
        live.save()
    assert STALE in paula.get(review_url(change)).text
    with freeze_time(REVIEWED):
        response = paula.post(review_url(change), {"_publish": "1"})
    assert messages_of(followed(paula, response)) == [STALE]
    assert PressRelease.objects.get(pk=live.pk).title == "Mars sample return"
    assert PendingChange.objects.get().state == PENDING


def test_discarding_the_changes_keeps_the_public_version(alice, paula, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    with freeze_time(REVIEWED):
        response = paula.post(review_url(change), {"_discard": "1"})
    assert messages_of(followed(paula, response)) == [
        "The changes by Alice to “Mars sample return” are discarded."
    ]
    assert live_as_public_sees_it(live) == ORIGINAL
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decided_at) == (
        "discarded",
        paula.user,
        REVIEWED,
    )
    assert change.comparison["fields"][0]["old"] == "Mars sample return"
    with freeze_time(REVIEWED):
        assert PressRelease.objects.get(pk=live.pk).state == "published"
    edit(alice, live, title="A new try")
    assert PendingChange.objects.filter(state=PENDING).count() == 1


def test_the_review_history_is_listed_on_the_release(alice, paula, live):
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    with freeze_time(REVIEWED):
        paula.post(review_url(change), {"_discard": "1"})
    page = paula.get(change_url(live)).text
    assert (
        "Changes by Alice, saved on 1 March 2027, 09:30: discarded by Paula on "
        f'2 March 2027, 14:00 (Paris time). <a href="{review_url(change)}">'
        "See the changes</a>"
    ) in page


def test_a_publishers_own_changes_to_a_public_release_are_public_at_once(paula, live):
    response = edit(paula, live, title="Mars sample return, renamed")
    assert messages_of(followed(paula, response)) == [
        f'The press release “<a href="{change_url(live)}">Mars sample return, '
        "renamed</a>” was changed successfully."
    ]
    assert PressRelease.objects.get(pk=live.pk).title == "Mars sample return, renamed"
    assert PendingChange.objects.count() == 0


def test_a_release_has_at_most_one_pending_change(alice, bruno, live):
    PendingChange.objects.create(
        release=live, author=alice.user, data={}, based_on=PUBLISHED_AT
    )
    with pytest.raises(IntegrityError):
        PendingChange.objects.create(
            release=live, author=bruno.user, data={}, based_on=PUBLISHED_AT
        )


def test_an_editors_import_cannot_change_a_public_release(alice, live):
    from releases.importer import decode, parse_release
    from releases.loading import save_parsed_release
    from releases.publishing import ChangesNeedReview
    from tests.test_history import DATA

    parsed = parse_release(decode((DATA / "000_dce3d40c0314292c.txt").read_bytes()))
    release = save_parsed_release(parsed, publish=True).release
    PressRelease.objects.filter(pk=release.pk).update(summary="Shortened by hand.")
    with pytest.raises(ChangesNeedReview) as error:
        save_parsed_release(parsed, user=alice.user)
    assert str(error.value) == (
        f"“{release.title}” is public or scheduled: a publisher must approve "
        "changes to it."
    )
    assert PressRelease.objects.get(pk=release.pk).summary == "Shortened by hand."


# Submitted for review


def test_an_editor_submits_a_draft_for_review_and_withdraws_it(alice):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    response = edit(alice, draft, _submit_for_review="1")
    assert response["Location"] == change_url(draft)
    response = followed(alice, response)
    assert messages_of(response) == [
        "“Draft” is saved and submitted for review: publishers see it in their queue."
    ]
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_by, draft.submitted_at) == (
        "submitted",
        alice.user,
        SAVED,
    )
    assert response.context["review_notice"] == {
        "text": "Submitted for review by Alice on 1 March 2027, 09:30 (Paris time).",
        "level": "info",
    }
    assert 'name="_withdraw_from_review" value="Withdraw from review"' in (
        response.text
    )
    response = followed(alice, edit(alice, draft, _withdraw_from_review="1"))
    assert messages_of(response) == [
        "“Draft” is saved, and no longer submitted for review."
    ]
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_by, draft.submitted_at) == (
        "draft",
        None,
        None,
    )
    assert 'name="_submit_for_review" value="Submit for review"' in response.text


def test_the_submit_button_is_for_editors_on_drafts(alice, paula, live):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    assert "Submit for review" in alice.get(change_url(draft)).text
    add = reverse("admin:releases_pressrelease_add")
    assert "Submit for review" in alice.get(add).text
    assert "Submit for review" not in alice.get(change_url(live)).text
    assert "Submit for review" not in paula.get(change_url(draft)).text


def test_publishing_a_submitted_draft_clears_its_submission(alice, paula):
    draft = make_release("Draft", status=PressRelease.Status.DRAFT)
    edit(alice, draft, _submit_for_review="1")
    with freeze_time(REVIEWED):
        edit(
            paula,
            draft,
            at=REVIEWED,
            status="published",
            published_at_0="2027-03-02",
            published_at_1="14:00:00",
        )
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.submitted_by) == (
        "published",
        None,
        None,
    )


# The queue


def test_publishers_see_what_waits_for_review_oldest_first(alice, bruno, paula, live):
    with freeze_time(paris(2027, 2, 1, 9)):
        draft = make_release("Draft by Bruno", status=PressRelease.Status.DRAFT)
    edit(bruno, draft, at=paris(2027, 2, 3, 9), _submit_for_review="1")
    edit(alice, live, **EDIT)
    change = PendingChange.objects.get()
    make_release("Another draft", status=PressRelease.Status.DRAFT)
    response = paula.get(reverse("admin:index"))
    assert [
        (item.title, item.what, item.who, item.when, item.url)
        for item in response.context["queue"]
    ] == [
        (
            "Draft by Bruno",
            "Submitted",
            "Bruno",
            "3 February 2027, 09:00",
            change_url(draft),
        ),
        (
            "Mars sample return",
            "Changes",
            "Alice",
            "1 March 2027, 09:30",
            review_url(change),
        ),
    ]
    assert "<caption>Waiting for review</caption>" in response.text
    assert f'<a href="{review_url(change)}">Mars sample return</a>' in response.text
    assert "Waiting for review" not in alice.get(reverse("admin:index")).text


def test_an_empty_queue_says_so(paula):
    response = paula.get(reverse("admin:index"))
    assert response.context["queue"] == []
    assert "Nothing is waiting for a publisher." in response.text


# What the public sees


def test_keeping_changes_leaves_the_public_pages_cached(alice, client, live):
    bump_content_version()
    token = ContentVersion.objects.get().token
    with freeze_time(SAVED - datetime.timedelta(minutes=1)):
        cached = client.get(live.get_absolute_url())
    assert "Mars sample return" in cached.text
    edit(alice, live, **EDIT)
    assert ContentVersion.objects.get().token == token
    with (
        freeze_time(SAVED + datetime.timedelta(minutes=1)),
        CaptureQueriesContext(connection) as queries,
    ):
        again = client.get(live.get_absolute_url())
    assert len(queries) == 1  # the content version: the page comes from the cache
    assert again.content == cached.content
    assert again["ETag"] == cached["ETag"]

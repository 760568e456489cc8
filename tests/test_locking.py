import datetime

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from releases.models import PressRelease
from tests.admin_forms import change_form_data
from tests.factories import add_quote, make_release, make_speaker, make_user

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
BOB_SAVES = datetime.datetime(2026, 11, 20, 9, 42, tzinfo=datetime.UTC)
ALICE_SAVES = datetime.datetime(2026, 11, 20, 9, 50, tzinfo=datetime.UTC)
CONFLICT = (
    "Someone else changed this release since you opened it: Bob Martin, on "
    "Nov. 20, 2026 at 10:42. Your changes were not saved; copy them, reload the "
    "page and apply them again."
)


def editor_client(username, first_name, last_name):
    user = make_user(username, groups=["Editors"])
    user.first_name, user.last_name = first_name, last_name
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def release():
    with freeze_time(OPENED - datetime.timedelta(days=1)):
        release = make_release("Original title", status=PressRelease.Status.DRAFT)
        add_quote(release, make_speaker(), "Original quote.")
    return release


def test_the_second_of_two_editors_is_refused_and_told_who_changed_it(release):
    alice = editor_client("alice", "Alice", "Durand")
    bob = editor_client("bob", "Bob", "Martin")
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    with freeze_time(OPENED):
        alice_form = alice.get(url)
        bob_form = bob.get(url)
    with freeze_time(BOB_SAVES):
        response = bob.post(url, change_form_data(bob_form, title="Bob's title"))
    assert response.status_code == 302
    with freeze_time(ALICE_SAVES):
        response = alice.post(
            url,
            change_form_data(
                alice_form, title="Alice's title", **{"quotes-0-text": "Alice's."}
            ),
        )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [CONFLICT]
    assert CONFLICT in response.text
    release.refresh_from_db()
    assert release.title == "Bob's title"
    assert [quote.text for quote in release.quotes.all()] == ["Original quote."]
    assert release.updated_at == BOB_SAVES

    with freeze_time(ALICE_SAVES):
        reloaded = alice.get(url)
        response = alice.post(url, change_form_data(reloaded, title="Alice's title"))
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title, release.updated_at) == ("Alice's title", ALICE_SAVES)


def test_an_editor_may_save_twice_in_a_row(release):
    alice = editor_client("alice", "Alice", "Durand")
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    for title in ("First", "Second"):
        form = alice.get(url)
        response = alice.post(
            url, change_form_data(form, title=title, _continue="Save and continue")
        )
        assert response.status_code == 302
    release.refresh_from_db()
    assert release.title == "Second"


def test_a_form_without_the_version_it_was_loaded_at_is_refused(release):
    alice = editor_client("alice", "Alice", "Durand")
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    data = change_form_data(alice.get(url), title="Blind write")
    del data["loaded_version"]
    response = alice.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Someone else changed this release since you opened it: an import or "
        "another program, on Nov. 19, 2026 at 10:00. Your changes were not saved; "
        "copy them, reload the page and apply them again."
    ]
    release.refresh_from_db()
    assert release.title == "Original title"

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from freezegun import freeze_time
from reversion.models import Version

from releases.importer import decode, parse_release
from releases.loading import save_parsed_release
from releases.models import Document, Image, PressRelease, PublicationEvent, Quote
from tests.admin_forms import change_form_data, change_url
from tests.factories import (
    add_quote,
    make_document,
    make_image,
    make_release,
    make_speaker,
    make_user,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "importer"
FIRST = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
SECOND = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
DRAFT = PressRelease.Status.DRAFT


def edit(client, release, at, **changes):
    with freeze_time(at):
        form = client.get(change_url(release))
        response = client.post(change_url(release), change_form_data(form, **changes))
    assert response.status_code == 302, response.context["errors"]


def versions_of(release):
    return list(Version.objects.get_for_object(release).order_by("pk"))


@pytest.fixture
def edited(client, editor):
    """A draft saved twice in the admin: the second save changes the title and
    the body, and adds a quote."""
    release = make_release(
        "ISEF2 in Tokyo", status=DRAFT, body="Para one.\n\nPara two.\n\nPara three."
    )
    speaker = make_speaker()
    edit(client, release, FIRST, summary="CNES at ISEF2.")
    edit(
        client,
        release,
        SECOND,
        title="ISEF2 in Tokyo, Japan",
        body="Para one.\n\nPara 2.\n\nPara three.",
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-speaker": str(speaker.pk),
            "quotes-0-role": "CNES President",
            "quotes-0-text": "We have succeeded.",
            "quotes-0-position": "0",
        },
    )
    return release


def test_each_admin_save_is_a_version_with_user_time_and_comment(edited, editor):
    versions = versions_of(edited)
    assert [
        (v.revision.date_created, v.revision.user, v.revision.get_comment())
        for v in versions
    ] == [
        (FIRST, editor, "Changed Summary."),
        (
            SECOND,
            editor,
            "Changed Title and Body. Added quote “Jean-Yves Le Gall: We "
            "have succeeded.”.",
        ),
    ]
    second = versions[1]
    assert [v.object_repr for v in second.revision.version_set.order_by("pk")] == [
        "ISEF2 in Tokyo, Japan",
        "Jean-Yves Le Gall: We have succeeded.",
    ]


def test_the_history_page_links_each_version_to_its_changes(client, edited):
    response = client.get(
        reverse("admin:releases_pressrelease_history", args=[edited.pk])
    )
    assert response.status_code == 200
    newest, oldest = versions_of(edited)[::-1]
    for version in (newest, oldest):
        changes = reverse(
            "admin:releases_pressrelease_changes", args=[edited.pk, version.pk]
        )
        assert f'<a href="{changes}">Changes</a>' in response.text
    assert response.text.index(str(newest.pk)) < response.text.index(str(oldest.pk))


def test_the_changes_page_compares_a_version_with_the_one_before(client, edited):
    version = versions_of(edited)[1]
    response = client.get(
        reverse("admin:releases_pressrelease_changes", args=[edited.pk, version.pk])
    )
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [(c.label, c.old, c.new) for c in comparison.fields] == [
        ("Title", "ISEF2 in Tokyo", "ISEF2 in Tokyo, Japan"),
        (
            "Body",
            "Para one.\n\nPara two.\n\nPara three.",
            "Para one.\n\nPara 2.\n\nPara three.",
        ),
    ]
    assert [(line.kind, line.text) for line in comparison.fields[1].lines] == [
        ("same", "Para one."),
        ("same", ""),
        ("removed", "Para two."),
        ("added", "Para 2."),
        ("same", ""),
        ("same", "Para three."),
    ]
    assert [(part.action, part.label) for part in comparison.parts] == [
        ("Added", "Quote: Jean-Yves Le Gall: We have succeeded.")
    ]
    assert "<del>- Para two.</del><ins>+ Para 2.</ins>" in response.text


def test_a_previous_version_is_restored_with_its_quotes(client, edited):
    first = versions_of(edited)[0]
    url = reverse("admin:releases_pressrelease_revision", args=[edited.pk, first.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert client.post(url, change_form_data(form)).status_code == 302
    edited.refresh_from_db()
    assert (edited.title, edited.body) == (
        "ISEF2 in Tokyo",
        "Para one.\n\nPara two.\n\nPara three.",
    )
    assert edited.body_html == "<p>Para one.</p>\n<p>Para two.</p>\n<p>Para three.</p>"
    assert Quote.objects.filter(release=edited).count() == 0
    assert (
        versions_of(edited)[-1]
        .revision.get_comment()
        .startswith("Reverted to previous version, saved on")
    )


def test_a_deleted_release_is_recovered_with_its_quotes_and_log(client, edited):
    PublicationEvent.objects.create(release=edited, action="unpublished")
    delete = reverse("admin:releases_pressrelease_delete", args=[edited.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not PressRelease.objects.filter(pk=edited.pk).exists()
    recover_list = client.get(reverse("admin:releases_pressrelease_recoverlist"))
    assert "ISEF2 in Tokyo, Japan" in recover_list.text
    deleted = Version.objects.get_deleted(PressRelease).get()
    url = reverse("admin:releases_pressrelease_recover", args=[deleted.pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    release = PressRelease.objects.get(pk=edited.pk)
    assert release.title == "ISEF2 in Tokyo, Japan"
    assert [q.text for q in release.quotes.all()] == ["We have succeeded."]
    assert [e.action for e in release.publication_events.all()] == ["unpublished"]


def illustrate(client, release, at):
    """Save ``release`` in the admin with a new photo and a new document; return
    them."""
    photo, document = make_image(), make_document()
    edit(
        client,
        release,
        at,
        **{
            "releaseimage_set-TOTAL_FORMS": "1",
            "releaseimage_set-0-image": str(photo.pk),
            "releaseimage_set-0-position": "1",
            "releasedocument_set-TOTAL_FORMS": "1",
            "releasedocument_set-0-document": str(document.pk),
            "releasedocument_set-0-position": "1",
        },
    )
    return photo, document


def delete_from_library(client, photo, document):
    for name, obj in [("image", photo), ("document", document)]:
        delete = reverse(f"admin:releases_{name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not (Image.objects.exists() or Document.objects.exists())


LEFT_OUT = (
    "This version used 2 photos or documents deleted from the library since: "
    "it is restored without them."
)


def test_a_version_is_restored_without_the_files_deleted_since(client, editor):
    release = make_release("Ariane 6", status=DRAFT)
    files = illustrate(client, release, FIRST)
    edit(
        client,
        release,
        SECOND,
        title="Ariane 6 flies",
        **{"releaseimage_set-0-DELETE": "on", "releasedocument_set-0-DELETE": "on"},
    )
    delete_from_library(client, *files)
    first = versions_of(release)[0]
    url = reverse("admin:releases_pressrelease_revision", args=[release.pk, first.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert LEFT_OUT in [str(message) for message in form.context["messages"]]
    assert client.post(url, change_form_data(form)).status_code == 302
    release.refresh_from_db()
    assert release.title == "Ariane 6"
    assert list(release.images.all()) == list(release.documents.all()) == []


def test_a_deleted_release_is_recovered_without_the_files_deleted_since(client, editor):
    release = make_release("Ariane 6", status=DRAFT)
    files = illustrate(client, release, FIRST)
    delete = reverse("admin:releases_pressrelease_delete", args=[release.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    delete_from_library(client, *files)
    deleted = Version.objects.get_deleted(PressRelease).get()
    url = reverse("admin:releases_pressrelease_recover", args=[deleted.pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 302
    release = PressRelease.objects.get(pk=release.pk)
    assert release.title == "Ariane 6"
    assert list(release.images.all()) == list(release.documents.all()) == []


def test_an_editor_cannot_restore_a_version_that_changes_the_publication(
    client, edited
):
    first = versions_of(edited)[0]
    publisher = make_user("publisher", groups=["Publishers"])
    PressRelease.objects.filter(pk=edited.pk).update(
        status="published", published_at=FIRST
    )
    url = reverse("admin:releases_pressrelease_revision", args=[edited.pk, first.pk])
    assert client.post(url, change_form_data(client.get(url))).status_code == 403
    edited.refresh_from_db()
    assert (edited.status, edited.title) == ("published", "ISEF2 in Tokyo, Japan")

    client.force_login(publisher)
    with freeze_time(SECOND + datetime.timedelta(hours=1)):
        form = client.get(url)
        assert client.post(url, change_form_data(form)).status_code == 302
    edited.refresh_from_db()
    assert (edited.status, edited.title) == ("draft", "ISEF2 in Tokyo")
    assert list(
        PublicationEvent.objects.values_list("action", "created_by__username")
    ) == [("unpublished", "publisher")]


def test_an_import_is_a_version_by_its_user(editor):
    text = decode((DATA / "000_dce3d40c0314292c.txt").read_bytes())
    outcome = save_parsed_release(
        parse_release(text), user=editor, featured_people=["Lionel Suchet"]
    )
    version = Version.objects.get_for_object(outcome.release).get()
    assert (version.revision.user, version.revision.get_comment()) == (
        editor,
        "Imported from text",
    )
    saved = version.revision.version_set.values_list("content_type__model", flat=True)
    release = outcome.release
    parts = [
        release.quotes.count(),
        release.releasenation_set.count(),
        release.releasespeaker_set.count(),
        release.releasecontact_set.count(),
    ]
    assert [
        sorted(saved).count(model)
        for model in ("quote", "releasenation", "releasespeaker", "releasecontact")
    ] == parts
    assert parts == [1, 1, 2, 2]


def test_an_editor_cannot_import_a_new_date_for_a_published_release(editor):
    text = decode((DATA / "000_dce3d40c0314292c.txt").read_bytes())
    parsed = parse_release(text)
    release = save_parsed_release(parsed, publish=True).release
    announced = datetime.datetime(2018, 3, 5, 9, 0, tzinfo=datetime.UTC)
    PressRelease.objects.filter(pk=release.pk).update(published_at=announced)
    with pytest.raises(PermissionDenied) as error:
        save_parsed_release(parsed, user=editor)
    assert str(error.value) == (
        "Only a publisher can publish a release, change the publication date of a "
        "published one or return it to draft."
    )
    release.refresh_from_db()
    assert release.published_at == announced


def test_speakers_are_versioned_too(client, editor):
    speaker = make_speaker("Lionel Suchet", role="CNES COO")
    add_quote(make_release(), speaker)
    url = reverse("admin:releases_speaker_change", args=[speaker.pk])
    response = client.post(
        url, change_form_data(client.get(url), role="CNES Deputy CEO")
    )
    assert response.status_code == 302
    version = Version.objects.get_for_object(speaker).get()
    assert version.field_dict["role"] == "CNES Deputy CEO"
    history = client.get(reverse("admin:releases_speaker_history", args=[speaker.pk]))
    assert "Changed Current role." in history.text

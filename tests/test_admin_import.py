from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import override

from releases.forms import MAX_IMPORT_DOCX_SIZE, MAX_IMPORT_FILE_SIZE
from releases.models import PressRelease
from tests.factories import make_user
from tests.word_documents import docx, p, paragraphs_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "importer"
IMPORT_URL = reverse("admin:releases_pressrelease_import")


def upload(name, content=None):
    if content is None:
        content = (DATA / name).read_bytes()
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_release_list_links_to_the_import_page(client, editor):
    response = client.get(reverse("admin:releases_pressrelease_changelist"))
    assert f'<a href="{IMPORT_URL}">Import releases</a>' in response.text


def test_review_shows_what_was_understood_and_saves_nothing(client, editor):
    response = client.post(
        IMPORT_URL,
        {
            "files": [
                upload("000_dce3d40c0314292c.txt"),
                upload("002_0a3b65576572163a.txt"),
                upload("broken.txt", b"\x00\x01binary"),
            ]
        },
    )
    assert response.status_code == 200
    text = response.text
    assert "2nd International Space Exploration Forum (ISEF2)" in text
    assert "March 5, 2018" in text
    assert "<td>Jean-Yves Le Gall (CNES President)</td>" in text
    assert (
        '<label><input type="checkbox" name="people-0" value="Lionel Suchet"> '
        "Lionel Suchet (CNES Chief Operating Officer)</label>"
    ) in text
    assert "Pascale Bresson, Press Officer, +33 (0)1 44 76 75 39" in text
    assert "US, CN, RU, IN, JP, DE, AE, SG, MA, VN, IL" in text
    assert "This file cannot be imported: not a text file" in text
    assert PressRelease.objects.count() == 0


def test_confirm_imports_the_ticked_files_as_drafts(client, editor):
    review = client.post(
        IMPORT_URL,
        {
            "files": [
                upload("000_dce3d40c0314292c.txt"),
                upload("002_0a3b65576572163a.txt"),
            ]
        },
    )
    response = client.post(
        IMPORT_URL,
        {"confirm": "1", "token": review.context["token"], "file": ["1"]},
        follow=True,
    )
    assert (
        "Import done: 1 created (as drafts), 0 updated, 0 unchanged." in response.text
    )
    release = PressRelease.objects.get()
    assert release.title.startswith("CNES and international partnerships")
    assert (release.status, release.created_by, release.updated_by) == (
        "draft",
        editor,
        editor,
    )


@pytest.mark.parametrize(
    ("ticked", "featured"),
    [
        ([], ["Jean-Yves Le Gall"]),
        (["Lionel Suchet"], ["Jean-Yves Le Gall", "Lionel Suchet"]),
        (["Someone Else"], ["Jean-Yves Le Gall"]),
    ],
    ids=["none-ticked", "ticked", "not-in-the-file"],
)
def test_people_named_are_featured_as_ticked(client, editor, ticked, featured):
    review = client.post(IMPORT_URL, {"files": [upload("000_dce3d40c0314292c.txt")]})
    client.post(
        IMPORT_URL,
        {
            "confirm": "1",
            "token": review.context["token"],
            "file": ["0"],
            "people-0": ticked,
        },
    )
    release = PressRelease.objects.get()
    assert list(release.speakers.values_list("name", flat=True)) == featured
    assert [quote.speaker.name for quote in release.quotes.all()] == [
        "Jean-Yves Le Gall"
    ]


def test_confirming_twice_imports_once(client, editor):
    review = client.post(IMPORT_URL, {"files": [upload("000_dce3d40c0314292c.txt")]})
    data = {"confirm": "1", "token": review.context["token"], "file": ["0"]}
    client.post(IMPORT_URL, data)
    response = client.post(IMPORT_URL, data, follow=True)
    assert "This import has expired or was already done" in response.text
    assert PressRelease.objects.count() == 1


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("photo.png", b"\x89PNG"),
            "photo.png: only .txt and .docx files can be imported.",
        ),
        (
            SimpleUploadedFile("huge.txt", b"a" * (MAX_IMPORT_FILE_SIZE + 1)),
            "huge.txt: the file is larger than 256.0\xa0KB.",
        ),
        (
            SimpleUploadedFile("huge.docx", b"a" * (MAX_IMPORT_DOCX_SIZE + 1)),
            "huge.docx: the file is larger than 5.0\xa0MB.",
        ),
        (
            SimpleUploadedFile("macros.docm", b"PK"),
            "macros.docm: Word documents with macros (.docm) are refused; "
            "save it as a .docx.",
        ),
    ],
    ids=["png", "large-text", "large-word", "docm"],
)
def test_wrong_type_or_size_is_a_form_error(client, editor, file, message):
    response = client.post(IMPORT_URL, {"files": [file]})
    assert response.status_code == 200
    assert message in response.text
    assert PressRelease.objects.count() == 0


def test_no_file_is_a_form_error(client, editor):
    response = client.post(IMPORT_URL, {})
    assert "This field is required." in response.text


def test_import_needs_the_add_permission(client):
    client.force_login(make_user("viewer", groups=["Staff readers"]))
    assert client.get(IMPORT_URL).status_code == 403


def word_upload(name, data):
    return SimpleUploadedFile(
        name,
        data,
        content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    )


def test_word_documents_are_reviewed_then_imported_like_text(client, editor):
    text = (DATA / "000_dce3d40c0314292c.txt").read_text(encoding="utf-8")
    review = client.post(
        IMPORT_URL,
        {
            "files": [
                word_upload("isef2.docx", docx(*paragraphs_of(text))),
                word_upload("macros.docx", docx(p("5 March 2018"), macro=True)),
            ]
        },
    )
    assert "2nd International Space Exploration Forum (ISEF2)" in review.text
    assert (
        "This file cannot be imported: the Word document contains macros: save it "
        "as a plain .docx (Word Document) without macros"
    ) in review.text
    assert review.context["importable"] == 1

    client.post(
        IMPORT_URL,
        {"confirm": "1", "token": review.context["token"], "file": ["0"]},
    )
    release = PressRelease.objects.get()
    assert release.body.startswith("Saturday 3 March in Tokyo, CNES President")
    assert [contact.name for contact in release.contacts.all()] == [
        "Pascale Bresson",
        "Raphaël Sart",
    ]


def test_a_refused_word_document_is_explained_in_french(client, editor):
    with override("fr"):
        url = reverse("admin:releases_pressrelease_import")
    response = client.post(url, {"files": [word_upload("vieux.docx", b"Texte.")]})
    assert (
        "Ce fichier ne peut pas être importé\u00a0: "
        "ce n’est pas un document Word (.docx)" in response.text
    )

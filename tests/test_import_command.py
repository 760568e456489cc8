import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from releases.models import Contact, PressRelease, Speaker
from tests.factories import make_contact, make_speaker
from tests.word_documents import docx, p, paragraphs_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "importer"
ISEF2 = DATA / "000_dce3d40c0314292c.txt"
SEMINAR = DATA / "002_0a3b65576572163a.txt"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_releases", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def seed_folder(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for source in (ISEF2, SEMINAR):
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def test_import_creates_drafts_then_changes_nothing(tmp_path):
    folder = seed_folder(tmp_path)
    out, _ = run(folder)
    assert out.strip() == "2 created, 0 updated, 0 unchanged, 0 failed."
    assert list(PressRelease.objects.values_list("status", flat=True)) == [
        "draft",
        "draft",
    ]
    assert PressRelease.objects.published().count() == 0
    before = list(PressRelease.objects.values_list("pk", "updated_at"))
    out, _ = run(folder)
    assert out.strip() == "0 created, 0 updated, 2 unchanged, 0 failed."
    assert list(PressRelease.objects.values_list("pk", "updated_at")) == before
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Jean-Yves Le Gall"]
    assert Contact.objects.count() == 2


def featured(release):
    return [(link.speaker.name, link.role) for link in release.releasespeaker_set.all()]


def test_people_named_are_featured_only_when_asked_and_then_stay(tmp_path):
    run(ISEF2)
    release = PressRelease.objects.get()
    assert featured(release) == [("Jean-Yves Le Gall", "CNES President")]

    out, _ = run("--feature-people", ISEF2)
    assert out.strip() == "0 created, 1 updated, 0 unchanged, 0 failed."
    assert featured(release) == [
        ("Jean-Yves Le Gall", "CNES President"),
        ("Lionel Suchet", "CNES Chief Operating Officer"),
    ]

    out, _ = run(ISEF2)
    assert out.strip() == "0 created, 0 updated, 1 unchanged, 0 failed."
    assert len(featured(release)) == 2


def test_publish_makes_imported_releases_public(tmp_path):
    run("--publish", seed_folder(tmp_path))
    assert PressRelease.objects.published().count() == 2


def test_changed_file_updates_its_release(tmp_path):
    folder = seed_folder(tmp_path)
    run(folder)
    path = folder / SEMINAR.name
    path.write_text(path.read_text().replace("Morocco, ", ""), encoding="utf-8")
    out, _ = run(folder)
    assert out.strip() == "0 created, 1 updated, 1 unchanged, 0 failed."
    seminar = PressRelease.objects.get(source_url__contains="10106")
    assert "MA" not in [n.nation_id for n in seminar.releasenation_set.all()]


def test_existing_speakers_and_contacts_are_reused(tmp_path):
    president = make_speaker()
    contact = make_contact(email="pascale.bresson@cnes.fr")
    run(ISEF2)
    release = PressRelease.objects.get()
    assert release.quotes.get().speaker == president
    assert release.contacts.first() == contact
    assert Speaker.objects.count() == 1
    assert Contact.objects.count() == 2


def test_dry_run_writes_nothing(tmp_path):
    out, _ = run("--dry-run", seed_folder(tmp_path))
    assert (
        out.strip()
        == "Dry run, nothing written: 2 created, 0 updated, 0 unchanged, 0 failed."
    )
    assert PressRelease.objects.count() == 0
    assert Speaker.objects.count() == 0


def test_json_format_prints_the_records_and_writes_nothing(tmp_path):
    out, _ = run("--format", "json", ISEF2)
    records = json.loads(out)
    assert PressRelease.objects.count() == 0
    assert list(records[0]) == [
        "file",
        "title",
        "published_on",
        "source_url",
        "event_place",
        "speakers",
        "people",
        "quotes",
        "contacts",
        "nations",
        "body",
    ]
    assert records[0]["published_on"] == "2018-03-05"
    assert records[0]["speakers"] == ["Jean-Yves Le Gall"]
    assert records[0]["people"] == ["Lionel Suchet"]
    assert records[0]["nations"] == ["JP"]
    assert records[0]["contacts"][0] == {
        "name": "Pascale Bresson",
        "role": "Press Officer",
        "phone": "+33 (0)1 44 76 75 39",
        "email": "",
    }


def test_bad_files_are_reported_and_the_others_still_import(tmp_path):
    folder = seed_folder(tmp_path)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "undated.txt").write_text("A title\n\nSome text without any date.\n")
    with pytest.raises(CommandError, match="3 of 5 files could not be imported."):
        run(folder)
    assert PressRelease.objects.count() == 2


def test_bad_file_message_names_the_file_and_the_reason(tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(bad), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{bad}: not a text file"


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        run(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: (
            text.replace("’", "'")
            .replace("“", '"')
            .replace("”", '"')
            .replace("\n", "\r\n")
            .encode("cp1252")
        ),
    ],
    ids=["utf-8", "utf-8-bom", "crlf", "cp1252-crlf"],
)
def test_encodings_and_line_endings(tmp_path, encode):
    path = tmp_path / "release.txt"
    path.write_bytes(encode(ISEF2.read_text(encoding="utf-8")))
    run(path)
    release = PressRelease.objects.get()
    assert release.title.startswith("2nd International Space Exploration Forum")
    assert [c.name for c in release.contacts.all()] == [
        "Pascale Bresson",
        "Raphaël Sart",
    ]
    assert "\r" not in release.body


def test_a_folder_imports_word_documents_and_refuses_macros(tmp_path):
    folder = seed_folder(tmp_path)
    word = paragraphs_of((DATA / "fr_multi_paragraphes.txt").read_text())
    (folder / "cso2.docx").write_bytes(docx(*word))
    (folder / "~$cso2.docx").write_bytes(b"Word's lock file")
    (folder / "macros.docm").write_bytes(docx(p("5 March 2018"), p("Title")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 4 files could not be imported."):
        call_command("import_releases", str(folder), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"{folder / 'macros.docm'}: "
        "Word documents with macros (.docm) are refused: save it as a .docx"
    )
    assert PressRelease.objects.count() == 3
    cso2 = PressRelease.objects.get(title="Lancement réussi pour le satellite CSO-2")
    assert [quote.speaker.name for quote in cso2.quotes.all()] == [
        "Jean-Yves Le Gall",
        "Florence Parly",
    ]


def test_a_damaged_word_document_is_named_with_the_reason(tmp_path):
    bad = tmp_path / "release.docx"
    bad.write_bytes(docx(p("5 March 2018"), p("Title"))[:-100])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(bad), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"{bad}: the Word document is damaged (the file is incomplete)"
    )


def test_json_record_of_a_word_document_is_the_text_files(tmp_path):
    word = tmp_path / "isef2.docx"
    word.write_bytes(docx(*paragraphs_of(ISEF2.read_text(encoding="utf-8"))))
    from_word, _ = run("--format", "json", word)
    from_text, _ = run("--format", "json", ISEF2)
    record, text_record = json.loads(from_word)[0], json.loads(from_text)[0]
    assert (record.pop("file"), text_record.pop("file")) == (str(word), str(ISEF2))
    assert record == text_record

"""Each release's PDF and press kit: what they hold, who may have them."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from releases import pdf
from releases.models import PressRelease
from tests import media_files
from tests.factories import (
    add_contact,
    add_quote,
    make_contact,
    make_document,
    make_image,
    make_release,
    make_speaker,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    release = make_release(
        "Ariane 6 flies",
        slug="ariane-6",
        body="Ariane 6 *flew* for the first time.",
        event_place="Kourou",
    )
    add_quote(release, make_speaker(), "A new era for Europe.")
    add_contact(release, make_contact(phone="+33 1 44 76 75 39"))
    release.images.add(
        make_image(
            media_files.jpeg_with_gps(1600, 1000),
            caption="Lift-off",
            credit="© CNES/S. Martin",
        )
    )
    release.images.add(
        make_image(media_files.png(), name="chart.png", caption="", alt_text="")
    )
    release.documents.add(make_document(media_files.pdf(pages=2), title="Kit"))
    release.documents.add(make_document(media_files.docx(), title="Kit"))
    return release


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return " ".join(page.extract_text() for page in reader.pages), reader


def test_release_pdf_holds_its_lead_photo_quotes_and_contacts(client, release):
    response = client.get("/releases/ariane-6/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="ariane-6.pdf"'
    text, reader = pdf_text(response.content)
    for expected in (
        "Ariane 6 flies",
        "flew for the first time",
        "Quotes",
        "A new era for Europe.",
        "Jean-Yves Le Gall",
        "Press contacts",
        "Pascale Bresson",
        "+33 1 44 76 75 39",
        "Lift-off",
        "© CNES/S. Martin",
        "http://testserver/releases/ariane-6/",
    ):
        assert expected in text
    assert [len(page.images) for page in reader.pages][0] == 1
    assert reader.metadata.title == "Ariane 6 flies"


def test_release_pdf_is_in_the_language_of_the_release_at_either_address(client):
    make_release("Le CNES et l’Inde", slug="inde", language="fr")
    add_contact(PressRelease.objects.get(), make_contact())
    english_address = client.get("/releases/inde/pdf/")
    french_address = client.get("/fr/releases/inde/pdf/")
    assert english_address.content == french_address.content
    text, _reader = pdf_text(french_address.content)
    assert "Contacts presse" in text and "Press contacts" not in text
    assert "http://testserver/fr/releases/inde/" in text


def test_public_pdf_is_made_once_per_version_of_the_content(
    client, release, monkeypatch
):
    made = []
    render = pdf.render_pdf
    monkeypatch.setattr(
        pdf, "render_pdf", lambda *args: made.append(1) or render(*args)
    )
    first = client.get("/releases/ariane-6/pdf/").content
    assert client.get("/releases/ariane-6/pdf/").content == first
    assert client.get("/fr/releases/ariane-6/pdf/").content == first
    assert len(made) == 1
    release.title = "Ariane 6 flew"
    release.save()
    assert "Ariane 6 flew" in pdf_text(client.get("/releases/ariane-6/pdf/").content)[0]
    assert len(made) == 2


def test_pdf_and_press_kit_of_what_is_not_public_are_404(client):
    make_release(slug="draft", status=PressRelease.Status.DRAFT)
    for address in ("/releases/draft/pdf/", "/releases/draft/press-kit.zip"):
        assert client.get(address).status_code == 404
        assert client.get("/fr" + address).status_code == 404
    assert client.get("/releases/nothing/pdf/").status_code == 404


def test_editor_may_preview_the_pdf_of_a_draft_never_cached(client):
    make_release("Not yet", slug="draft", status=PressRelease.Status.DRAFT)
    client.force_login(make_user("editor", groups=["Editors"]))
    response = client.get("/releases/draft/pdf/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Not yet" in pdf_text(response.content)[0]


def test_press_kit_streams_the_pdf_hd_photos_documents_and_credits(client, release):
    response = client.get("/releases/ariane-6/press-kit.zip")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="ariane-6-press-kit.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert archive.namelist() == [
        "ariane-6/ariane-6.pdf",
        "ariane-6/photos/01-cnes-lift-off.jpg",
        f"ariane-6/photos/02-cnes-photo-{release.photos()[1].content_hash[:8]}.png",
        "ariane-6/documents/01-kit.pdf",
        "ariane-6/documents/02-kit.docx",
        "ariane-6/credits.txt",
    ]
    lead, chart = release.photos()
    with lead.file.open("rb") as file:
        assert archive.read("ariane-6/photos/01-cnes-lift-off.jpg") == file.read()
    assert b"Kourou" not in archive.read("ariane-6/photos/01-cnes-lift-off.jpg")
    docx = release.releasedocument_set.get(position=None, document__file_format="docx")
    with docx.document.file.open("rb") as file:
        assert archive.read("ariane-6/documents/02-kit.docx") == file.read()
    assert archive.read("ariane-6/ariane-6.pdf").startswith(b"%PDF-")
    assert archive.read("ariane-6/credits.txt").decode() == (
        "Ariane 6 flies\n"
        "http://testserver/releases/ariane-6/\n\n"
        "Photos: credits and terms of use\n\n"
        "01-cnes-lift-off.jpg\n"
        "  Lift-off\n"
        "  Credit: © CNES/S. Martin\n"
        "  Terms: Free of rights for editorial use, with the credit\n\n"
        f"02-cnes-photo-{chart.content_hash[:8]}.png\n"
        "  Credit: © CNES/ESA\n"
        "  Terms: Free of rights for editorial use, with the credit\n"
    )


def test_press_kit_writes_large_files_in_blocks(client, release, monkeypatch):
    from releases import press_kit

    monkeypatch.setattr(press_kit, "BLOCK_SIZE", 1024)
    response = client.get("/releases/ariane-6/press-kit.zip")
    chunks = list(response.streaming_content)
    assert len(chunks) > 20
    assert max(len(chunk) for chunk in chunks) < 64 * 1024
    assert zipfile.ZipFile(io.BytesIO(b"".join(chunks))).testzip() is None


def test_a_missing_photo_file_leaves_it_out_rather_than_failing(client, release):
    lead = release.photos()[0]
    lead.file.storage.delete(lead.file.name)
    assert client.get(lead.rendition_url(800, "webp")).status_code == 404
    text, reader = pdf_text(client.get("/releases/ariane-6/pdf/").content)
    assert "Ariane 6 flies" in text and "Lift-off" not in text
    assert len(reader.pages[0].images) == 0
    response = client.get("/releases/ariane-6/press-kit.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [name.split("/")[1] for name in archive.namelist()] == [
        "ariane-6.pdf",
        "photos",
        "documents",
        "documents",
        "credits.txt",
    ]

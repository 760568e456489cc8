"""Uploads are checked by their content and stored clean, under generated names."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from releases.models import Document, Image
from tests import media_files
from tests.factories import make_document, make_image

pytestmark = pytest.mark.django_db


def stored(field_file):
    with field_file.open("rb") as file:
        return file.read()


def pixels(data):
    with PillowImage.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def refusal(model, content, name, **fields):
    """Return the messages refusing ``content`` (a form's full_clean, then save)."""
    obj = model(file=SimpleUploadedFile(name, content), **fields)
    with pytest.raises(ValidationError) as from_form:
        obj.full_clean()
    with pytest.raises(ValidationError) as from_save:
        model(file=SimpleUploadedFile(name, content), **fields).save()
    assert from_form.value.messages == from_save.value.messages
    return from_form.value.message_dict["file"]


def media_files_stored(settings):
    return sorted(
        path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()
    )


# --- photos ----------------------------------------------------------------------


def test_photo_is_stored_under_a_name_made_from_its_content():
    image = make_image(media_files.jpeg(), name="../../holiday at home.jpg")
    assert re.fullmatch(r"photos/[0-9a-f]{32}\.jpg", image.file.name)
    assert image.file.name == f"photos/{image.content_hash}.jpg"
    assert (image.width, image.height, image.file_format) == (640, 480, "jpeg")
    assert image.file_size == len(stored(image.file))


def test_jpeg_is_stored_without_exif_gps_xmp_comment_or_what_follows_its_end():
    original = media_files.jpeg_with_gps() + b"<script>alert(1)</script>"
    with PillowImage.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(media_files.GPS_IFD)
        assert before.info["comment"] == b"Shot at home"
    image = make_image(original)
    data = stored(image.file)
    with PillowImage.open(io.BytesIO(data)) as after:
        assert dict(after.getexif()) == {}
        assert set(after.info) == {"jfif", "jfif_version", "jfif_unit", "jfif_density"}
    assert b"Kourou" not in data
    assert b"Canon" not in data
    assert b"<script>" not in data
    assert data.endswith(b"\xff\xd9")
    # The picture itself is copied byte for byte: not one pixel changes.
    assert pixels(data) == pixels(original)


def test_jpeg_keeps_its_colour_profile():
    profile = b"\0" * 128 + b"fake profile"
    output = io.BytesIO()
    media_files.picture().save(output, "JPEG", icc_profile=profile)
    data = stored(make_image(output.getvalue()).file)
    with PillowImage.open(io.BytesIO(data)) as after:
        assert after.info["icc_profile"] == profile


def test_photo_marked_as_rotated_is_stored_upright_without_exif():
    original = media_files.jpeg(640, 480, exif=media_files.camera_exif(orientation=6))
    image = make_image(original)
    assert (image.width, image.height) == (480, 640)
    with PillowImage.open(io.BytesIO(stored(image.file))) as after:
        assert after.size == (480, 640)
        assert dict(after.getexif()) == {}


def test_png_is_stored_without_its_text_and_exif_chunks():
    original = media_files.png(
        text={"Author": "S. Martin", "Comment": "GPS 5.15N"},
        exif=media_files.camera_exif(),
    )
    image = make_image(original, name="chart.png")
    data = stored(image.file)
    assert image.file.name.endswith(".png")
    assert b"tEXt" not in data and b"eXIf" not in data and b"S. Martin" not in data
    with PillowImage.open(io.BytesIO(data)) as after:
        assert dict(after.getexif()) == {}
    assert pixels(data) == pixels(original)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            media_files.SCRIPT,
            "launch.jpg",
            "launch.jpg is not a photo: only JPEG and PNG pictures are accepted, "
            "whatever the file's name says.",
        ),
        (
            media_files.SVG,
            "logo.svg",
            "logo.svg is an SVG drawing, which is not accepted (it can carry "
            "scripts): export it as a PNG or JPEG picture.",
        ),
        (
            media_files.SVG,
            "logo.png",
            "logo.png is an SVG drawing, which is not accepted (it can carry "
            "scripts): export it as a PNG or JPEG picture.",
        ),
        (
            media_files.gif(),
            "anim.jpg",
            "anim.jpg is a GIF picture: upload photos as JPEG or PNG.",
        ),
        (
            media_files.jpeg()[:3000],
            "cut.jpg",
            "cut.jpg cannot be read to the end: the file is damaged or incomplete. "
            "Export the photo again.",
        ),
    ],
)
def test_what_is_not_a_whole_jpeg_or_png_is_refused_and_not_stored(
    settings, content, name, message
):
    assert refusal(Image, content, name, credit="© CNES") == [message]
    assert Image.objects.count() == 0
    assert media_files_stored(settings) == []


def test_photo_with_more_pixels_than_the_limit_is_refused_before_decoding(settings):
    settings.MEDIA_MAX_IMAGE_PIXELS = 50_000_000
    bomb = media_files.png_header_only(10_000, 8_000)  # 80 megapixels, 100 bytes
    assert refusal(Image, bomb, "bomb.png", credit="© CNES") == [
        "bomb.png has 80 megapixels: at most 50 are accepted. Reduce the photo's "
        "size, then upload it again."
    ]
    assert media_files_stored(settings) == []


def test_decompression_bomb_that_pillow_itself_refuses_gets_a_message(settings):
    """Pillow refuses, as it opens it, a picture of over twice its own limit."""
    settings.MEDIA_MAX_IMAGE_PIXELS = 60_000_000
    bomb = media_files.png_header_only(50_000, 50_000)  # 2,500 megapixels
    assert refusal(Image, bomb, "bomb.png", credit="© CNES") == [
        "bomb.png has far too many pixels to be a photo (a “decompression bomb”): "
        "at most 60 megapixels are accepted."
    ]


def test_photo_larger_than_the_byte_limit_is_refused(settings):
    settings.MEDIA_MAX_IMAGE_BYTES = 2000
    assert refusal(Image, media_files.jpeg(), "big.jpg", credit="© CNES") == [
        "big.jpg is too large: a photo may be at most 2.0\xa0KB."
    ]


def test_saved_photo_is_not_checked_again():
    image = make_image()
    image.alt_text = "Changed"
    image.save()
    image.full_clean()
    assert Image.objects.get().alt_text == "Changed"


# --- documents -------------------------------------------------------------------


def test_pdf_is_stored_under_a_generated_name_with_its_number_of_pages():
    document = make_document(media_files.pdf(pages=3), name="Dossier de presse.pdf")
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert (document.file_format, document.page_count) == ("pdf", 3)
    assert document.file_size == len(media_files.pdf(pages=3))


@pytest.mark.parametrize(
    ("content", "name", "file_format"),
    [
        (media_files.docx(), "notes.docx", "docx"),
        (media_files.odt(), "notes.odt", "odt"),
        # The name says nothing: the content does.
        (media_files.docx(), "notes.pdf", "docx"),
    ],
)
def test_office_documents_are_recognised_by_their_content(content, name, file_format):
    document = make_document(content, name=name)
    assert document.file_format == file_format
    assert document.file.name == f"documents/{document.content_hash}.{file_format}"
    assert document.page_count is None


SCRIPTS = (
    "contains scripts, macros or actions that run when it is opened, which "
    "journalists' computers must not receive. Save it again without them (for a "
    "PDF, print it to a new PDF)."
)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            media_files.FAKE_PDF,
            "fake.pdf",
            "fake.pdf is damaged or incomplete: it cannot be opened. Export it again.",
        ),
        (
            media_files.SCRIPT,
            "kit.pdf",
            "kit.pdf is not a PDF or an office document (DOCX, XLSX, PPTX, ODT, ODS, "
            "ODP), whatever the file's name says.",
        ),
        (media_files.pdf(javascript="app.alert(1)"), "kit.pdf", f"kit.pdf {SCRIPTS}"),
        (
            media_files.pdf(password="secret"),
            "kit.pdf",
            "kit.pdf is protected (by a password, or against copying): journalists "
            "must be able to open and quote it. Upload it without protection.",
        ),
        (
            media_files.docx(media_files.DOCM_MAIN),
            "notes.docm",
            f"notes.docm {SCRIPTS}",
        ),
        (media_files.docx(macros=True), "notes.docx", f"notes.docx {SCRIPTS}"),
        (media_files.odt(macros=True), "notes.odt", f"notes.odt {SCRIPTS}"),
        (
            media_files.OLD_WORD,
            "notes.doc",
            "notes.doc is in an old Office format (.doc, .xls, .ppt) or protected by "
            "a password; such files can carry macros. Save it as PDF, or in the "
            "current format (.docx, .xlsx, .pptx) without a password.",
        ),
        (
            media_files.plain_zip(),
            "kit.docx",
            "kit.docx is a ZIP archive, not an office document.",
        ),
        (
            media_files.docx()[:200],
            "cut.docx",
            "cut.docx is damaged or incomplete: it cannot be opened. Export it again.",
        ),
    ],
)
def test_documents_that_are_not_what_they_claim_or_run_code_are_refused(
    settings, content, name, message
):
    assert refusal(Document, content, name, title="Kit") == [message]
    assert Document.objects.count() == 0
    assert media_files_stored(settings) == []


def test_document_larger_than_the_limit_is_refused(settings):
    settings.MEDIA_MAX_DOCUMENT_BYTES = 100
    assert refusal(Document, media_files.pdf(), "kit.pdf", title="Kit") == [
        "kit.pdf is too large: a document may be at most 100\xa0bytes."
    ]

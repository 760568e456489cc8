"""The app serves renditions, HD photos and documents, with their true types."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PillowImage
from PIL import ImageCms

from releases import renditions
from tests import media_files
from tests.factories import make_document, make_image

pytestmark = pytest.mark.django_db

IMMUTABLE = "public, max-age=31536000, immutable"


def body(response):
    return b"".join(response.streaming_content)


def opened(data):
    image = PillowImage.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("extension", "pillow_format", "content_type"),
    [
        ("avif", "AVIF", "image/avif"),
        ("webp", "WEBP", "image/webp"),
        ("jpg", "JPEG", "image/jpeg"),
    ],
)
def test_rendition_is_made_at_its_width_without_any_metadata(
    client, extension, pillow_format, content_type
):
    image = make_image(media_files.jpeg_with_gps(1000, 750))
    response = client.get(image.rendition_url(800, extension))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == IMMUTABLE
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="800.{extension}"'
    data = body(response)
    rendition = opened(data)
    assert (rendition.format, rendition.size) == (pillow_format, (800, 600))
    assert dict(rendition.getexif()) == {}
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(
        rendition.info
    )
    assert b"Canon" not in data and b"Kourou" not in data


def test_rendition_is_stored_under_a_name_made_from_the_content_and_made_once(client):
    image = make_image(media_files.jpeg(1000, 750))
    address = image.rendition_url(480, "webp")
    name = f"renditions/v{renditions.VERSION}/{image.content_hash}/480.webp"
    assert address == f"/media/{name}"
    assert address == reverse(
        "media:rendition",
        kwargs={
            "version": renditions.VERSION,
            "content_hash": image.content_hash,
            "width": 480,
            "extension": "webp",
        },
    )
    assert not default_storage.exists(name)
    assert client.get(address).status_code == 200
    assert default_storage.exists(name)
    # The stored file is served as it is, not made again.
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"stored"))
    assert body(client.get(address)) == b"stored"


def test_rendition_is_never_wider_than_the_photo(client):
    image = make_image(media_files.jpeg(700, 500))
    assert renditions.widths(image) == [240, 480, 700]
    assert client.get(image.rendition_url(800, "jpg")).status_code == 404
    assert opened(body(client.get(image.rendition_url(700, "jpg")))).size == (700, 500)


def test_unknown_photo_or_width_is_404_and_an_old_version_redirects(client):
    image = make_image(media_files.jpeg(1000, 750))
    prefix = f"/media/renditions/v{renditions.VERSION}"
    assert client.get(f"{prefix}/{'0' * 32}/480.jpg").status_code == 404
    assert client.get(f"{prefix}/{image.content_hash}/481.jpg").status_code == 404
    assert client.get(f"{prefix}/{image.content_hash}/480.gif").status_code == 404
    old = client.get(f"/media/renditions/v0/{image.content_hash}/480.jpg")
    assert old.status_code == 301
    assert old["Location"] == image.rendition_url(480, "jpg")


def test_repeated_request_for_a_rendition_gets_a_304(client):
    image = make_image()
    address = image.rendition_url(320, "avif")
    etag = client.get(address)["ETag"]
    repeated = client.get(address, headers={"if-none-match": etag})
    assert repeated.status_code == 304
    assert repeated["Cache-Control"] == IMMUTABLE


def test_transparent_png_keeps_its_transparency_except_in_jpeg(client):
    output = io.BytesIO()
    PillowImage.new("RGBA", (600, 400), (255, 0, 0, 0)).save(output, "PNG")
    image = make_image(output.getvalue(), name="logo.png")
    assert opened(body(client.get(image.rendition_url(480, "webp")))).mode == "RGBA"
    jpeg = opened(body(client.get(image.rendition_url(480, "jpg"))))
    assert (jpeg.mode, jpeg.getpixel((10, 10))) == ("RGB", (255, 255, 255))


def test_colour_profile_is_applied_then_left_out(client):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    output = io.BytesIO()
    media_files.picture(800, 600).save(output, "JPEG", icc_profile=profile)
    image = make_image(output.getvalue())
    rendition = opened(body(client.get(image.rendition_url(480, "avif"))))
    assert "icc_profile" not in rendition.info


def test_hd_photo_downloads_as_an_attachment_without_gps(client):
    image = make_image(
        media_files.jpeg_with_gps(), caption="Ariane 6 lifts off from Kourou"
    )
    response = client.get(image.download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        'attachment; filename="cnes-ariane-6-lifts-off-from-kourou.jpg"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == IMMUTABLE
    data = body(response)
    hd = opened(data)
    assert hd.size == (640, 480)
    assert dict(hd.getexif()) == {}
    assert b"Kourou" not in data and b"Canon" not in data


def test_hd_photo_address_needs_the_right_extension(client):
    image = make_image(media_files.png(), name="chart.png")
    assert image.download_url == f"/media/photos/{image.content_hash}.png"
    assert client.get(f"/media/photos/{image.content_hash}.jpg").status_code == 404


def test_document_downloads_as_an_attachment_with_its_true_type(client):
    document = make_document(media_files.docx(), name="x.pdf", title="Fiche : SVOM")
    response = client.get(document.download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="fiche-svom.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == media_files.docx()
    assert (
        client.get(f"/media/documents/{document.content_hash}.pdf").status_code == 404
    )


def test_media_addresses_refuse_writes(client):
    image = make_image()
    assert client.post(image.download_url).status_code == 405

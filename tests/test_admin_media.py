"""The media library in the admin: upload, describe, search, choose, delete."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage

from releases.models import Document, Image, PressRelease, ReleaseImage
from tests import media_files
from tests.admin_forms import change_form_data
from tests.factories import make_document, make_image, make_release, make_user

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:releases_image_upload")


def upload(name, content):
    return SimpleUploadedFile(name, content)


def stored_files(settings, folder):
    root = Path(settings.MEDIA_ROOT) / folder
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_editor_uploads_several_photos_at_once_then_describes_them(client, editor):
    response = client.post(
        UPLOAD,
        {
            "files": [
                upload("IMG_0001.JPG", media_files.jpeg_with_gps()),
                upload("chart.png", media_files.png()),
            ],
            "credit": "© CNES/S. Martin",
            "usage_terms": "this_release",
        },
    )
    images = list(Image.objects.order_by("pk"))
    assert [(i.file_format, i.credit, i.usage_terms) for i in images] == [
        ("jpeg", "© CNES/S. Martin", "this_release"),
        ("png", "© CNES/S. Martin", "this_release"),
    ]
    assert [image.uploaded_by for image in images] == [editor, editor]
    with images[0].file.open("rb") as file:
        assert dict(PillowImage.open(io.BytesIO(file.read())).getexif()) == {}
    describe = reverse("admin:releases_image_describe")
    ids = f"{images[0].pk},{images[1].pk}"
    assert response["Location"] == f"{describe}?ids={ids}"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.text.count('class="media-thumbnail"') == 2
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for number, image in enumerate(images):
        data |= {
            f"form-{number}-id": str(image.pk),
            f"form-{number}-alt_text": f"Photo {number}",
            f"form-{number}-alt_text_fr": f"Photo {number} (fr)",
            f"form-{number}-caption": f"Caption {number}",
            f"form-{number}-caption_fr": "",
            f"form-{number}-credit": "© CNES",
        }
    saved = client.post(f"{describe}?ids={ids}", data)
    assert saved["Location"] == reverse("admin:releases_image_changelist")
    assert list(Image.objects.order_by("pk").values_list("alt_text", "credit")) == [
        ("Photo 0", "© CNES"),
        ("Photo 1", "© CNES"),
    ]


def test_one_refused_photo_stores_none_and_says_why(client, editor, settings):
    response = client.post(
        UPLOAD,
        {
            "files": [
                upload("good.jpg", media_files.jpeg()),
                upload("logo.svg", media_files.SVG),
                upload("payload.jpg", media_files.SCRIPT),
            ],
            "credit": "© CNES",
            "usage_terms": "editorial",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "logo.svg is an SVG drawing, which is not accepted (it can carry scripts): "
        "export it as a PNG or JPEG picture.",
        "payload.jpg is not a photo: only JPEG and PNG pictures are accepted, "
        "whatever the file's name says.",
    ]
    assert Image.objects.count() == 0
    assert stored_files(settings, "photos") == []


def test_a_decompression_bomb_uploaded_in_the_admin_is_a_form_error(
    client, editor, settings
):
    settings.MEDIA_MAX_IMAGE_PIXELS = 50_000_000
    response = client.post(
        UPLOAD,
        {
            "files": [upload("bomb.png", media_files.png_header_only(20_000, 20_000))],
            "credit": "© CNES",
            "usage_terms": "editorial",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        "bomb.png has far too many pixels to be a photo (a “decompression bomb”): "
        "at most 50 megapixels are accepted."
    ]


def test_single_photo_form_checks_the_content_with_its_own_messages(client, editor):
    response = client.post(
        reverse("admin:releases_image_add"),
        {"file": upload("logo.jpg", media_files.SVG), "credit": "© CNES"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "logo.jpg is an SVG drawing, which is not accepted (it can carry scripts): "
        "export it as a PNG or JPEG picture."
    ]
    assert Image.objects.count() == 0


def test_staff_reader_may_look_at_the_library_but_not_upload(client):
    client.force_login(make_user("reader", groups=["Staff readers"]))
    assert client.get(reverse("admin:releases_image_changelist")).status_code == 200
    assert client.get(UPLOAD).status_code == 403


def test_library_is_searchable_with_thumbnails_and_says_what_uses_each(client, editor):
    release = make_release("Ariane 6 flies")
    launch = make_image(caption="Ariane 6 at night", credit="© CNES/S. Martin")
    release.images.add(launch)
    make_image(caption="Mars seen from orbit", alt_text="A red planet")
    response = client.get(reverse("admin:releases_image_changelist") + "?q=ariane")
    assert [image.pk for image in response.context["cl"].result_list] == [launch.pk]
    assert f"/media/renditions/v1/{launch.content_hash}/240.webp" in response.text
    assert '<td class="field-use_count">1</td>' in response.text
    change = client.get(reverse("admin:releases_image_change", args=[launch.pk]))
    release_url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    assert f'<a href="{release_url}">Ariane 6 flies</a>' in change.text


def test_library_lists_run_the_same_queries_for_3_and_30_photos(client, editor):
    release = make_release()
    counts = []
    for count in (3, 27):
        for _ in range(count):
            release.images.add(make_image(media_files.jpeg(40, 30)))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:releases_image_changelist")).status_code
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_photo_used_by_a_release_cannot_be_deleted_and_the_editor_is_told_which(
    client, settings
):
    client.force_login(make_user("publisher", groups=["Publishers"]))
    photo = make_image(caption="Launch")
    make_release("Ariane 6 flies").images.add(photo)
    make_release("Ariane 6 again").images.add(photo)
    response = client.post(
        reverse("admin:releases_image_delete", args=[photo.pk]),
        {"post": "yes"},
        follow=True,
    )
    assert Image.objects.filter(pk=photo.pk).exists()
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(
        "“Launch (© CNES/ESA)” cannot be deleted while releases use it; remove it "
        "from them first:"
    )
    assert ">Ariane 6 flies</a>" in message and ">Ariane 6 again</a>" in message
    assert stored_files(settings, "photos") == [photo.file.name.split("/")[-1]]


def test_deleting_an_unused_photo_removes_its_file_and_renditions(
    client, settings, django_capture_on_commit_callbacks
):
    client.force_login(make_user("publisher", groups=["Publishers"]))
    photo = make_image(media_files.jpeg(500, 400))
    assert client.get(photo.rendition_url(240, "webp")).status_code == 200
    assert stored_files(settings, "renditions") == ["240.webp"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:releases_image_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files(settings, "photos") == []
    assert stored_files(settings, "renditions") == []


def test_document_used_by_a_release_cannot_be_deleted(client):
    client.force_login(make_user("publisher", groups=["Publishers"]))
    document = make_document(title="Kit")
    make_release("Ariane 6 flies").documents.add(document)
    client.post(reverse("admin:releases_document_delete", args=[document.pk]))
    assert Document.objects.filter(pk=document.pk).exists()


def test_document_admin_refuses_a_fake_pdf(client, editor):
    response = client.post(
        reverse("admin:releases_document_add"),
        {
            "file": upload("kit.pdf", media_files.FAKE_PDF),
            "title": "Kit",
            "language": "en",
        },
    )
    assert response.context["adminform"].form.errors["file"] == [
        "kit.pdf is damaged or incomplete: it cannot be opened. Export it again."
    ]
    created = client.post(
        reverse("admin:releases_document_add"),
        {
            "file": upload("kit.pdf", media_files.pdf()),
            "title": "Kit",
            "language": "fr",
        },
    )
    assert created.status_code == 302
    assert Document.objects.get().uploaded_by.username == "editor"


def test_editor_chooses_and_orders_a_release_photos_in_its_change_form(client, editor):
    release = make_release("Ariane 6 flies", status=PressRelease.Status.DRAFT)
    first, second = make_image(caption="First"), make_image(caption="Second")
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    data = change_form_data(client.get(url))
    data |= {
        "releaseimage_set-TOTAL_FORMS": "2",
        "releaseimage_set-0-image": str(first.pk),
        "releaseimage_set-0-position": "2",
        "releaseimage_set-1-image": str(second.pk),
        "releaseimage_set-1-position": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert release.photos() == [second, first]
    assert ReleaseImage.objects.count() == 2
    change = client.get(url)
    assert f"/media/renditions/v1/{second.content_hash}/240.webp" in change.text


def test_photo_autocomplete_finds_photos_by_caption_and_credit(client, editor):
    photo = make_image(caption="Ariane 6 at night", credit="© Arianespace")
    make_image(caption="Mars")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "releases",
            "model_name": "releaseimage",
            "field_name": "image",
            "term": "arianespace",
        },
    )
    assert response.json()["results"] == [
        {"id": str(photo.pk), "text": "Ariane 6 at night (© Arianespace)"}
    ]

"""An editor uploads a photo, gives it to a release and publishes it; a visitor
sees it on the release's page, in AVIF or WebP."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from releases.models import Image
from tests import media_files
from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_editor import choose, fill_release, save
from tests.factories import make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

LOADED = "(img) => img.complete && img.naturalWidth > 0"


def test_editor_uploads_a_photo_publishes_it_and_a_visitor_sees_it(
    page, anonymous_page, browser_errors, tmp_path
):
    photo = tmp_path / "IMG_4012.JPG"
    photo.write_bytes(media_files.jpeg_with_gps(1800, 1200))
    make_user("publisher", groups=["Publishers"], password=PASSWORD)
    log_in(page, "publisher", "/admin/releases/image/upload/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload photos")

    page.get_by_label("Photos").set_input_files(photo)
    page.get_by_label("Credit").fill("© CNES/S. Martin")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 photo uploaded")
    page.get_by_label("Alternative text (English)").fill("Ariane 6 lifting off")
    page.get_by_label("Caption (English)").fill("The first flight of Ariane 6.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "The photos are described."
    )

    page.goto("/admin/releases/pressrelease/add/")
    fill_release(page, "Ariane 6 flies", timezone.now() - datetime.timedelta(minutes=1))
    page.get_by_role("button", name="Add another Photo").click()
    choose(
        page,
        "id_releaseimage_set-0-image",
        "first flight",
        "The first flight of Ariane 6. (© CNES/S. Martin)",
    )
    save(page, "“Ariane 6 flies” is now public.")

    visitor = anonymous_page
    visitor.goto("/releases/ariane-6-flies/")
    lead = visitor.locator(".lead-photo img")
    expect(lead).to_have_attribute("alt", "Ariane 6 lifting off")
    expect(lead).to_have_attribute("width", "1200")
    expect(lead).to_have_attribute("height", "800")
    visitor.wait_for_function(f"({LOADED})(document.querySelector('.lead-photo img'))")
    source = lead.evaluate("(img) => img.currentSrc")
    image = Image.objects.get()
    assert re.search(
        rf"/media/renditions/v1/{image.content_hash}/\d+\.(avif|webp)$", source
    )
    response = visitor.request.get(source)
    assert response.headers["content-type"] in ("image/avif", "image/webp")
    assert b"Canon" not in response.body()
    expect(visitor.locator(".lead-photo figcaption")).to_contain_text(
        "The first flight of Ariane 6."
    )
    download = visitor.get_by_role("link", name="Download HD")
    expect(download).to_have_attribute("href", image.download_url)
    assert browser_errors == []

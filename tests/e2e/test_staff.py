"""The staff workspace on a phone."""

import struct

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in
from tests.factories import STAFF_READERS, make_release, make_user, paris

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def png_size(path):
    """Return the (width, height) a PNG file's header gives."""
    return struct.unpack(">II", path.read_bytes()[16:24])


@pytest.fixture
def phone_reader(page):
    """Log a staff reader in, on a 390 × 844 screen; return the page."""
    make_user("reader", groups=[STAFF_READERS], password=PASSWORD)
    page.set_viewport_size(PHONE)
    log_in(page, "reader", reverse("staff:search"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search all releases")
    return page


@pytest.fixture
def long_releases():
    make_release(
        "Signature d’un accord-cadre de coopération spatiale entre le Centre national "
        "d’études spatiales et l’Organisation indienne de recherche spatiale",
        published_at=paris(2024, 3, 5, 9),
        nations=[("IN", "partner"), ("GB", "new_entrant"), ("AE", ""), ("US", "")],
    )
    make_release(
        "Draft: the Mars sample return mission",
        status="draft",
        nations=["VC", "GS", "UM"],
    )


def test_the_results_table_fits_a_phone(
    phone_reader, long_releases, browser_errors, tmp_path
):
    page = phone_reader
    page.goto(reverse("staff:search") + "?ordering=title")
    expect(page.locator(".staff-table tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each release reads as a block: title first, its nations under their name.
    first = page.locator(".staff-table tbody tr").first
    title_box = first.locator("td.title").bounding_box()
    date_box = first.locator("td.date").bounding_box()
    assert title_box["y"] < date_box["y"]
    assert title_box["width"] > PHONE["width"] / 2
    expect(page.get_by_role("link", name="Title", exact=False)).to_be_visible()
    screenshot = tmp_path / "staff-search-390.png"
    page.screenshot(path=screenshot, full_page=True)
    assert png_size(screenshot)[0] == PHONE["width"]
    assert browser_errors == []


@pytest.mark.parametrize(
    "path",
    [
        reverse("staff:index"),
        reverse("staff:report"),
        reverse("staff:nation_timeline", kwargs={"code": "IN"}),
    ],
)
def test_the_other_workspace_pages_fit_a_phone(
    phone_reader, long_releases, browser_errors, path
):
    page = phone_reader
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert browser_errors == []

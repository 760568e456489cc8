"""An editor changes a live release; the public keeps seeing the published text
until a publisher publishes the change."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in, new_page
from tests.factories import make_release, make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ADMIN_HOME = "Press releases and their people"


def test_a_change_to_a_live_release_is_public_once_a_publisher_publishes_it(
    browser, live_server, page, anonymous_page, browser_errors
):
    release = make_release(
        "Venus probe", summary="A probe to Venus.", body="CNES builds the camera."
    )
    editor = make_user("editor", groups=["Editors"], password=PASSWORD)
    publisher = make_user("publisher", groups=["Publishers"], password=PASSWORD)
    visitor = anonymous_page

    log_in(page, editor.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(ADMIN_HOME)
    page.goto(f"/admin/releases/pressrelease/{release.pk}/change/")
    page.get_by_label("Title:").fill("Venus orbiter")
    page.get_by_label("Body:").fill("CNES builds the camera and the spectrometer.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "“Venus probe”: your changes are waiting for a publisher."
    )
    expect(page.get_by_label("Title:")).to_have_value("Venus orbiter")

    visitor.goto(release.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Venus probe")
    expect(visitor.locator("main")).to_contain_text("CNES builds the camera.")
    expect(visitor.locator("main")).not_to_contain_text("spectrometer")

    reviewer_page = new_page(browser, live_server, browser_errors)
    log_in(reviewer_page, publisher.username)
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text(ADMIN_HOME)
    queue = reviewer_page.locator("#review-queue")
    expect(queue.locator("caption")).to_have_text("Waiting for review")
    queue.get_by_role("link", name="Venus probe").click()
    expect(reviewer_page.locator(".field-changes")).to_contain_text("Venus orbiter")
    expect(reviewer_page.locator(".diff ins")).to_have_text(
        "+ CNES builds the camera and the spectrometer."
    )
    reviewer_page.get_by_role("button", name="Publish changes").click()
    expect(reviewer_page.locator(".messagelist .success")).to_have_text(
        "The changes by editor to “Venus probe” are now public."
    )
    reviewer_page.context.close()

    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Venus orbiter")
    expect(visitor.locator("main")).to_contain_text(
        "CNES builds the camera and the spectrometer."
    )
    assert browser_errors == []

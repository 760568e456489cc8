"""The release form's aids: the body's live preview and the title's counter."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in
from tests.factories import make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def add_page(page):
    """An editor's page on the form of a new release."""
    make_user("editor", groups=["Editors"], password=PASSWORD)
    log_in(page, "editor", "/admin/releases/pressrelease/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add press release")
    return page


def test_the_preview_shows_the_body_as_the_public_page_will(add_page, browser_errors):
    page = add_page
    preview = page.locator("#id_body_preview")
    expect(
        page.get_by_role("heading", name="Preview, as the public page shows it")
    ).to_be_visible()
    with page.expect_response("**/preview-body/"):
        page.get_by_label("Body:").press_sequentially(
            "A *signed* agreement.\n\n- **Talks**\n- [Link](https://cnes.fr)\n\n"
            "<script>alert(1)</script>"
        )
    expect(preview.locator("em")).to_have_text("signed")
    expect(preview.locator("li")).to_have_text(["Talks", "Link"])
    expect(preview.locator("li strong")).to_have_text("Talks")
    expect(preview.get_by_role("link", name="Link")).to_have_attribute(
        "href", "https://cnes.fr"
    )
    assert preview.inner_html() == (
        "<p>A <em>signed</em> agreement.</p>\n<ul>\n<li><strong>Talks</strong></li>\n"
        '<li><a href="https://cnes.fr" rel="noopener noreferrer">Link</a></li>\n'
        "</ul>\n"
    )
    page.get_by_label("Body:").fill("Changed **again**.")
    expect(preview.locator("strong")).to_have_text("again")
    expect(preview.locator("li")).to_have_count(0)
    # No inline script, so no Content Security Policy violation, and no error.
    assert browser_errors == []


def test_the_title_counts_its_characters_and_keeps_a_long_title(
    add_page, browser_errors
):
    page = add_page
    title = page.get_by_label("Title:")
    counter = page.locator("#id_title_counter")
    expect(counter).to_have_text("0 of 300 characters")
    title.fill("Été spatial 🚀")
    expect(counter).to_have_text("13 of 300 characters")
    long_title = "A" * 301
    title.fill(long_title)
    expect(title).to_have_value(long_title)
    expect(counter).to_have_text("301 of 300 characters: shorten it.")
    expect(counter).to_have_class("character-counter over-limit")
    assert browser_errors == []

"""A visitor browses the archive, filters it, reads a release, in both languages."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def expect_titles(page, titles):
    expect(page.locator(".release-card-title")).to_have_text(titles)


def test_visitor_filters_the_archive_opens_a_release_and_switches_language(
    page, browser_errors, sample_site
):
    page.goto("/")
    page.get_by_role("link", name="Browse the archive").click()
    expect_titles(page, ["Coopération avec l’Inde", "Tokyo forum"])

    page.get_by_label("Japan").check()
    page.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/releases/\?.*nation=JP"))
    assert "year=2024" in page.url
    expect(page.locator(".result-count")).to_have_text("2 releases")

    page.get_by_role("link", name="Français", exact=True).click()
    expect(page).to_have_url(re.compile(r"/fr/releases/\?.*nation=JP.*year=2024"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_label("Japon")).to_be_checked()
    expect(page.get_by_label("Année")).to_have_value("2024")
    expect_titles(page, ["Coopération avec l’Inde", "Forum de Tokyo"])

    page.get_by_role("link", name="Forum de Tokyo").click()
    expect(page).to_have_url(re.compile(r"/fr/releases/forum-de-tokyo/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum de Tokyo")

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/releases/forum-de-tokyo/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Read this release in English").click()
    expect(page).to_have_url(re.compile(r"/releases/tokyo-forum/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tokyo forum")
    expect(page.locator(".quote blockquote")).to_have_text("A great day for space.")
    expect(page.locator(".contact")).to_contain_text("Pascale Bresson")
    assert browser_errors == []


def test_keyboard_user_skips_to_content_and_filters_with_enter(
    page, browser_errors, sample_site
):
    page.goto("/releases/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None and box["y"] >= 0
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_label("Words").focus()
    page.keyboard.type("forum")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=forum"))
    expect_titles(page, ["Tokyo forum"])
    assert browser_errors == []


def test_pages_work_without_javascript(browser, live_server, sample_site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/releases/")
    page.get_by_label("India").check()
    page.get_by_role("button", name="Apply filters").click()
    expect_titles(page, ["Coopération avec l’Inde"])
    context.close()


def test_release_prints_with_its_contacts_and_without_navigation(page, sample_site):
    page.goto(sample_site["release"])
    page.emulate_media(media="print")
    expect(page.locator(".site-header nav").first).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".contacts")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.pdf(format="A4")[:5] == b"%PDF-"


@pytest.mark.parametrize("width", [360, 1440])
def test_layout_fits_a_phone_and_a_wide_screen(page, sample_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(sample_site["archive"])
    assert page.evaluate("document.documentElement.scrollWidth") <= width

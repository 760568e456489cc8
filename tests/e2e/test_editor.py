"""An editor writes and schedules releases; the public sees them once due."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.console import not_found_error
from tests.factories import make_contact, make_speaker, make_user

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def editor():
    make_speaker()
    make_contact()
    return make_user("editor", groups=["Publishers"], password=PASSWORD)


def choose(page, field_id, search, option=None):
    """Search ``search`` in the admin's autocomplete widget of ``field_id``, then
    pick the option named ``option`` (by default, the search itself).

    The options are picked once the answer to the search has come: opening the
    widget lists every choice first, and a click on that list while the search's
    answer replaces it can be lost.
    """
    name = option or search
    selection = page.locator(f"#{field_id} + .select2 .select2-selection")
    selection.click()
    with page.expect_response(
        lambda response: (
            "/autocomplete/" in response.url
            and parse_qs(urlsplit(response.url).query).get("term") == [search]
        )
    ):
        page.locator(".select2-container--open .select2-search__field").fill(search)
    expect(page.locator(".select2-container--open .loading-results")).to_have_count(0)
    page.get_by_role("option", name=name, exact=True).click()
    expect(selection).to_contain_text(name)


def fill_release(page, title, published_at):
    local = timezone.localtime(published_at)
    page.get_by_label("Title:").fill(title)
    page.get_by_label("Body:").fill(f"{title}: the body.")
    page.get_by_label("Status:").select_option("published")
    page.locator("#id_published_at_0").fill(local.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill(local.strftime("%H:%M:%S"))


def save(page, publication):
    """Save; the messages say what became of the publication, then that the
    release was added."""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_have_text(
        [publication, re.compile(r"^The press release “.*” was added successfully\.$")]
    )


def test_editor_publishes_a_release_and_schedules_another(
    page, anonymous_page, browser_errors, editor
):
    log_in(page, editor.username, "/admin/releases/pressrelease/add/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add press release")
    fill_release(
        page, "Joint lunar mission", timezone.now() - datetime.timedelta(minutes=1)
    )
    expect(page.get_by_label("Slug:")).to_have_value("joint-lunar-mission")
    choose(page, "id_releasenation_set-0-nation", "Japan")
    page.get_by_role("button", name="Add another Partner nation").click()
    choose(page, "id_releasenation_set-1-nation", "India")
    page.get_by_role("button", name="Add another Quote").click()
    choose(page, "id_quotes-0-speaker", "Jean-Yves Le Gall")
    page.locator("#id_quotes-0-text").fill("We go to the Moon together.")
    page.get_by_role("button", name="Add another Press contact").click()
    choose(
        page,
        "id_releasecontact_set-0-contact",
        "Pascale",
        "Pascale Bresson (Press Officer)",
    )
    save(page, "“Joint lunar mission” is now public.")

    page.goto("/admin/releases/pressrelease/add/")
    fill_release(page, "Embargoed news", timezone.now() + datetime.timedelta(days=1))
    save(
        page,
        re.compile(
            r"^“Embargoed news” is scheduled for \d{1,2} \w+ \d{4}, \d\d:\d\d "
            r"\(Paris time\)\.$"
        ),
    )

    visitor = anonymous_page
    visitor.goto("/")
    expect(visitor.locator(".release-card-title")).to_have_text(["Joint lunar mission"])
    visitor.get_by_role("link", name="Joint lunar mission").click()
    expect(visitor).to_have_url(re.compile(r"/releases/joint-lunar-mission/$"))
    expect(visitor.locator(".quote blockquote")).to_have_text(
        "We go to the Moon together."
    )
    expect(visitor.locator(".facts .tag")).to_have_text(["Japan", "India"])
    expect(visitor.locator(".contact")).to_contain_text("Pascale Bresson")

    visitor.goto("/releases/")
    expect(visitor.locator(".release-card-title")).to_have_text(["Joint lunar mission"])
    assert visitor.goto("/releases/embargoed-news/").status == 404
    assert browser_errors == [not_found_error(visitor.url)]

"""Real-browser tests: Playwright drives Debian's Chromium against a live server.

On a developer's machine without Chromium or the npm tools they are skipped with the
command that installs them; in CI (the CI environment variable is set) they fail.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import sync_playwright

from releases.models import PressRelease
from tests import media_files
from tests.factories import (
    add_contact,
    add_quote,
    feature_speaker,
    make_contact,
    make_document,
    make_image,
    make_release,
    make_speaker,
    make_topic,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The password of the users the browser tests log in (log_in()).
PASSWORD = "correct-horse-battery"
MARCH_5_2024 = datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC)
INSTALL_HINT = (
    "the browser tests need `apt-get install chromium default-jre-headless` and "
    "`make node_modules/.installed` (npm ci)"
)


def log_in(page, username, next_path="/admin/"):
    """Log ``username`` (whose password is PASSWORD) in through the admin's login
    page, which then leads to ``next_path``."""
    page.goto(f"/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def require(condition, what):
    """Skip on a developer's machine, fail in CI, when a tool is missing."""
    if condition:
        return
    message = f"{what} is missing; {INSTALL_HINT}."
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    # Playwright's synchronous API keeps an event loop in the tests' thread, where
    # Django then refuses the ORM calls the tests make between two browser steps.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script():
    require(AXE.exists(), f"axe-core ({AXE.relative_to(ROOT)})")
    return AXE


@pytest.fixture(scope="session")
def vnu_command():
    java = shutil.which("java")
    require(java is not None, "Java (to run the Nu HTML Checker)")
    require(VNU.exists(), f"The Nu HTML Checker ({VNU.relative_to(ROOT)})")
    return [java, "-jar", str(VNU)]


@pytest.fixture
def browser_errors():
    """The errors the pages logged in the console, or threw."""
    return []


def new_page(browser, live_server, errors, bypass_csp=False):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/Paris",
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()

    def record(message):
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return page


@pytest.fixture
def page(browser, live_server, browser_errors):
    """A page in a fresh browser context (no cookies), on the live server."""
    page = new_page(browser, live_server, browser_errors)
    yield page
    page.context.close()


@pytest.fixture
def audit_page(browser, live_server, browser_errors):
    """A page that lets the test inject axe-core despite the site's Content Security
    Policy (which the other pages keep, so that a violation shows as an error)."""
    page = new_page(browser, live_server, browser_errors, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def anonymous_page(browser, live_server, browser_errors):
    """A second visitor, with cookies of their own."""
    page = new_page(browser, live_server, browser_errors)
    yield page
    page.context.close()


@pytest.fixture
def sample_site():
    """One release of each kind a visitor meets, with its translation, a quote, a
    featured speaker, nations, a topic, a contact, photos and a document; return
    the paths to check."""
    president = make_speaker()
    topic = make_topic(
        "Exploration", name_fr="Exploration spatiale", description="Missions."
    )
    original = make_release(
        "Tokyo forum",
        slug="tokyo-forum",
        summary="CNES at the Tokyo space forum.",
        body="CNES took part in the forum.\n\n- Talks\n- A *signed* agreement",
        published_at=MARCH_5_2024,
        nations=[("JP", "partner"), "AE"],
        topics=[topic],
        event_place="Tokyo",
        event_date=datetime.date(2024, 3, 3),
        source_url="https://example.org/tokyo-forum",
    )
    add_quote(original, president, "A *great* day for space.")
    feature_speaker(original, make_speaker("Lionel Suchet", "CNES COO"))
    add_contact(
        original,
        make_contact(phone="+33 (0)1 44 76 75 39", email="press@example.org"),
    )
    forum = make_image(
        media_files.jpeg(1600, 1000),
        alt_text="Delegates on the forum's stage",
        alt_text_fr="Les délégués sur la scène du forum",
        caption="The forum's opening session in Tokyo.",
        caption_fr="La séance d’ouverture du forum, à Tokyo.",
        credit="© CNES/Tokyo forum",
    )
    for image in (
        forum,
        make_image(media_files.jpeg(900, 1200), alt_text="A signed agreement"),
        make_image(media_files.png(600, 400), name="chart.png", caption="Budgets"),
    ):
        original.images.add(image)
    original.documents.add(make_document(media_files.pdf(pages=4), title="Programme"))
    make_release(
        "Forum de Tokyo",
        slug="forum-de-tokyo",
        language=PressRelease.Language.FRENCH,
        translation_of=original,
        summary="Le CNES au forum spatial de Tokyo.",
        published_at=MARCH_5_2024,
        nations=["JP", "AE"],
        topics=[topic],
    ).images.add(forum)
    make_release(
        "Coopération avec l’Inde",
        slug="cooperation-inde",
        language=PressRelease.Language.FRENCH,
        summary="Un accord avec l’ISRO.",
        published_at=MARCH_5_2024 + datetime.timedelta(days=90),
        nations=["IN", "JP"],
        topics=[topic],
    )
    return {
        "home": reverse("releases:home"),
        "archive": reverse("releases:list") + "?nation=JP&year=2024",
        "release": original.get_absolute_url(),
        "nation": reverse("releases:nation", kwargs={"code": "jp"}),
        "speaker": president.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "not found": "/no-such-page/",
        "admin login": reverse("admin:login"),
        "subscribe": reverse("distribution:subscribe"),
    }

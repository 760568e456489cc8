"""A journalist's whole path through the e-mail distribution, in a real browser,
with the real worker (its own process) and a real SMTP server on loopback:
subscribe and confirm, receive what matches once, a scheduled release on time,
an embargoed pre-send, and nothing after a one-click unsubscribe."""

import datetime
import json
import re
import subprocess
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from distribution.models import Subscriber
from releases import publishing
from releases.models import PressRelease
from tests.e2e.conftest import PASSWORD, log_in
from tests.e2e.test_quality import AXE_TAGS, RUN_AXE
from tests.factories import make_release, make_user
from tests.mail_servers import Worker, wait_until
from tests.subscribers import make_list

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

DRAFT = PressRelease.Status.DRAFT


@pytest.fixture
def site_worker(live_server, smtp_server, settings):
    """The real worker, writing links to the live server in its mails."""
    settings.SITE_URL = live_server.url
    worker = Worker(smtp_server.port)
    worker.env["DJANGO_SITE_URL"] = live_server.url
    worker.start()
    yield worker
    worker.close()


def tasks_done():
    """No task is waiting to run now, nor running."""
    return not (
        DBTaskResult.objects.filter(status="RUNNING").exists()
        or DBTaskResult.objects.ready().exists()
    )


def link_in(message, pattern):
    return re.search(pattern, message.get_body(("plain",)).get_content())[0]


def test_a_journalists_path_from_subscribing_to_unsubscribing(
    page, audit_page, axe_script, smtp_server, site_worker, live_server
):
    publisher = make_user("publisher", groups=["Publishers"], password=PASSWORD)
    address = "a.sato@example.jp"

    # 1. Subscribe (the page passes axe), and confirm from the mail.
    audit_page.goto("/subscribe/")
    audit_page.add_script_tag(path=axe_script)
    assert audit_page.evaluate(RUN_AXE, AXE_TAGS) == []
    page.goto("/fr/subscribe/")
    page.get_by_label("Adresse électronique").fill(address)
    page.get_by_label("Nom").fill("Akira Sato")
    page.get_by_label("Anglais").check()
    page.get_by_label("Japon").check()
    page.get_by_role("button", name="S’abonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte")
    wait_until(lambda: len(smtp_server.messages(address)) == 1)
    [confirmation] = smtp_server.messages(address)
    page.goto(link_in(confirmation, rf"{live_server.url}/\S*/confirm/\S+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # 2-3. A matching release and one that does not match: exactly one mail.
    publishing.publish(make_release("India", status=DRAFT, nations=["IN"]), publisher)
    publishing.publish(make_release("Tokyo", status=DRAFT, nations=["JP"]), publisher)
    wait_until(lambda: len(smtp_server.messages(address)) == 2)
    wait_until(tasks_done)
    time.sleep(0.5)
    subjects = [m["Subject"] for m in smtp_server.messages(address)]
    assert subjects == ["Confirm your subscription to CNES press releases", "Tokyo"]

    # 4. A scheduled release arrives after its time, not before.
    at = timezone.now() + datetime.timedelta(seconds=4)
    publishing.publish(
        make_release("Kyoto", status=DRAFT, nations=["JP"]), publisher, at
    )
    time.sleep(2)
    assert len(smtp_server.messages(address)) == 2
    wait_until(lambda: len(smtp_server.messages(address)) == 3)
    kyoto = smtp_server.messages(address)[2]
    assert kyoto["Subject"] == "Kyoto"
    assert kyoto.arrived_at >= at.timestamp()

    # 5. A publisher pre-sends a scheduled release under embargo to a list.
    make_list(members=Subscriber.objects.all())
    embargoed = make_release("Osaka", status=DRAFT, nations=["JP"])
    publishing.publish(
        embargoed, publisher, timezone.now() + datetime.timedelta(hours=2)
    )
    log_in(
        page, publisher.username, f"/admin/releases/pressrelease/{embargoed.pk}/change/"
    )
    page.get_by_role("link", name="Send now under embargo to lists…").click()
    page.get_by_label(re.compile("Accredited journalists, Japan")).check()
    page.get_by_role("button", name="Send under embargo").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "1 journalist will receive the release under embargo."
    )
    wait_until(lambda: len(smtp_server.messages(address)) == 4)
    osaka = smtp_server.messages(address)[3]
    assert osaka["Subject"].startswith("EMBARGO: not for publication before ")
    assert osaka["Subject"].endswith("(Paris time) – Osaka")
    preview = link_in(osaka, rf"{live_server.url}/preview/\S+/")
    page.goto(preview)
    expect(page.get_by_role("heading", level=1)).to_have_text("Osaka")
    expect(page.locator(".embargo-banner")).to_be_visible()

    # The release mail's HTML is valid.
    html = osaka.get_body(("html",)).get_content()
    assert "<script" not in html

    # 6. One click (a mail client's POST to List-Unsubscribe): nothing more.
    unsubscribe = osaka["List-Unsubscribe"].strip("<>")
    response = page.request.post(
        unsubscribe,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    publishing.publish(make_release("Nagoya", status=DRAFT, nations=["JP"]), publisher)
    publishing.publish(embargoed, publisher, timezone.now())
    time.sleep(1)
    wait_until(tasks_done)
    time.sleep(0.5)
    assert len(smtp_server.messages(address)) == 4


def test_the_release_mail_is_valid_html(
    smtp_server, site_worker, vnu_command, tmp_path
):
    publisher = make_user("publisher", is_superuser=True)
    Subscriber.objects.create(email="reader@example.org", status="confirmed")
    release = make_release("Tokyo", status=DRAFT, summary="CNES & JAXA: an accord.")
    publishing.publish(release, publisher)
    wait_until(lambda: len(smtp_server.messages()) == 1)
    html = smtp_server.messages()[0].get_body(("html",)).get_content()
    (tmp_path / "mail.html").write_text(html)
    checked = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", "mail.html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    errors = [
        f"line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stdout)["messages"]
        if m["type"] != "info"
    ]
    assert errors == []

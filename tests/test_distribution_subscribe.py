"""The public pages: subscribe (double opt-in), confirm, manage, unsubscribe."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from distribution import links, sending
from distribution.forms import CONSENT
from distribution.models import Delivery, Subscriber
from distribution.views import LIMIT_PER_ADDRESS, LIMIT_PER_CLIENT
from releases.models import PressRelease
from tests.factories import make_release, make_topic
from tests.subscribers import make_subscriber, run_tasks

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/subscribe/"


@pytest.fixture
def subscribe(client, django_capture_on_commit_callbacks):
    """Post the subscription form (its follow-up work included); return the
    response."""

    def subscribe(email="reporter@example.org", *, language="en", **fields):
        data = {"email": email, "language": language, "name": "Ana Reporter", **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(SUBSCRIBE, data)

    return subscribe


def confirmation_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/\S*/confirm/\S+/)", message.body)[1]


def test_the_page_asks_for_the_contract_fields_in_both_languages(client):
    assert reverse("distribution:subscribe") == SUBSCRIBE
    make_release(topics=[make_topic("Climate", name_fr="Climat")])
    for path, heading in [
        ("/subscribe/", "Receive the releases by e-mail"),
        ("/fr/subscribe/", "Recevoir les communiqués par courriel"),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert heading in response.text
        for name in ["email", "name", "outlet", "language"]:
            assert f'name="{name}"' in response.text
        assert 'name="nations" value="JP"' in response.text
        assert 'name="topics" value="climate"' in response.text


def test_subscribing_sends_only_a_confirmation_link(subscribe):
    response = subscribe(nations=["JP", "in"])
    assert response.status_code == 200
    assert "Check your inbox" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert list(subscriber.nations.all()) == []

    run_tasks()
    [message] = mail.outbox
    assert message.to == ["reporter@example.org"]
    assert message.subject == "Confirm your subscription to CNES press releases"
    assert "/subscribe/confirm/" in message.body
    assert "/subscribe/confirm/" in message.alternatives[0][0]


def test_nothing_but_the_confirmation_goes_to_an_unconfirmed_address(
    subscribe, django_capture_on_commit_callbacks
):
    subscribe()
    release = make_release()
    assert sending.plan_publication(release.pk) == 0
    with django_capture_on_commit_callbacks(execute=True):
        sending.enqueue(release.pk)
    run_tasks()
    assert [m.subject for m in mail.outbox] == [
        "Confirm your subscription to CNES press releases"
    ]


def test_the_confirmation_link_applies_the_choices_and_records_the_consent(
    subscribe, client
):
    climate = make_topic("Climate")
    with freeze_time("2026-03-05 09:00:00"):
        make_release(topics=[climate])
        subscribe(
            "Reporter@Example.org",
            language="fr",
            nations=["JP", "IN"],
            topics=["climate"],
            outlet="Le Monde",
        )
        run_tasks()
        response = client.get(confirmation_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "Abonnement confirmé" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert (
        subscriber.email,
        subscriber.name,
        subscriber.outlet,
        subscriber.language,
    ) == (
        "Reporter@Example.org",
        "Ana Reporter",
        "Le Monde",
        "fr",
    )
    assert sorted(subscriber.nations.values_list("code", flat=True)) == ["IN", "JP"]
    assert list(subscriber.topics.all()) == [climate]
    assert subscriber.source == Subscriber.Source.FORM
    assert subscriber.consent_at == datetime.datetime(
        2026, 3, 5, 9, tzinfo=datetime.UTC
    )
    # The wording shown: the page was in English, the mails will be in French.
    with translation.override("en"):
        assert subscriber.consent_text == str(CONSENT)
    assert client.get(confirmation_link(mail.outbox[0])).status_code == 410


def test_the_consent_recorded_is_the_wording_of_the_page_shown(client):
    client.post("/fr/subscribe/", {"email": "ana@example.org", "language": "en"})
    with translation.override("fr"):
        french = str(CONSENT)
    assert Subscriber.objects.get().pending_choices["consent_text"] == french
    assert french.startswith("En confirmant, vous acceptez")


def test_the_confirmation_link_expires_after_seven_days(subscribe, client):
    with freeze_time("2026-03-05 09:00:00") as clock:
        subscribe()
        run_tasks()
        clock.tick(datetime.timedelta(days=7, seconds=1))
        response = client.get(confirmation_link(mail.outbox[0]))
    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_forged_confirmation_link_is_refused(client):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    response = client.get(f"/subscribe/confirm/{subscriber.pk}:forged/")
    assert response.status_code == 404
    assert subscriber.status == Subscriber.Status.PENDING


def test_only_the_latest_confirmation_link_works(subscribe, client):
    subscribe(nations=["JP"])
    run_tasks()
    subscribe(nations=["IN"])
    run_tasks()
    first, second = (confirmation_link(message) for message in mail.outbox)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200
    assert list(Subscriber.objects.get().nations.values_list("code", flat=True)) == [
        "IN"
    ]


def test_a_confirmation_replaced_before_it_went_is_not_sent(subscribe):
    subscribe(nations=["JP"])
    subscribe(nations=["IN"])
    run_tasks()
    assert len(mail.outbox) == 1


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(subscribe):
    make_subscriber("known@example.org", nations=["JP"])
    known = subscribe("known@example.org").text
    unknown = subscribe("unknown@example.org").text
    assert known.replace("known@example.org", "X") == unknown.replace(
        "unknown@example.org", "X"
    )


def test_a_known_subscribers_choices_change_only_once_confirmed(subscribe, client):
    subscriber = make_subscriber(nations=["JP"])
    subscribe(subscriber.email.upper(), nations=["IN"])
    assert Subscriber.objects.count() == 1
    assert list(subscriber.nations.values_list("code", flat=True)) == ["JP"]
    run_tasks()
    client.get(confirmation_link(mail.outbox[0]))
    assert list(subscriber.nations.values_list("code", flat=True)) == ["IN"]


def test_subscribing_an_address_twice_creates_no_duplicate(subscribe):
    subscribe("twice@example.org")
    subscribe("Twice@Example.org")
    assert Subscriber.objects.count() == 1


def test_invalid_input_shows_the_errors_and_saves_nothing(subscribe):
    response = subscribe("not-an-address", language="de", nations=["ZZ"])
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "language": ["Select a valid choice. de is not one of the available choices."],
        "nations": ["Select a valid choice. ZZ is not one of the available choices."],
    }
    assert not Subscriber.objects.exists()


def test_topics_of_no_public_release_are_not_offered(client, subscribe):
    """A topic that only drafts and scheduled releases name stays unknown, as
    its public page does (tests/test_unpublished_subjects.py)."""
    make_release(topics=[make_topic("Climate", name_fr="Climat")])
    secret = make_topic("Zeta mission", name_fr="Mission Zeta")
    make_release(status=PressRelease.Status.DRAFT, topics=[secret])
    make_release(
        published_at=timezone.now() + datetime.timedelta(days=2), topics=[secret]
    )
    for path in ["/subscribe/", "/fr/subscribe/"]:
        page = client.get(path).text
        assert 'name="topics" value="climate"' in page
        assert "zeta" not in page.lower()
    response = subscribe(topics=["zeta-mission"])
    assert response.context["form"].errors == {
        "topics": [
            "Select a valid choice. zeta-mission is not one of the available choices."
        ]
    }


def test_requests_are_limited_per_address(subscribe):
    for _ in range(LIMIT_PER_ADDRESS):
        assert subscribe("busy@example.org").status_code == 200
    response = subscribe("Busy@example.org")
    assert response.status_code == 429
    assert "Too many subscription requests" in response.text
    assert subscribe("other@example.org").status_code == 200


def test_requests_are_limited_per_client(subscribe):
    for number in range(LIMIT_PER_CLIENT):
        assert subscribe(f"reader{number}@example.org").status_code == 200
    assert subscribe("one-more@example.org").status_code == 429
    assert Subscriber.objects.count() == LIMIT_PER_CLIENT


def test_the_manage_link_changes_the_choices(client):
    subscriber = make_subscriber(nations=["JP"])
    path = links.manage_url(subscriber).removeprefix("http://127.0.0.1:8000")
    assert 'value="JP" id="id_nations_' in client.get(path).text
    response = client.post(
        path, {"name": "Ana", "outlet": "", "language": "fr", "nations": ["IN"]}
    )
    assert "Your choices are saved." in response.text
    subscriber.refresh_from_db()
    assert subscriber.language == "fr"
    assert list(subscriber.nations.values_list("code", flat=True)) == ["IN"]
    assert client.get("/subscribe/manage/forged/").status_code == 404


def test_the_manage_page_offers_the_public_topics_and_the_subscribers_own(client):
    climate, mars = make_topic("Climate"), make_topic("Mars")
    make_release(topics=[climate])
    make_release(status=PressRelease.Status.DRAFT, topics=[mars, make_topic("Zeta")])
    subscriber = make_subscriber(topics=[mars])
    path = links.manage_url(subscriber).removeprefix("http://127.0.0.1:8000")
    choices = client.get(path).context["form"].fields["topics"].choices
    assert [label for _value, label in choices] == ["Climate", "Mars"]
    assert "Zeta" not in client.get(path).text


def test_the_unsubscribe_page_asks_then_a_post_unsubscribes_at_once(client):
    subscriber = make_subscriber()
    path = links.unsubscribe_url(subscriber).removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert '<form method="post">' in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_one_click_unsubscribe_needs_no_login_nor_csrf_token():
    subscriber = make_subscriber()
    delivery = Delivery.objects.create(release=make_release(), subscriber=subscriber)
    path = links.unsubscribe_url(subscriber).removeprefix("http://127.0.0.1:8000")
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.CANCELLED


def test_a_forged_unsubscribe_link_is_refused(client):
    make_subscriber()
    assert client.post("/subscribe/unsubscribe/1:forged/").status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_no_cache_keeps_a_subscribers_pages(subscribe, client):
    """They show an address, and links that act for its owner: no browser or
    proxy cache may keep them."""
    subscriber = make_subscriber(pending_choices=None)
    pages = [client.get(SUBSCRIBE), subscribe("new@example.org")]
    run_tasks()
    pages.append(client.get(confirmation_link(mail.outbox[0])))
    for url in [links.manage_url(subscriber), links.unsubscribe_url(subscriber)]:
        path = url.removeprefix("http://127.0.0.1:8000")
        pages += [client.get(path), client.post(path)]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert response["Cache-Control"] == (
            "max-age=0, no-cache, no-store, must-revalidate, private"
        ), response.request["PATH_INFO"]

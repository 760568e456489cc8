"""Who receives a release, in which language, and never twice (the worker's own
loop run in-process; tests/test_distribution_worker.py runs the real process)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from distribution import sending
from distribution.models import Delivery, Subscriber
from releases import publishing
from releases.models import ContentVersion, PressRelease, PreviewLink
from tests.factories import make_image, make_release, make_topic, make_user
from tests.subscribers import make_list, make_subscriber, run_tasks

DRAFT = PressRelease.Status.DRAFT
NOW = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def publisher(db):
    return make_user("publisher", is_superuser=True)


@pytest.fixture
def publish(publisher, django_capture_on_commit_callbacks):
    """Publish a release as a publisher would, its follow-up work included."""

    def publish(release, at=None):
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(release, publisher, at=at)

    return publish


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_matching_confirmed_subscribers_receive_a_release_once(publish):
    climate = make_topic("Climate")
    mars = make_topic("Mars")
    make_subscriber("all@example.org")
    make_subscriber("japan@example.org", nations=["JP"])
    make_subscriber("climate@example.org", topics=[climate])
    make_subscriber("india@example.org", nations=["IN"])
    make_subscriber("mars@example.org", topics=[mars])
    make_subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    make_subscriber("left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    release = make_release(
        "Tokyo", status=DRAFT, nations=["JP", "AE"], topics=[climate]
    )

    publish(release)
    run_tasks()

    assert recipients() == [
        "all@example.org",
        "climate@example.org",
        "japan@example.org",
    ]
    assert [message.subject for message in mail.outbox] == ["Tokyo"] * 3


def test_a_release_of_the_archive_published_now_is_not_mailed(publish, settings):
    settings.MAIL_NEWS_DAYS = 3
    make_subscriber("all@example.org")
    day = datetime.timedelta(days=1)
    publish(
        make_release("Dated four days ago", status=DRAFT), at=timezone.now() - 4 * day
    )
    publish(
        make_release("Dated two days ago", status=DRAFT), at=timezone.now() - 2 * day
    )
    run_tasks()

    assert [message.subject for message in mail.outbox] == ["Dated two days ago"]


def test_a_release_matching_no_one_but_everything_subscribers(publish):
    make_subscriber("all@example.org")
    make_subscriber("india@example.org", nations=["IN"])
    publish(make_release("Kourou", status=DRAFT, nations=["GF"]))
    run_tasks()
    assert recipients() == ["all@example.org"]


def test_a_subscriber_gets_the_public_translation_in_their_language(publish):
    make_subscriber("en@example.org", language="en")
    make_subscriber("fr@example.org", language="fr")
    original = make_release("Tokyo forum", status=DRAFT)
    translation = make_release(
        "Forum de Tokyo", status=DRAFT, language="fr", translation_of=original
    )
    publish(translation)
    publish(original)
    run_tasks()

    assert {message.to[0]: message.subject for message in mail.outbox} == {
        "en@example.org": "Tokyo forum",
        "fr@example.org": "Forum de Tokyo",
    }
    french = next(m for m in mail.outbox if m.to == ["fr@example.org"])
    assert translation.get_absolute_url() in french.body
    assert "Choisissez vos nations et thèmes" in french.body


def test_without_a_public_translation_the_original_is_sent(publish):
    make_subscriber("fr@example.org", language="fr")
    original = make_release("Tokyo forum", status=DRAFT)
    make_release("Forum de Tokyo", status=DRAFT, language="fr", translation_of=original)
    publish(original)
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Tokyo forum"]


def test_unpublished_and_published_again_is_not_sent_twice(publish, publisher):
    make_subscriber()
    release = make_release(status=DRAFT)
    publish(release)
    run_tasks()
    publishing.unpublish(release, publisher)
    publish(release)
    run_tasks()
    assert recipients() == ["reporter@example.org"]
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_a_mailed_release_is_not_deleted_and_its_send_log_stays(
    client, publish, publisher
):
    """Deleting it would lose who received it, and recovering it from the
    history would mail it to them again: it is unpublished instead."""
    make_subscriber()
    release = make_release("Tokyo forum", status=DRAFT)
    publish(release)
    run_tasks()
    client.force_login(publisher)
    delete = reverse("admin:releases_pressrelease_delete", args=[release.pk])
    response = client.post(delete, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"] == [
        "The e-mails of “Tokyo forum” to 1 subscriber: return it to draft instead."
    ]
    assert PressRelease.objects.filter(pk=release.pk).exists()
    assert Delivery.objects.get().state == Delivery.State.SENT
    with pytest.raises(ProtectedError):
        release.delete()


def test_the_translation_published_later_is_not_sent_again(publish):
    make_subscriber("fr@example.org", language="fr")
    original = make_release("Tokyo forum", status=DRAFT)
    translation = make_release(
        "Forum de Tokyo", status=DRAFT, language="fr", translation_of=original
    )
    publish(original)
    run_tasks()
    publish(translation)
    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Tokyo forum"]


def test_a_scheduled_release_is_sent_at_its_time_not_before(publish):
    make_subscriber()
    release = make_release(status=DRAFT)
    at = NOW + datetime.timedelta(hours=2)
    with freeze_time(NOW):
        publish(release, at=at)
        run_tasks()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().run_after == at
    with freeze_time(at - datetime.timedelta(seconds=1)):
        run_tasks()
    assert mail.outbox == []
    with freeze_time(at + datetime.timedelta(minutes=5)):  # a worker that was down
        run_tasks()
    assert recipients() == ["reporter@example.org"]


def test_a_release_rescheduled_later_is_sent_at_the_new_time_only(publish):
    make_subscriber()
    release = make_release(status=DRAFT)
    first, second = NOW + datetime.timedelta(hours=1), NOW + datetime.timedelta(hours=3)
    with freeze_time(NOW):
        publish(release, at=first)
        publish(release, at=second)
    with freeze_time(first + datetime.timedelta(minutes=1)):
        run_tasks()
    assert mail.outbox == []
    with freeze_time(second):
        run_tasks()
    assert recipients() == ["reporter@example.org"]


def test_a_release_rescheduled_earlier_is_sent_once_at_the_earlier_time(publish):
    make_subscriber()
    release = make_release(status=DRAFT)
    later, earlier = (
        NOW + datetime.timedelta(hours=3),
        NOW + datetime.timedelta(hours=1),
    )
    with freeze_time(NOW):
        publish(release, at=later)
        publish(release, at=earlier)
    with freeze_time(earlier):
        run_tasks()
    assert recipients() == ["reporter@example.org"]
    with freeze_time(later):
        run_tasks()
    assert recipients() == ["reporter@example.org"]


def test_an_unsubscribed_reader_gets_nothing_planned_before(publish):
    subscriber = make_subscriber()
    release = make_release(status=DRAFT)
    publish(release)
    sending.plan_publication(release.pk)
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()
    run_tasks()
    assert mail.outbox == []
    assert Delivery.objects.get().state == Delivery.State.CANCELLED


def test_the_mail_has_both_parts_and_the_list_headers(publish, settings):
    settings.SITE_URL = "https://presse.cnes.example"
    subscriber = make_subscriber()
    release = make_release(
        "Tokyo forum", status=DRAFT, summary="CNES at the <Tokyo> forum."
    )
    publish(release)
    run_tasks()

    [message] = mail.outbox
    delivery = Delivery.objects.get()
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://presse.cnes.example/subscribe/unsubscribe/")
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["Message-ID"] == (
        f"<delivery.{delivery.pk}.release.{release.pk}@cnes.example>"
    )
    assert message.extra_headers["List-Id"] == (
        "CNES press releases <releases.cnes.example>"
    )
    assert unsubscribe.strip("<>") in message.body
    assert f"https://presse.cnes.example{release.get_absolute_url()}" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "CNES at the &lt;Tokyo&gt; forum." in html
    assert "<script" not in html
    assert subscriber.email == message.to[0]


def test_the_mail_shows_the_lead_photo_with_its_credit(publish, settings):
    settings.SITE_URL = "https://presse.cnes.example"
    make_subscriber(language="fr")
    release = make_release("Ariane 6 flies", status=DRAFT)
    lead = make_image(alt_text="Ariane 6 on its pad", alt_text_fr="Ariane 6 au pas")
    release.images.add(lead)
    release.images.add(make_image(alt_text="The crowd", credit="© CNES/S. Martin"))
    publish(release)
    run_tasks()

    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives
    assert (
        f'<img src="https://presse.cnes.example{lead.rendition_url()}" '
        'alt="Ariane 6 au pas"' in html
    )
    assert "© CNES/ESA" in html
    assert "S. Martin" not in html


def test_an_embargoed_pre_send_goes_to_the_lists_and_not_again_at_publication(
    publish, publisher, client, django_capture_on_commit_callbacks
):
    journalist = make_subscriber("tokyo@example.org", language="fr")
    make_subscriber("public@example.org")
    make_subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    japan = make_list(members=Subscriber.objects.exclude(email="public@example.org"))
    release = make_release("Tokyo forum", status=DRAFT)
    at = datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.UTC)  # 10:00 in Paris

    with freeze_time(NOW):
        publish(release, at=at)
        with django_capture_on_commit_callbacks(execute=True):
            assert sending.plan_embargo(release, [japan], publisher) == 1
        run_tasks()

        [message] = mail.outbox
        assert message.to == ["tokyo@example.org"]
        notice = "EMBARGO : ne pas publier avant le 6 mars 2026, 10:00 (heure de Paris)"
        assert message.subject == f"{notice} – Tokyo forum"
        assert message.body.startswith(f"{notice}\n")
        assert notice in message.alternatives[0][0]
        link = PreviewLink.objects.get()
        assert (link.release, link.expires_at) == (release, at)
        preview_url = next(
            line for line in message.body.splitlines() if "/preview/" in line
        )
        response = client.get(preview_url.removeprefix(settings.SITE_URL))
        assert response.status_code == 200
        assert Delivery.objects.get(subscriber=journalist).kind == Delivery.Kind.EMBARGO

    with freeze_time(at + datetime.timedelta(seconds=1)):
        run_tasks()
    assert recipients() == ["public@example.org", "tokyo@example.org"]


def test_subscribers_and_deliveries_are_not_public_content(publish):
    release = make_release()
    token = ContentVersion.objects.get(pk=1).token
    subscriber = make_subscriber()
    Delivery.objects.create(release=release, subscriber=subscriber)
    make_list(members=[subscriber])
    assert ContentVersion.objects.get(pk=1).token == token


def test_two_claims_never_take_the_same_mail(db):
    release = make_release()
    for number in range(2 * sending.BATCH + 5):
        make_subscriber(f"reader{number}@example.org")
    sending.plan_publication(release.pk)
    kinds = Delivery.Kind.values
    first, second = sending.claim(release.pk, kinds), sending.claim(release.pk, kinds)
    third = sending.claim(release.pk, kinds)
    assert [len(first), len(second), len(third)] == [sending.BATCH, sending.BATCH, 5]
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert sending.claim(release.pk, kinds) == []

"""Sending through a real SMTP server on loopback: retries, failures, and the
end of the data held back until the mail is recorded as sent."""

import datetime
from email import message_from_bytes, policy

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from cnespress.settings import mailer_from_url
from distribution import sending
from distribution.checks import check_site_url
from distribution.emails import ReleaseMail, load_version
from distribution.models import Delivery
from distribution.postman import Postman
from tests.factories import make_release
from tests.subscribers import make_subscriber, run_tasks

NOW = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)
State = Delivery.State


@pytest.fixture
def smtp(smtp_server, settings):
    """Send this process's mails to the real SMTP server."""
    settings.MAILERS = {
        "default": mailer_from_url(f"smtp://127.0.0.1:{smtp_server.port}?timeout=5")
    }
    return smtp_server


def send(release):
    sending.enqueue(release.pk)
    run_tasks()


@pytest.mark.django_db
def test_a_temporary_failure_is_retried_later_and_then_sent(smtp):
    make_subscriber("busy@example.org")
    make_subscriber("fine@example.org")
    smtp.replies["busy@example.org"] = "451 4.3.0 Try again later"
    with freeze_time(NOW):
        release = make_release(published_at=NOW - datetime.timedelta(hours=1))
        send(release)

    assert smtp.count_by_recipient() == {"fine@example.org": 1}
    busy = Delivery.objects.get(subscriber__email="busy@example.org")
    retry_at = NOW + datetime.timedelta(seconds=sending.BACKOFF[0])
    assert (busy.state, busy.attempts, busy.next_attempt_at) == (
        State.QUEUED,
        1,
        retry_at,
    )
    assert busy.error == "451 4.3.0 Try again later"
    follow_up = DBTaskResult.objects.filter(status="READY").get()
    assert follow_up.run_after == retry_at

    del smtp.replies["busy@example.org"]
    with freeze_time(retry_at):
        run_tasks()
    assert smtp.count_by_recipient() == {"fine@example.org": 1, "busy@example.org": 1}
    busy.refresh_from_db()
    assert (busy.state, busy.attempts, busy.error) == (State.SENT, 1, "")


@pytest.mark.django_db
def test_a_mail_deferred_at_every_attempt_fails_in_the_end(smtp):
    make_subscriber("busy@example.org")
    smtp.replies["busy@example.org"] = "452 4.2.2 Mailbox full"
    with freeze_time(NOW) as clock:
        release = make_release()
        send(release)
        for wait in sending.BACKOFF:
            clock.tick(datetime.timedelta(seconds=wait))
            run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.FAILED, 5)
    assert smtp.received == []
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried(smtp):
    make_subscriber("gone@example.org")
    make_subscriber("fine@example.org")
    smtp.replies["gone@example.org"] = "550 5.1.1 No such user"
    send(make_release())
    gone = Delivery.objects.get(subscriber__email="gone@example.org")
    assert (gone.state, gone.error) == (State.FAILED, "550 5.1.1 No such user")
    assert smtp.count_by_recipient() == {"fine@example.org": 1}
    assert Delivery.objects.counts() == {
        "queued": 0,
        "sending": 0,
        "sent": 1,
        "failed": 1,
        "cancelled": 0,
    }


@pytest.mark.django_db
def test_an_unreachable_server_defers_every_mail(smtp_server, settings):
    settings.MAILERS = {"default": mailer_from_url("smtp://127.0.0.1:9?timeout=2")}
    make_subscriber()
    send(make_release())
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (State.QUEUED, 1)
    assert "ConnectionRefusedError" in delivery.error


@pytest.mark.django_db
def test_the_server_drops_a_mail_whose_record_failed(smtp):
    """When the mail cannot be recorded as sent (another worker took it), the data
    is not ended: the server drops the mail, and the next one goes through."""
    first = EmailMessage("First", "Body", "press@example.org", ["a@example.org"])
    second = EmailMessage("Second", "Body", "press@example.org", ["b@example.org"])
    with Postman() as postman:
        assert postman.deliver(first, lambda: False) is False
        assert postman.deliver(second, lambda: True) is True
    assert [message["Subject"] for message in smtp.messages()] == ["Second"]


@pytest.mark.django_db
def test_a_line_starting_with_a_dot_arrives_whole(smtp):
    message = EmailMessage(
        "Dots", ".hidden\n..two\n.", "p@example.org", ["a@example.org"]
    )
    with Postman() as postman:
        postman.deliver(message, lambda: True)
    [received] = smtp.messages()
    assert received.get_content().replace("\r\n", "\n") == ".hidden\n..two\n.\n"


@pytest.mark.django_db
def test_the_list_unsubscribe_header_arrives_unfolded(smtp):
    make_subscriber()
    send(make_release())
    [received] = smtp.messages()
    unsubscribe = received["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://127.0.0.1:8000/subscribe/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received.get_body(("html",))["Content-Type"].startswith("text/html")
    assert received.get_body(("plain",))["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title",
    ["Tokyo forum", " – ".join(["Le CNES et l’ISRO : un accord « historique »"] * 3)],
)
def test_the_written_message_says_what_djangos_message_says(title):
    subscriber = make_subscriber("été@example.org".replace("é", "e"), language="fr")
    release = make_release(title, summary="Résumé.\n.point", language="fr")
    delivery = Delivery.objects.create(release=release, subscriber=subscriber)
    mail = ReleaseMail(load_version(release.pk), "fr")

    written = message_from_bytes(mail.to_smtp(delivery), policy=policy.SMTP)
    django = message_from_bytes(
        mail.to(delivery).message(policy=policy.SMTP).as_bytes(), policy=policy.SMTP
    )

    for header in [
        "From",
        "To",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Content-Language",
        "MIME-Version",
    ]:
        assert written[header] == django[header], header
    # Django's own folding doubles a space of a long subject; ours keeps it.
    assert written["Subject"] == title
    for kind in ("plain", "html"):
        assert (
            written.get_body((kind,)).get_content()
            == django.get_body((kind,)).get_content()
        )
    assert "Résumé." in written.get_body(("plain",)).get_content()


def test_the_deploy_checks_refuse_printed_mails_and_plain_http_links(settings, db):
    settings.MAILERS = {"default": mailer_from_url("")}
    settings.SITE_URL = "http://127.0.0.1:8000"
    found = [message.id for message in run_checks(include_deployment_checks=True)]
    assert {"mail.E001", "distribution.W001"} <= set(found)
    settings.SITE_URL = "https://presse.cnes.example"
    assert check_site_url(None) == []


def test_the_email_url_becomes_the_default_mailer():
    mailer = mailer_from_url("smtp://u:p%40ss@mail.example:587?tls=1")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example",
        "port": 587,
        "username": "u",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
    }
    assert mailer_from_url("smtps://mail.example")["OPTIONS"]["use_ssl"] is True


def test_a_malformed_email_url_is_refused_with_its_form():
    with pytest.raises(ImproperlyConfigured, match="smtp://user:password@host:port"):
        mailer_from_url("http://mail.example")

"""The admin of subscribers, lists and deliveries, and the release's send log."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from distribution.models import Delivery, Subscriber, SubscriberList
from releases.models import PressRelease
from tests.factories import make_release
from tests.subscribers import make_list, make_subscriber

pytestmark = pytest.mark.django_db


def upload(client, subscriber_list, content, consent="Accredited at the forum."):
    path = reverse(
        "admin:distribution_subscriberlist_import", args=[subscriber_list.pk]
    )
    file = SimpleUploadedFile("japan.csv", content.encode("utf-8"), "text/csv")
    return client.post(path, {"file": file, "consent": consent}, follow=True)


def test_a_csv_import_adds_each_address_once_and_records_how_they_came(client, editor):
    known = make_subscriber("known@example.org")
    japan = make_list()
    response = upload(
        client,
        japan,
        "email,name,outlet,language\n"
        "a.sato@example.jp,Akira Sato,NHK,en\n"
        "KNOWN@example.org,,,\n"
        "\n"
        "A.Sato@example.jp,Akira Sato,NHK,en\n"
        "m.dupont@example.fr,Marie Dupont,AFP,fr\n",
    )
    assert "2 new subscribers, 1 already known: all are in the list now." in (
        response.text
    )
    assert sorted(japan.members.values_list("email", flat=True)) == [
        "a.sato@example.jp",
        "known@example.org",
        "m.dupont@example.fr",
    ]
    sato = Subscriber.objects.get(email="a.sato@example.jp")
    assert (sato.name, sato.outlet, sato.language, sato.status) == (
        "Akira Sato",
        "NHK",
        "en",
        Subscriber.Status.CONFIRMED,
    )
    assert (sato.source, sato.added_by, sato.source_detail, sato.consent_text) == (
        Subscriber.Source.IMPORT,
        editor,
        "japan.csv, line 2",
        "Accredited at the forum.",
    )
    assert Subscriber.objects.get(email="m.dupont@example.fr").language == "fr"
    known.refresh_from_db()
    assert known.source == Subscriber.Source.ADMIN


def test_a_csv_import_with_invalid_lines_reports_them_and_imports_nothing(
    client, editor
):
    japan = make_list()
    response = upload(
        client,
        japan,
        "email;name;language\n"
        "a.sato@example.jp;Akira Sato;en\n"
        "not an address;Someone;en\n"
        "b@example.jp;Bea;ja\n"
        "c@example.jp;Cy;en;extra\n",
    )
    assert response.context["errors"] == [
        "Line 3: “not an address” is not an e-mail address.",
        "Line 4: the language must be en or fr, not “ja”.",
        "Line 5: more fields than columns.",
    ]
    assert "Nothing was imported" in response.text
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            "name,outlet\nA,B\n",
            "The first line must name the columns, email among them.",
        ),
        ("email\nb\xe9b\xe9@example.org\n", "The file is not UTF-8 text"),
    ],
)
def test_an_unreadable_csv_file_is_explained(client, editor, content, error):
    japan = make_list()
    path = reverse("admin:distribution_subscriberlist_import", args=[japan.pk])
    data = content.encode("latin-1")
    file = SimpleUploadedFile("japan.csv", data, "text/csv")
    response = client.post(path, {"file": file, "consent": "Yes."})
    assert response.status_code == 200
    assert response.context["errors"][0].startswith(error)


def test_export_gives_one_subscribers_data_as_json(client, editor):
    subscriber = make_subscriber(
        "ana@example.org", name="Ana", nations=["JP"], lists=[make_list()]
    )
    Delivery.objects.create(release=make_release("Tokyo"), subscriber=subscriber)
    response = client.get(
        reverse("admin:distribution_subscriber_export", args=[subscriber.pk])
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "ana@example.org"
    assert data["nations"] == ["JP"]
    assert data["lists"] == ["Accredited journalists, Japan"]
    assert [(d["release"], d["state"]) for d in data["deliveries"]] == [
        ("Tokyo", "queued")
    ]


def test_erase_deletes_the_personal_data_and_keeps_the_counts(client, editor):
    subscriber = make_subscriber("ana@example.org", lists=[make_list()])
    release = make_release()
    Delivery.objects.create(
        release=release, subscriber=subscriber, state=Delivery.State.SENT
    )
    path = reverse("admin:distribution_subscriber_erase", args=[subscriber.pk])
    assert "Erase for good" in client.get(path).text
    response = client.post(path, follow=True)
    assert "The subscriber’s personal data was erased." in response.text
    assert not Subscriber.objects.exists()
    assert SubscriberList.objects.get().members.count() == 0
    assert Delivery.objects.filter(release=release).counts()["sent"] == 1
    assert Delivery.objects.get().subscriber is None


def test_a_subscriber_added_in_the_admin_records_who_and_why(client, editor):
    response = client.post(
        reverse("admin:distribution_subscriber_add"),
        {
            "email": "new@example.org",
            "name": "New",
            "outlet": "",
            "language": "en",
            "status": "confirmed",
            "consent_text": "",
            "subscriberlist_members-TOTAL_FORMS": "0",
            "subscriberlist_members-INITIAL_FORMS": "0",
        },
    )
    assert response.context["adminform"].form.errors == {
        "consent_text": ["Say how this person agreed to receive releases."]
    }
    assert not Subscriber.objects.exists()


def test_the_release_page_shows_its_send_log(client, editor):
    release = make_release()
    for number, state in enumerate(["queued", "sent", "sent", "failed"]):
        subscriber = make_subscriber(f"reader{number}@example.org")
        Delivery.objects.create(release=release, subscriber=subscriber, state=state)
    response = client.get(
        reverse("admin:releases_pressrelease_change", args=[release.pk])
    )
    assert (
        "Queued: 1 · Sending: 0 · Sent: 2 · Failed: 1 · Cancelled: 0" in response.text
    )
    assert f"?release__id__exact={release.pk}" in response.text
    assert "Send now under embargo" not in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_lists_of_subscribers_and_mails_take_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries, count
):
    release = make_release()
    for number in range(count):
        subscriber = make_subscriber(f"reader{number}@example.org")
        Delivery.objects.create(release=release, subscriber=subscriber, version=release)
    with django_assert_num_queries(9):
        client.get(reverse("admin:distribution_delivery_changelist"))
    with django_assert_num_queries(10):
        client.get(reverse("admin:distribution_subscriber_changelist"))


def test_a_publisher_sends_a_scheduled_release_under_embargo_to_lists(
    client, publisher, django_capture_on_commit_callbacks
):
    japan = make_list(members=[make_subscriber("tokyo@example.org")])
    make_list("Accredited journalists, India")
    release = make_release(published_at=timezone.now() + datetime.timedelta(days=1))
    page = client.get(reverse("admin:releases_pressrelease_change", args=[release.pk]))
    assert "Send now under embargo to lists…" in page.text
    path = reverse("admin:distribution_delivery_embargo", args=[release.pk])
    confirm = client.get(path)
    assert "EMBARGO: not for publication before" in confirm.text
    assert "Accredited journalists, Japan (1 confirmed member)" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"lists": [japan.pk]}, follow=True)
    assert "1 journalist will receive the release under embargo." in response.text
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.created_by) == (Delivery.Kind.EMBARGO, publisher)


def test_an_editor_may_not_send_under_embargo(client, editor):
    release = make_release(published_at=timezone.now() + datetime.timedelta(days=1))
    path = reverse("admin:distribution_delivery_embargo", args=[release.pk])
    assert client.get(path).status_code == 403


def test_a_public_release_cannot_be_sent_under_embargo(client, publisher):
    release = make_release()
    path = reverse("admin:distribution_delivery_embargo", args=[release.pk])
    response = client.post(path, {"lists": [make_list().pk]}, follow=True)
    assert "Only a scheduled release can be sent under embargo." in response.text
    assert not Delivery.objects.exists()
    assert release.status == PressRelease.Status.PUBLISHED

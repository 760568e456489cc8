"""Read replicas (cnespress/db_routing.py), against a real PostgreSQL primary
(DATABASE_URL) and its streaming standby (DATABASE_REPLICA_URLS), which .ci/run
starts. Without them the tests skip on a developer's machine, and fail in CI."""

import io
import json
import logging
import os
import tarfile
import time
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from cnespress import db_routing
from distribution import links
from distribution.models import Subscriber
from releases import previews
from releases.models import PressRelease, PreviewLink, Topic
from tests.factories import make_release, make_topic, make_user
from tests.sockets import free_port

# Read before any test changes them: tests/conftest.py turns the replicas off.
REPLICAS = list(django_settings.DATABASE_REPLICAS)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", *REPLICAS])


@pytest.fixture(autouse=True)
def standby(settings):
    """Route reads to the standby, once it has replayed all the primary wrote."""
    if connection.vendor != "postgresql":
        pytest.skip("The read replica tests run on PostgreSQL (DATABASE_URL).")
    if not REPLICAS:
        message = (
            "DATABASE_REPLICA_URLS names no standby of the PostgreSQL primary "
            "(.ci/run starts one)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with connections[REPLICAS[0]].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,), f"{REPLICAS[0]} is not a standby."
    settings.DATABASE_REPLICAS = REPLICAS
    wait_for_replay()


def wait_for_replay(timeout=10):
    """Wait until every standby has replayed what the primary has written."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    for alias in REPLICAS:
        deadline = time.monotonic() + timeout
        while True:
            with connections[alias].cursor() as cursor:
                cursor.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]
                )
                if cursor.fetchone()[0]:
                    break
            assert time.monotonic() < deadline, f"{alias} lags by over {timeout} s."
            time.sleep(0.01)


@contextmanager
def replay_paused():
    """Stop the standbys from replaying the primary's changes, for a while."""
    for alias in REPLICAS:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")
            while True:
                cursor.execute("SELECT pg_get_wal_replay_pause_state()")
                if cursor.fetchone() == ("paused",):
                    break
                time.sleep(0.01)
    try:
        yield
    finally:
        for alias in REPLICAS:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")


def get(client, url):
    """Return the response and the number of queries each database ran for it."""
    return counted(lambda: client.get(url))


def counted(request):
    """Return the response of ``request()`` and the number of queries each
    database ran for it."""
    aliases = ["default", *REPLICAS]
    contexts = [CaptureQueriesContext(connections[alias]) for alias in aliases]
    for context in contexts:
        context.__enter__()
    try:
        response = request()
    finally:
        for context in contexts:
            context.__exit__(None, None, None)
    return response, {
        "primary": len(contexts[0]),
        "replicas": sum(len(context) for context in contexts[1:]),
    }


def test_anonymous_visitors_read_public_pages_from_a_replica(client):
    release = make_release("Seen on the standby", nations=["JP"])
    wait_for_replay()
    for url in [
        reverse("releases:home"),
        reverse("releases:list") + "?nation=JP",
        release.get_absolute_url(),
        reverse("releases:nation", kwargs={"code": "JP"}),
        reverse("releases:feed_atom"),
        reverse("sitemap"),
    ]:
        response, queries = get(client, url)
        assert response.status_code == 200, url
        assert queries["primary"] == 0, url
        assert queries["replicas"] > 0, url
        assert release.slug in response.text, url


def test_staff_the_admin_and_embargo_previews_read_from_the_primary(client):
    release = make_release("Embargoed", status=PressRelease.Status.DRAFT)
    link = PreviewLink(release=release, expires_at=timezone.now() + timedelta(days=7))
    preview = previews.preview_url(previews.issue(link, user=None))
    response, queries = get(client, preview)
    assert response.status_code == 200
    assert queries["replicas"] == 0
    assert queries["primary"] > 0

    make_release("Public")
    client.force_login(make_user("editor", groups=["Editors"]))
    wait_for_replay()
    for url in [
        reverse("releases:list"),
        release.get_absolute_url(),
        reverse("admin:releases_pressrelease_changelist"),
    ]:
        response, queries = get(client, url)
        assert response.status_code == 200, url
        assert queries["replicas"] == 0, url
        assert queries["primary"] > 0, url


def test_a_visitor_reads_from_the_primary_right_after_their_own_write(client):
    url = reverse("releases:list")
    response = client.post(
        reverse("admin:login"), {"username": "nobody", "password": "wrong"}
    )
    assert response.status_code == 200
    cookie = response.cookies[db_routing.COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"] is True

    response, queries = get(client, url)
    assert response.status_code == 200
    assert queries["replicas"] == 0
    assert queries["primary"] > 0

    del client.cookies[db_routing.COOKIE]  # As the browser does when it expires.
    response, queries = get(client, url)
    assert queries["primary"] == 0
    assert queries["replicas"] > 0


def test_reading_sets_no_cookie(client):
    response = client.get(reverse("releases:list"))
    assert response.status_code == 200
    assert response.cookies == {}


def test_a_page_is_never_cached_under_a_version_newer_than_its_content(client):
    """The standby stops replaying while a release changes on the primary: its
    pages, old, must not be cached under the primary's new content version."""
    release = make_release("Old title")
    wait_for_replay()
    url = release.get_absolute_url()
    assert "Old title" in client.get(url).text
    with replay_paused():
        release.title = "New title"
        release.save()
        response, queries = get(client, url)
        assert queries["primary"] == 0
        assert "Old title" in response.text  # The standby's content, lagging.
        after_a_write = Client()
        after_a_write.cookies[db_routing.COOKIE] = "1"
        assert "New title" in after_a_write.get(url).text
    wait_for_replay()
    response, queries = get(client, url)
    assert queries["primary"] == 0
    assert "New title" in response.text


def test_the_subscribers_pages_read_and_write_the_primary(client):
    """They write (a subscription, its confirmation, an unsubscription): what
    they read comes from the primary, and the visitor reads from it a while
    after, as after any write."""
    subscribe = reverse("distribution:subscribe")
    response, queries = get(client, subscribe)
    assert (response.status_code, queries["replicas"]) == (200, 0)
    data = {"email": "ana@example.org", "language": "en", "name": "Ana"}
    response, queries = counted(lambda: client.post(subscribe, data))
    assert (response.status_code, queries["replicas"]) == (200, 0)
    assert db_routing.COOKIE in response.cookies
    subscriber = Subscriber.objects.get()
    for method, url in [
        ("get", links.confirmation_url(subscriber)),
        ("post", links.unsubscribe_url(subscriber)),
    ]:
        visitor = Client()
        path = url.removeprefix(django_settings.SITE_URL)
        response, queries = counted(partial(getattr(visitor, method), path))
        assert (response.status_code, queries["replicas"]) == (200, 0), path
        assert queries["primary"] > 0, path
        assert db_routing.COOKIE in response.cookies, path
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_replica_that_does_not_answer_is_left_out_and_tried_again(client, caplog):
    url = reverse("releases:list")
    replica = connections[REPLICAS[0]]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = free_port()
    caplog.set_level(logging.WARNING, logger="cnespress.db_routing")
    try:
        with freeze_time(tick=True) as clock:
            for _ in range(3):
                assert client.get(url).status_code == 200
            replica.settings_dict["PORT"] = port
            clock.tick(db_routing.RETRY_SECONDS + 1)
            response, queries = get(client, url)
    finally:
        replica.settings_dict["PORT"] = port
        db_routing._unreachable_until.clear()  # Whatever happened, under frozen time.
    assert response.status_code == 200
    assert queries["replicas"] > 0
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        f"Read replica {REPLICAS[0]} does not answer, reading from the primary",
        f"Read replica {REPLICAS[0]} answers again.",
    ]


def test_an_object_read_from_a_replica_is_saved_to_the_primary():
    release = make_release("Read on the standby")
    topic = make_topic()
    wait_for_replay()
    replica = REPLICAS[0]
    read = PressRelease.objects.using(replica).get(pk=release.pk)
    read.title = "Saved on the primary"
    read.save()
    read.topics.add(Topic.objects.using(replica).get(pk=topic.pk))
    saved = PressRelease.objects.using("default").get(pk=release.pk)
    assert saved.title == "Saved on the primary"
    assert list(saved.topics.all()) == [topic]


def test_a_backup_reads_a_standby(tmp_path):
    make_release(nations=["JP"])
    wait_for_replay()
    path = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(path), "--database", REPLICAS[0], stdout=out)
    assert out.getvalue().startswith(f"Backup written to {path}: 1 release, 0 users")
    with tarfile.open(path) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest["rows"]["releases.releasenation"] == 1

"""Oversized posts: a body has a stated maximum, and a request too large for the
server gets a page saying so, not a bare 400 or a reset connection."""

import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from releases.importer import parse_release
from releases.limits import BODY_MAX_LENGTH
from releases.models import Image, PressRelease
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_release, make_user
from tests.sockets import free_port

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
TOO_LONG = (
    "The body is too long: 100,001 characters, for at most 100,000. Shorten it, "
    "or split it into two releases."
)
REFUSED = (
    "The server accepts at most 2.5\xa0MB in one form and refused this one: "
    "nothing was saved."
)


@pytest.fixture
def release(db):
    return make_release("Forum", status=PressRelease.Status.DRAFT, body="Kept.")


def test_the_form_states_the_body_limit_and_stops_typing_there(client, editor, release):
    response = client.get(change_url(release))
    body = response.context["adminform"].form["body"]
    assert body.field.widget.attrs["maxlength"] == BODY_MAX_LENGTH
    assert 'maxlength="100000"' in str(body)
    assert "At most 100,000 characters." in response.text


def test_a_body_over_the_limit_is_refused_and_kept_in_the_form(client, editor, release):
    url = change_url(release)
    text = "x" * (BODY_MAX_LENGTH + 1)
    response = client.post(url, change_form_data(client.get(url), body=text))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"body": [TOO_LONG]}
    assert form["body"].value() == text
    release.refresh_from_db()
    assert release.body == "Kept."


def test_a_line_break_counts_once_as_the_browser_counts_it(client, editor, release):
    """The browser counts a line break as one character, the form sends two."""
    url = change_url(release)
    text = ("x" * 98 + "\r\n") * (BODY_MAX_LENGTH // 99) + "x"
    assert len(text) > BODY_MAX_LENGTH >= len(text.replace("\r\n", "\n"))
    response = client.post(url, change_form_data(client.get(url), body=text))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.body == text


@pytest.mark.parametrize("size", [3 * MB, 10 * MB])
def test_an_oversized_admin_post_gets_a_413_page_in_the_admins_look(
    client, editor, release, size
):
    url = change_url(release)
    response = client.post(url, change_form_data(client.get(url), body="x" * size))
    assert response.status_code == 413
    assert [t.name for t in response.templates][0] == "admin/413.html"
    assert "<title>Too large to send | CNES press office</title>" in response.text
    assert REFUSED in response.text
    assert "A release’s body holds at most 100,000 characters." in response.text
    release.refresh_from_db()
    assert release.body == "Kept."


def test_the_413_page_follows_the_language(client, editor, release):
    url = reverse("admin:releases_pressrelease_change", args=[release.pk])
    response = client.post("/fr" + url, {"body": "x" * 3 * MB})
    assert response.status_code == 413
    assert "Trop volumineux pour être envoyé" in response.text


def test_an_oversized_post_to_the_site_gets_the_sites_413_page(db):
    """As from a browser: the CSRF check reads the form, which is too large."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(reverse("releases:home"), {"text": "x" * 3 * MB})
    assert response.status_code == 413
    assert [t.name for t in response.templates][0] == "413.html"
    assert REFUSED in response.text


def test_an_upload_larger_than_the_server_takes_gets_the_413_page(
    client, editor, settings
):
    """Each photo has its limit, and one upload of several has the server's
    (DJANGO_UPLOAD_MAX_MB, which the proxy must let through): past it, the
    upload is refused before it is read, with a page that says so."""
    settings.UPLOAD_MAX_REQUEST_BYTES = MB
    photos = [SimpleUploadedFile(f"{n}.jpg", b"x" * 600_000) for n in (1, 2)]
    url = reverse("admin:releases_image_upload")
    response = client.post(url, {"files": photos, "credit": "© CNES"})
    assert response.status_code == 413
    assert [t.name for t in response.templates][0] == "admin/413.html"
    assert (
        "The server accepts at most 1.0\xa0MB in one form and refused this one: "
        "nothing was saved."
    ) in response.text
    assert "Upload fewer or smaller files at a time." in response.text
    assert not Image.objects.exists()


def test_the_upload_page_states_the_servers_limit(client, editor, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 100 * MB
    page = client.get(reverse("admin:releases_image_upload")).text
    assert "up to 50 at a time and 100.0\xa0MB in all" in page


def test_other_bad_requests_still_get_django_s_400(client, db):
    response = client.get(reverse("releases:home"), headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "<h1>Bad Request (400)</h1>" in response.text


def post_over_http(port, path, size, cookie=""):
    """Send a form of ``size`` bytes as a browser does, and return the status
    and the page, or the error the connection ended with."""
    body = b"body=" + b"x" * (size - 5)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
            },
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    except OSError as error:
        return None, repr(error)
    finally:
        connection.close()


@pytest.fixture
def gunicorn(tmp_path):
    """A gunicorn serving the site with its default (sync) worker on loopback."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.live_settings",
        "DJANGO_SECRET_KEY": "tests-only-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "DJANGO_DEBUG": "0",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cnespress.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            f"--chdir={ROOT}",
            "--log-level=warning",
        ],
        cwd=tmp_path,  # away from any gunicorn.conf.py: gunicorn's defaults
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("size", [3 * MB, 10 * MB, 30 * MB])
def test_gunicorn_answers_an_oversized_post_instead_of_resetting(gunicorn, size):
    """An editor's browser, still sending, reads the 413 page: the site reads
    and discards the rest of the body, where gunicorn alone would close the
    connection on it."""
    path = reverse("admin:login")
    cookie = "csrftoken=" + "a" * 32
    status, page = post_over_http(gunicorn, path, size, cookie)
    assert status == 413, page
    assert REFUSED in page
    assert "CNES press office" in page


def test_the_development_server_answers_an_oversized_post(live_server, client):
    client.force_login(make_user("editor", groups=["Editors"]))
    release = make_release("Forum", status=PressRelease.Status.DRAFT)
    cookie = "; ".join(f"{c.key}={c.value}" for c in client.cookies.values())
    cookie += "; csrftoken=" + "a" * 32
    port = int(live_server.url.rsplit(":", 1)[1])
    status, page = post_over_http(port, change_url(release), 10 * MB, cookie)
    assert status == 413, page
    assert REFUSED in page


@pytest.mark.django_db
def test_the_import_refuses_a_body_over_the_limit_naming_the_file(tmp_path):
    paragraph = "Launch " * 142 + "done."  # 999 characters
    text = "12 March 2024\n\nAriane 6 flies\n\n" + "\n\n".join([paragraph] * 101)
    assert len(parse_release(text).body) == 101 * 999 + 100 * 2
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_releases", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == (
        f"{path}: not saved: the body has 101,099 characters, more than the "
        "100,000 a release holds\n"
    )
    assert not PressRelease.objects.exists()
    path.write_text(text.rsplit("\n\n", 2)[0], encoding="utf-8")
    call_command("import_releases", str(path), stdout=io.StringIO())
    assert PressRelease.objects.get().body.count("Launch") == 99 * 142

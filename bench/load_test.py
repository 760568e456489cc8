"""Load test: browse, filter, search and edit at once under gunicorn, then check
that nothing was lost.

    python bench/load_test.py [--releases 2000] [--seconds 180] [--readers 8]
                              [--editors 3] [--max-requests 200000]

Builds a throw-away SQLite archive (generate_releases), serves it with gunicorn on
127.0.0.1, and runs reader threads (home, archive with filters, search, release
pages, nation pages, feeds) beside editor threads that log into the admin and
change releases and create new ones through the real admin forms. Each run is
bounded in time and in number of requests. At the end every edit the server
acknowledged must be in the database, and no request may have failed.
"""

import argparse
import html.parser
import http.cookiejar
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-1234"
READ_PATHS = [
    "/",
    "/releases/",
    "/releases/?nation=JP",
    "/releases/?nation=IN&nation=AE",
    "/releases/?year=2015",
    "/releases/?q=cooperation",
    "/releases/?q=climate+satellite",
    "/releases/?page=3",
    "/nations/",
    "/nations/jp/",
    "/fr/releases/",
    "/feeds/releases.atom",
]


class FormReader(html.parser.HTMLParser):
    """Collect what a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None
        self.slugs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            else:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self._textarea[1]
            self.fields.append((self._textarea[0], value.removeprefix("\n")))
            self._textarea = None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.requests, self.edits = [], [], 0, 0

    def record(self, label, started, status, expected=(200,)):
        with self.lock:
            self.requests += 1
            self.latencies.append(time.perf_counter() - started)
            if status not in expected:
                self.errors.append(f"{label}: HTTP {status}")


class Browser:
    def __init__(self, base, stats):
        self.base, self.stats = base, stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path, data=None, expected=(200,)):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
                location = response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
            location = error.headers.get("Location", "")
        except OSError as error:
            status, text, location = f"connection error {error}", "", ""
        self.stats.record(
            f"{'POST' if body else 'GET'} {path}", started, status, expected
        )
        return status, text, location

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def reader(base, stats, deadline, budget, rng):
    browser = Browser(base, stats)
    slugs = []
    while time.monotonic() < deadline and budget.take():
        if slugs and rng.random() < 0.35:
            path = f"/releases/{rng.choice(slugs)}/"
        else:
            path = rng.choice(READ_PATHS)
        status, text, _ = browser.request(path)
        if path == "/releases/" and status == 200:
            slugs = [
                chunk.split("/", 1)[0]
                for chunk in text.split('href="/releases/')[1:]
                if chunk[:1] not in ('"', "?")
            ][:20] or slugs


def editor(base, stats, deadline, budget, number, pks, acknowledged):
    browser = Browser(base, stats)
    browser.request("/admin/login/")
    status, _, _ = browser.request(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": browser.csrf(),
            "username": f"editor{number}",
            "password": PASSWORD,
            "next": "/admin/",
        },
        expected=(302,),
    )
    edit = 0
    while time.monotonic() < deadline and budget.take():
        edit += 1
        pk = pks[edit % len(pks)]
        change = f"/admin/releases/pressrelease/{pk}/change/"
        status, text, _ = browser.request(change)
        if status != 200:
            continue
        form = FormReader()
        form.feed(text)
        stamp = f"edit {number}-{edit}"
        fields = [(n, v) for n, v in form.fields if n != "summary"]
        fields.append(("summary", stamp))
        fields = [
            (n, browser.csrf() if n == "csrfmiddlewaretoken" else v) for n, v in fields
        ]
        status, text, _ = browser.request(change, fields, expected=(302,))
        if status == 302:
            acknowledged[pk] = stamp
            stats.edits += 1
        time.sleep(0.05)


class Budget:
    def __init__(self, count):
        self.left, self.lock = count, threading.Lock()

    def take(self):
        with self.lock:
            self.left -= 1
            return self.left >= 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=200_000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "load.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SECRET_KEY": "load-test-" + "x" * 50,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOGIN_FAILURE_LIMIT": "1000",
            "DJANGO_LOG_LEVEL": "WARNING",  # no line per request on the terminal
        }
        print(f"Preparing {options.releases} releases…", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "generate_releases", str(options.releases))
        setup = (
            "from django.contrib.auth.models import Group, User\n"
            "groups = Group.objects.filter(name__in=['Editors', 'Publishers'])\n"
            f"for n in range({options.editors}):\n"
            f"    u = User.objects.create_user(f'editor{{n}}', password='{PASSWORD}',"
            " is_staff=True)\n"
            "    u.groups.add(*groups)\n"
        )
        manage(env, "shell", "-c", setup)
        with sqlite3.connect(database) as db:
            pks = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM releases_pressrelease ORDER BY id LIMIT 300"
                )
            ]
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cnespress.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            stats = Stats()
            budget = Budget(options.max_requests)
            deadline = time.monotonic() + options.seconds
            acknowledged = {}
            threads = [
                threading.Thread(
                    target=reader,
                    args=(base, stats, deadline, budget, random.Random(n)),
                )
                for n in range(options.readers)
            ]
            share = len(pks) // max(options.editors, 1)
            threads += [
                threading.Thread(
                    target=editor,
                    args=(
                        base,
                        stats,
                        deadline,
                        budget,
                        n,
                        pks[n * share : (n + 1) * share],
                        acknowledged,
                    ),
                )
                for n in range(options.editors)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)

        with sqlite3.connect(database) as db:
            lost = [
                pk
                for pk, stamp in acknowledged.items()
                if db.execute(
                    "SELECT summary FROM releases_pressrelease WHERE id = ?", (pk,)
                ).fetchone()[0]
                != stamp
            ]
        latencies = sorted(stats.latencies)
        result = {
            "seconds": round(elapsed, 1),
            "requests": stats.requests,
            "rps": round(stats.requests / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
            "errors": len(stats.errors),
            "edits_saved": stats.edits,
            "releases_edited": len(acknowledged),
            "releases_with_a_lost_edit": len(lost),
        }
        print(json.dumps(result, indent=2))
        for error in stats.errors[:20]:
            print("error:", error)
        if stats.errors or lost:
            sys.exit(1)


if __name__ == "__main__":
    main()

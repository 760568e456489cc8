"""The mixed load: readers, three editors and a publisher at once, then check that
nothing was lost.

    python bench/load_test.py [--releases 100000] [--seconds 180]   (make bench-load)

Builds a throw-away SQLite archive of generated releases and serves it with
gunicorn as in production (gunicorn.conf.py: 2 × cores + 1 sync workers, DEBUG
off, the workers sharing one cache: a throw-away redis-server on loopback, unless
--cache gives another cache URL, e.g. locmem:// for each worker's own memory).
Then, for --seconds:

- readers, driven by wrk (apt-get install wrk) over --connections connections:
  the home page, archive pages, filters, searches, releases, nations, topics and
  feeds, in English and French, the popular pages more often (reader_paths());
- three editors, logged into the admin, each saving drafts of their own through
  the release's change form, one after the other: the form read, then posted
  back changed with its CSRF token (--edit-pause seconds between saves);
- a publisher who, once a minute, publishes a draft (the admin's "Publish"
  action) or changes a public release (its change form), in turn.

Before the readers, with the editors and the publisher already at work, the bare
view "hello" (bench/urls.py) is loaded alone for --hello-seconds over the same
connections: the ceiling the readers are compared with. At the end, every change
the server acknowledged must be in the database. Writes bench/results/load.json
with the keys releases, seconds, hello_rps, readers_rps, p50_ms, p99_ms, errors,
edits, lost_edits and cache_hit_ratio (a page served from the page cache carries
an Age header); exits with an error if a request failed or an edit was lost.
"""

import argparse
import html.parser
import http.cookiejar
import json
import os
import random
import shutil
import socket
import sqlite3
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
RESULTS = ROOT / "bench" / "results"
PASSWORD = "load-test-password-1234"
PUBLISH_EVERY = 60  # seconds
DRAFTS_PER_EDITOR = 30
SEARCHES = [
    "BepiColombo cooperation",
    "climate satellite",
    "Mars",
    "SWOT oceans",
    "Ariane 6",
    "agreement",
]
TARGETS = [
    ("readers' req/s of hello's", "readers_ratio", "min", 0.3),
    ("readers' p99, ms", "p99_ms", "max", 100),
    ("errors", "errors", "max", 0),
    ("lost edits", "lost_edits", "max", 0),
]
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads * 7919)
  hits, misses, failed = 0, 0, 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
  if headers["Age"] then hits = hits + 1 else misses = misses + 1 end
end

function done(summary, latency, requests)
  local hits, misses, failed = 0, 0, 0
  for _, thread in ipairs(threads) do
    hits = hits + thread:get("hits")
    misses = misses + thread:get("misses")
    failed = failed + thread:get("failed")
  end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, '
    .. '"hits": %%d, "misses": %%d, "failed": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), hits, misses, failed,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


class FormReader(html.parser.HTMLParser):
    """Collect what a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea = [], None, None

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


class Writers:
    """What the editors and the publisher did: requests, failures, and the last
    change the server acknowledged for each release."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests, self.errors, self.edits = 0, [], 0
        self.summaries, self.published = {}, set()

    def record(self, label, status, expected):
        with self.lock:
            self.requests += 1
            if status not in expected:
                self.errors.append(f"{label}: HTTP {status}")


class Browser:
    """A logged-in user of the admin: cookies kept, redirects not followed."""

    def __init__(self, base, writers):
        self.base, self.writers = base, writers
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path, data=None, expected=(200,)):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:
            status, text = f"connection error {error}", ""
        self.writers.record(f"{'POST' if body else 'GET'} {path}", status, expected)
        return status, text

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def log_in(self, username):
        self.request("/admin/login/")
        self.request(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": self.csrf(),
                "username": username,
                "password": PASSWORD,
                "next": "/admin/",
            },
            expected=(302,),
        )

    def change(self, pk, summary):
        """Save the release's change form with a new summary; return whether
        the server acknowledged it (a redirect)."""
        url = f"/admin/releases/pressrelease/{pk}/change/"
        status, text = self.request(url)
        if status != 200:
            return False
        form = FormReader()
        form.feed(text)
        fields = [(n, v) for n, v in form.fields if n != "summary"]
        fields.append(("summary", summary))
        token = self.csrf()
        fields = [(n, token if n == "csrfmiddlewaretoken" else v) for n, v in fields]
        status, _ = self.request(url, fields, expected=(302,))
        return status == 302


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def editor(base, writers, stop, number, drafts, pause):
    browser = Browser(base, writers)
    browser.log_in(f"editor{number}")
    edit = 0
    while not stop.is_set():
        edit += 1
        pk = drafts[edit % len(drafts)]
        stamp = f"Draft {pk}, edit {number}-{edit}."
        if browser.change(pk, stamp):
            with writers.lock:
                writers.summaries[pk] = stamp
                writers.edits += 1
        stop.wait(pause)


def publisher(base, writers, stop, drafts, public):
    """Once a minute, publish a draft or change a public release, in turn."""
    browser = Browser(base, writers)
    browser.log_in("publisher")
    turn = 0
    while not stop.wait(PUBLISH_EVERY / 3 if turn == 0 else PUBLISH_EVERY):
        turn += 1
        if turn % 2 and drafts:
            pk = drafts.pop()
            status, _ = browser.request(
                "/admin/releases/pressrelease/",
                {
                    "csrfmiddlewaretoken": browser.csrf(),
                    "action": "publish",
                    "_selected_action": pk,
                    "index": 0,
                },
                expected=(302,),
            )
            if status == 302:
                with writers.lock:
                    writers.published.add(pk)
                    writers.edits += 1
        else:
            pk = public[turn % len(public)]
            stamp = f"Public {pk}, changed by the publisher ({turn})."
            if browser.change(pk, stamp):
                with writers.lock:
                    writers.summaries[pk] = stamp
                    writers.edits += 1


def prepare(database, releases, editors):
    """Build the archive and the users; return the editors' drafts, the drafts
    the publisher publishes, the public releases it changes, and the readers'
    paths."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    for command in [
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["generate_releases", str(releases)],
    ]:
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    setup = f"""
from django.contrib.auth.models import Group, User
editors = Group.objects.get(name="Editors")
publishers = Group.objects.get(name="Publishers")
def user(name):
    return User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)
for n in range({editors}):
    user(f"editor{{n}}").groups.add(editors)
user("publisher").groups.add(editors, publishers)
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", setup],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with sqlite3.connect(database) as db:
        drafts = [
            pk
            for (pk,) in db.execute(
                "SELECT id FROM releases_pressrelease WHERE status = 'draft' "
                "AND published_at < datetime('now') ORDER BY id"
            )
        ]
        public = [
            pk
            for (pk,) in db.execute(
                "SELECT id FROM releases_pressrelease WHERE status = 'published' "
                "AND published_at < datetime('now') ORDER BY published_at DESC "
                "LIMIT 50"
            )
        ]
        paths = reader_paths(db)
    mine = editors * DRAFTS_PER_EDITOR
    per_editor = [drafts[n:mine:editors] for n in range(editors)]
    return per_editor, drafts[mine : mine + 10], public, paths


def reader_paths(db):
    """Return the readers' paths, each as often as it is visited: the home
    page and the archive most, then searches and filters, recent releases more
    than old ones."""
    rng = random.Random(16)
    recent = [
        slug
        for (slug,) in db.execute(
            "SELECT slug FROM releases_pressrelease WHERE status = 'published' "
            "AND published_at < datetime('now') ORDER BY published_at DESC LIMIT 100"
        )
    ]
    older = [
        slug
        for (slug,) in db.execute(
            "SELECT slug FROM releases_pressrelease WHERE status = 'published' "
            "AND published_at < datetime('now') ORDER BY random() LIMIT 300"
        )
    ]
    topics = [slug for (slug,) in db.execute("SELECT slug FROM releases_topic")]
    nations = ["jp", "in", "us", "de", "cn", "it", "ae", "br", "sg", "ma"]
    weighted = [
        ("/", 20),
        ("/fr/", 8),
        ("/releases/", 15),
        ("/fr/releases/", 5),
        *((f"/releases/?page={page}", 2) for page in range(2, 6)),
        *((f"/releases/?nation={code.upper()}", 3) for code in nations[:4]),
        *((f"/releases/?year={year}", 2) for year in (2012, 2018, 2024)),
        (f"/releases/?topic={topics[0]}", 2),
        ("/releases/?nation=IN&nation=AE", 1),
        ("/releases/?nation=JP&year=2020", 1),
        *((f"/releases/?{urllib.parse.urlencode({'q': q})}", 2) for q in SEARCHES),
        ("/releases/?q=cooperation&page=2", 1),
        ("/fr/releases/?q=climat", 1),
        ("/nations/", 5),
        ("/fr/nations/", 2),
        *((f"/nations/{code}/", 2) for code in nations),
        *((f"/topics/{slug}/", 1) for slug in rng.sample(topics, 5)),
        ("/feeds/releases.atom", 5),
        ("/fr/feeds/releases.atom", 2),
        ("/feeds/releases.rss", 2),
        *((f"/releases/{slug}/", 2) for slug in recent),
        *((f"/releases/{slug}/", 1) for slug in older),
    ]
    return [path for path, weight in weighted for _ in range(weight)]


def wrk(url, seconds, connections, script=None):
    command = [
        "wrk", "--threads", "2", "--connections", str(connections),
        "--duration", f"{seconds}s", "--timeout", "10s", "--latency",
    ]  # fmt: skip
    if script:
        command += ["--script", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    return output


def requests_per_second(output):
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(f"Cannot read wrk's output:\n{output}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def warm_up(base, paths):
    """Visit each reader path once, as a site that has been up for a while."""
    for path in dict.fromkeys(paths):
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()


def lost_changes(database, writers):
    with sqlite3.connect(database) as db:
        lost = [
            pk
            for pk, summary in writers.summaries.items()
            if db.execute(
                "SELECT summary FROM releases_pressrelease WHERE id = ?", (pk,)
            ).fetchone()[0]
            != summary
        ]
        lost += [
            pk
            for pk in writers.published
            if db.execute(
                "SELECT status FROM releases_pressrelease WHERE id = ?", (pk,)
            ).fetchone()[0]
            != "published"
        ]
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--releases", type=int, default=int(os.environ.get("RELEASES", 100_000))
    )
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--hello-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--editors", type=int, default=3)
    parser.add_argument("--edit-pause", type=float, default=1.0)
    parser.add_argument(
        "--cache",
        default="redis",
        help="redis (a throw-away redis-server, the default) or a cache URL",
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    if options.cache == "redis" and not shutil.which("redis-server"):
        sys.exit(
            "redis-server is missing: apt-get install redis-server "
            "(or --cache locmem:// for each worker's own memory)"
        )

    workdir = Path(tempfile.mkdtemp(prefix="cnespress-load-"))
    database = workdir / "load.sqlite3"
    cache_server = None
    if options.cache == "redis":
        cache_port = free_port()
        cache_server = subprocess.Popen(
            ["redis-server", "--port", str(cache_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        options.cache = f"redis://127.0.0.1:{cache_port}/0"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY="load-test-" + "x" * 50,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CACHE_URL=options.cache,
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
        DJANGO_LOG_LEVEL="WARNING",  # no line per request on the terminal
        GUNICORN_LOG_LEVEL="warning",
    )
    server = None
    try:
        print(f"Preparing {options.releases} releases…", flush=True)
        drafts, to_publish, public, paths = prepare(
            database, options.releases, options.editors
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "cnespress.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
            ],  # fmt: skip
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        )
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/bench/hello/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        warm_up(base, paths)
        script = workdir / "readers.lua"
        lua_paths = ", ".join(json.dumps(path) for path in paths)
        script.write_text(WRK_SCRIPT % {"paths": lua_paths})

        writers, stop = Writers(), threading.Event()
        threads = [
            threading.Thread(
                target=editor,
                args=(base, writers, stop, n, drafts[n], options.edit_pause),
            )
            for n in range(options.editors)
        ]
        threads.append(
            threading.Thread(
                target=publisher, args=(base, writers, stop, to_publish, public)
            )
        )
        load_before = os.getloadavg()
        for thread in threads:
            thread.start()
        print(f"Hello for {options.hello_seconds} s, then readers…", flush=True)
        hello = requests_per_second(
            wrk(base + "/bench/hello/", options.hello_seconds, options.connections)
        )
        output = wrk(base + "/", options.seconds, options.connections, script)
        stop.set()
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if cache_server is not None:
            cache_server.terminate()
            cache_server.wait(timeout=30)

    readers = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    lost = lost_changes(database, writers)
    shutil.rmtree(workdir, ignore_errors=True)
    seconds = readers["duration_us"] / 1e6
    result = {
        "releases": options.releases,
        "seconds": round(seconds, 1),
        "hello_rps": round(hello, 1),
        "readers_rps": round(readers["requests"] / seconds, 1),
        "p50_ms": round(readers["p50_us"] / 1000, 1),
        "p99_ms": round(readers["p99_us"] / 1000, 1),
        "errors": readers["failed"] + readers["socket_errors"] + len(writers.errors),
        "edits": writers.edits,
        "lost_edits": len(lost),
        "cache_hit_ratio": round(readers["hits"] / max(readers["requests"], 1), 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(
        f"Load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} "
        f"after; cache {options.cache}; editors' and publisher's requests: "
        f"{writers.requests}, "
        f"distinct reader paths: {len(set(paths))}."
    )
    figures = {**result, "readers_ratio": result["readers_rps"] / result["hello_rps"]}
    print("Targets:")
    for label, name, kind, target in TARGETS:
        value = figures[name]
        met = value >= target if kind == "min" else value <= target
        verdict = "met" if met else "MISSED"
        print(f"  {label:28} {kind} {target:>6}: {value:9.3f} {verdict}")
    for error in writers.errors[:20]:
        print("error:", error)
    if result["errors"] or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""Benchmark the public pages against two ceilings: a bare view and a static file.

    RELEASES=100000 python bench/run.py      (or: make bench RELEASES=100000)

Builds a throw-away SQLite archive of RELEASES generated releases, serves it with
gunicorn (2 sync workers) on 127.0.0.1, and loads each page with wrk: requests per
second with 16 connections, latencies (p50, p99) with one. Pages are measured on a
server without the page cache (NAME) and on one with it (NAME_cached); queries are
counted in-process with Django's test client. For each page without the page cache,
first_ms is the time of its first request after a change of the content (the
median of three), which reads the counts and recomputes what is memoized per
version (filter choices, the staff report). Prints a table, checks the targets
of issues #7 and #16, and writes bench/results/latest.json and
bench/results/N.json, with the machine's load average before and after; when a
run of another size is there, compares the two. DURATION sets the seconds of
each measurement (5).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
PORTS = {"nocache": 8601, "site": 8602}
CONNECTIONS = 16
CACHED_PAGES = [
    "home",
    "list",
    "list_nation",
    "search",
    "detail",
    "nation",
    "nations",
    "feed",
    "layout",
]
FIRST_TRIES = 3  # first_ms is the median of this many first requests


def main():
    releases = int(os.environ.get("RELEASES", "100000"))
    duration = int(os.environ.get("DURATION", "5"))
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="cnespress-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789",
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_DEBUG="0",
        DJANGO_CACHE_URL="locmem://",
        DJANGO_LOG_LEVEL="WARNING",  # no line per request on the terminal
    )
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    load_average = os.getloadavg()[0]
    if load_average > 0.5:
        print(f"Warning: load average {load_average:.1f} before the run.")
    try:
        pages, cookie, static_url = prepare(releases)
        queries = count_queries(pages, cookie)
        results = measure(pages, cookie, static_url, duration)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "releases": releases,
        "load_average": [round(load_average, 2), round(os.getloadavg()[0], 2)],
        "pages": {},
        "ceilings": results["ceilings"],
    }
    for name, figures in results["pages"].items():
        report["pages"][name] = {**figures, "queries": queries[name]}
    RESULTS.mkdir(exist_ok=True)
    text = json.dumps(report, indent=2) + "\n"
    (RESULTS / "latest.json").write_text(text)
    (RESULTS / f"{releases}.json").write_text(text)
    print_table(report)
    print_targets(report)
    print_comparison(report)
    elapsed = time.monotonic() - started
    print(f"\nbench/results/latest.json and {releases}.json written ({elapsed:.0f} s).")


def prepare(releases):
    """Build the archive; return the pages' URLs, a staff session cookie, the
    static file's URL."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import Permission, User
    from django.templatetags.static import static
    from django.test import Client

    from releases.models import PressRelease

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    call_command("generate_releases", releases, stdout=sys.stderr)
    print(f"Archive of {releases} releases built in {time.monotonic() - started:.0f} s")
    staff = User.objects.create_user("bench-staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="use_workspace"))
    client = Client()
    client.force_login(staff)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    release = PressRelease.objects.published().filter(language="en").first()
    nation = release.partner_nations.first()
    pages = {
        "home": "/",
        "list": "/releases/",
        "list_nation": f"/releases/?nation={nation.code}",
        "search": "/releases/?q=BepiColombo+cooperation",
        "detail": release.get_absolute_url(),
        "nation": nation.get_absolute_url(),
        "nations": "/nations/",
        "feed": "/feeds/releases.atom",
        # The accessibility statement: the site's layout around a fixed text, the
        # least any page with the layout costs.
        "layout": "/accessibility/",
        "staff_report": "/staff/report/",
    }
    return pages, cookie, static("css/site.css")


def count_queries(pages, cookie):
    """Count each page's queries in-process, without and with the page cache."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    def count(client, url, **headers):
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        return len(captured.captured_queries)

    counts = {}
    with override_settings(PAGE_CACHE=False):
        uncached = Client(HTTP_HOST=HOST)
        for name, url in pages.items():
            headers = {"HTTP_COOKIE": cookie} if name.startswith("staff") else {}
            counts[name] = count(uncached, url, **headers)
    cached = Client(HTTP_HOST=HOST)
    for name in CACHED_PAGES:
        counts[f"{name}_cached"] = count(cached, pages[name])
    return counts


def measure(pages, cookie, static_url, duration):
    results = {"pages": {}, "ceilings": {}}
    with serve("nocache", DJANGO_PAGE_CACHE="0") as base:
        for name, url in pages.items():
            headers = ["-H", f"Cookie: {cookie}"] if name.startswith("staff") else []
            first_ms = first_request_after_a_change(base + url, cookie, name)
            figures = load(base + url, duration, headers)
            results["pages"][name] = {**figures, "first_ms": first_ms}
    with serve("site") as base:
        for name in CACHED_PAGES:
            figures = load(base + pages[name], duration)
            results["pages"][f"{name}_cached"] = figures
        for name, url in [("hello", "/bench/hello/"), ("static", static_url)]:
            results["ceilings"][name] = load(base + url, duration)
    return results


class serve:
    """Run gunicorn with two sync workers on 127.0.0.1 for the with block."""

    def __init__(self, name, **environment):
        self.port = PORTS[name]
        self.environment = {**os.environ, **environment}

    def __enter__(self):
        command = [
            sys.executable, "-m", "gunicorn", "cnespress.wsgi",
            "--workers", "2", "--bind", f"{HOST}:{self.port}",
            "--log-level", "warning", "--chdir", str(ROOT),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, env=self.environment)
        base = f"http://{HOST}:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/hello/", timeout=2)
                return base
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc_info):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def load(url, duration, headers=()):
    """Return the requests/s with 16 connections, p50 and p99 with one."""
    wrk(url, 1, CONNECTIONS, headers)
    settle(url)
    rps = wrk(url, duration, CONNECTIONS, headers)["rps"]
    settle(url)
    latency = wrk(url, duration, 1, headers)
    figures = {"rps": rps, "p50_ms": latency["p50_ms"], "p99_ms": latency["p99_ms"]}
    print(f"  {url}: {figures}", file=sys.stderr)
    return figures


def first_request_after_a_change(url, cookie, name):
    """Give the content a new version (as a publication does), then time one
    request; return the median of FIRST_TRIES such times."""
    from releases.versioning import bump_content_version

    times = []
    for _ in range(FIRST_TRIES):
        bump_content_version()
        request = urllib.request.Request(url)
        if name.startswith("staff"):
            request.add_header("Cookie", cookie)
        before = time.monotonic()
        urllib.request.urlopen(request, timeout=600).read()
        times.append(round((time.monotonic() - before) * 1000, 1))
    return sorted(times)[len(times) // 2]


def settle(url, deadline=60):
    """Wait until both workers are idle: the requests wrk left queued are served."""
    hello = url.split("/", 3)[:3] + ["bench/hello/"]
    quick = 0
    started = time.monotonic()
    while quick < 4 and time.monotonic() - started < deadline:
        before = time.monotonic()
        urllib.request.urlopen("/".join(hello), timeout=deadline).read()
        quick = quick + 1 if time.monotonic() - before < 0.02 else 0


def wrk(url, duration, connections, headers=()):
    command = [
        "wrk", "--threads", "1", "--connections", str(connections),
        "--duration", f"{duration}s", "--timeout", "10s", "--latency", *headers, url,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if len(percentiles) != 2:
        raise RuntimeError(f"Cannot read wrk's output for {url}:\n{output}")
    return {
        "rps": round(rps),
        "p50_ms": milliseconds(percentiles["50"]),
        "p99_ms": milliseconds(percentiles["99"]),
    }


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def print_table(report):
    hello = report["ceilings"]["hello"]["rps"]
    before, after = report["load_average"]
    print(f"\nLoad average (1 min): {before} before the run, {after} after.")
    print(f"{report['releases']} releases; ceilings: ", end="")
    print(", ".join(f"{k} {v['rps']} req/s" for k, v in report["ceilings"].items()))
    print(
        f"{'page':20} {'req/s':>7} {'/hello':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'SQL':>4} {'first ms':>9}"
    )
    for name, page in report["pages"].items():
        ratio = page["rps"] / hello
        first = page.get("first_ms", "")
        print(
            f"{name:20} {page['rps']:>7} {ratio:>7.3f} {page['p50_ms']:>8} "
            f"{page['p99_ms']:>8} {page['queries']:>4} {first:>9}"
        )


TARGETS = [
    ("uncached public pages, req/s of hello", "min", 0.15),
    ("cached public pages, req/s of hello", "min", 0.7),
    ("search p99, ms", "max", 50),
    ("queries per public page", "max", 10),
    ("staff report p99, ms", "max", 200),
    ("public pages' first view after a change, ms", "max", 100),
    ("staff report's first view after a change, ms", "max", 300),
]


def print_targets(report):
    """Print each target of issues #7 and #16 with the figure reached and whether
    it is met."""
    hello = report["ceilings"]["hello"]["rps"]
    pages = report["pages"]
    public = [name for name in pages if not name.startswith("staff")]
    uncached = [name for name in public if not name.endswith("_cached")]
    cached = [name for name in public if name.endswith("_cached")]
    figures = [
        min((pages[name]["rps"] / hello, name) for name in uncached),
        min((pages[name]["rps"] / hello, name) for name in cached),
        (pages["search"]["p99_ms"], "search"),
        max((pages[name]["queries"], name) for name in public),
        (pages["staff_report"]["p99_ms"], "staff_report"),
        max((pages[name]["first_ms"], name) for name in uncached),
        (pages["staff_report"]["first_ms"], "staff_report"),
    ]
    print("\nTargets:")
    for (label, kind, target), (value, page) in zip(TARGETS, figures, strict=True):
        met = value >= target if kind == "min" else value <= target
        verdict = "met" if met else "MISSED"
        print(f"  {label:46} {kind} {target:>6}: {value:8.3f} ({page}) {verdict}")


def print_comparison(report):
    """Compare the pages' p50 latencies with the run of another size, if any."""
    for other_file in sorted(RESULTS.glob("*.json")):
        if not other_file.stem.isdigit() or int(other_file.stem) == report["releases"]:
            continue
        other = json.loads(other_file.read_text())
        small, large = sorted([other, report], key=lambda run: run["releases"])
        print(f"\np50 at {large['releases']} / p50 at {small['releases']} releases:")
        for name, page in large["pages"].items():
            if name in small["pages"]:
                factor = page["p50_ms"] / max(small["pages"][name]["p50_ms"], 0.01)
                verdict = "" if factor < 2 else "  (x2 or more)"
                print(f"  {name:20} {factor:6.2f}{verdict}")
        search = large["pages"]["search"]["p50_ms"] / small["pages"]["search"]["p50_ms"]
        verdict = "met" if search < 2 else "MISSED"
        print(f"Target: search's p50 grows less than 2x: {search:.2f} {verdict}")


if __name__ == "__main__":
    main()

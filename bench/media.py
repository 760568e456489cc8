"""Benchmark the media library: what a 24-megapixel photo costs, and the speed of
a release page with six photos.

    python bench/media.py      (or: make bench-media)

1. Makes a 6000 x 4000 photo-like JPEG (bench/space_photos.py) and times its
   upload check (metadata stripped, every pixel decoded), then each of its
   renditions (every width and format): what the first request of each address
   costs, once.
2. Builds a throw-away SQLite archive (RELEASES generated releases, 200 by
   default) in which one release has six such photos, their renditions made (as
   after the first visitors), serves it with gunicorn (2 sync workers) on
   127.0.0.1 and loads with wrk the release page without and with the page
   cache, the same kind of page without photos (to tell what the photos cost)
   and a stored rendition served by the app: requests per second with 16
   connections, p50 and p99 latencies with one. Counts the pages' queries.

Prints a table and writes bench/results/media.json. DURATION sets the seconds of
each measurement (5).
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.space_photos import space_photo  # noqa: E402

HOST = run.HOST
PHOTO_SIZE = (6000, 4000)
PHOTOS = 6
REPEATS = 3


def main():
    releases = int(os.environ.get("RELEASES", "200"))
    duration = int(os.environ.get("DURATION", "5"))
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="cnespress-bench-media-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789",
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_DEBUG="0",
        DJANGO_CACHE_URL="locmem://",
    )
    run.PORTS.update(media=8611, media_cached=8612)
    load_average = os.getloadavg()[0]
    print(f"Load average {load_average:.1f} before the run (2 cores).")
    try:
        import django

        django.setup()
        photo = space_photo("launch", *PHOTO_SIZE, seed=24)
        report = {"load_average": round(load_average, 1)}
        build_archive(releases)
        report["photo"] = time_photo(photo)
        page, plain_page, rendition = add_photos(photo)
        report["page_queries"], report["page_ms"] = in_process(page)
        report["plain_page_queries"], report["plain_page_ms"] = in_process(plain_page)
        report["serving"] = measure(page, plain_page, rendition, duration)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "media.json").write_text(json.dumps(report, indent=2) + "\n")
    print_report(report)


def timed(function, repeats=REPEATS):
    """Return the result of ``function`` and its median time in milliseconds."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return result, round(statistics.median(times), 1)


def time_photo(photo):
    """Time the upload check and every rendition of the 24-megapixel photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases import media, renditions
    from releases.models import Image

    megapixels = PHOTO_SIZE[0] * PHOTO_SIZE[1] / 1e6
    print(f"\nA {megapixels:.0f}-megapixel JPEG of {len(photo) / 2**20:.1f} MB:")
    _prepared, check_ms = timed(
        lambda: media.prepare_photo(SimpleUploadedFile("photo.jpg", photo))
    )
    image = Image.objects.create(
        file=SimpleUploadedFile("photo.jpg", photo), credit="© CNES"
    )
    figures = {
        "megapixels": megapixels,
        "bytes": len(photo),
        "upload_check_ms": check_ms,
        "renditions_ms": {},
    }
    for extension in renditions.FORMATS:
        for width in renditions.widths(image):
            data, ms = timed(
                lambda w=width, e=extension: renditions.render(image.file, w, e)
            )
            figures["renditions_ms"][f"{width}.{extension}"] = {
                "ms": ms,
                "bytes": len(data),
            }
    figures["all_renditions_ms"] = sum(
        item["ms"] for item in figures["renditions_ms"].values()
    )
    image.delete()
    return figures


def build_archive(releases):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("generate_releases", releases, stdout=sys.stderr)


def add_photos(photo):
    """Give a release six photos and their renditions; return the addresses of
    its page, of a release page without photos and of one rendition."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from releases import renditions
    from releases.models import Image, PressRelease

    release, plain = PressRelease.objects.published().filter(language="en")[:2]
    for number in range(PHOTOS):
        content = (
            photo
            if number == 0
            else space_photo(
                ("planet", "launch", "satellite")[number % 3], *PHOTO_SIZE, seed=number
            )
        )
        image = Image.objects.create(
            file=SimpleUploadedFile(f"{number}.jpg", content),
            alt_text=f"Photo {number}",
            caption=f"Caption of photo {number}",
            credit="© CNES",
        )
        release.images.add(image)
        for extension in renditions.FORMATS:
            for width in renditions.widths(image):
                renditions.ensure(image, width, extension)
    lead = release.lead_image
    rendition = lead.rendition_url(1200, "avif")
    return release.get_absolute_url(), plain.get_absolute_url(), rendition


def in_process(url, repeats=30):
    """Return the page's queries, and its median time in milliseconds over
    ``repeats`` requests made in this process (no server, no page cache): a
    steadier comparison than wrk's on a busy machine."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGE_CACHE=False):
        client = Client(HTTP_HOST=HOST)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries = len(captured.captured_queries)  # the next request clears them
        _response, ms = timed(lambda: client.get(url), repeats)
    return queries, ms


def measure(page, plain_page, rendition, duration):
    figures = {}
    with run.serve("media", DJANGO_PAGE_CACHE="0") as base:
        figures["hello"] = run.load(base + "/bench/hello/", duration)
        figures["release_page"] = run.load(base + page, duration)
        figures["release_page_no_photos"] = run.load(base + plain_page, duration)
        figures["rendition"] = run.load(base + rendition, duration)
    with run.serve("media_cached") as base:
        figures["release_page_cached"] = run.load(base + page, duration)
    return figures


def print_report(report):
    photo = report["photo"]
    print(
        f"\nUpload check (strip + full decode): {photo['upload_check_ms']} ms; "
        f"all {len(photo['renditions_ms'])} renditions: "
        f"{photo['all_renditions_ms']} ms"
    )
    print(f"{'rendition':12} {'ms':>6} {'kB':>7}")
    for name, item in photo["renditions_ms"].items():
        print(f"{name:12} {item['ms']:>6} {item['bytes'] / 1000:>7.0f}")
    print(
        f"\nRelease page with {PHOTOS} photos: {report['page_queries']} queries, "
        f"{report['page_ms']} ms in process; without photos: "
        f"{report['plain_page_queries']} queries, {report['plain_page_ms']} ms"
    )
    print(f"{'served':22} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for name, item in report["serving"].items():
        print(f"{name:22} {item['rps']:>7} {item['p50_ms']:>8} {item['p99_ms']:>8}")
    print("\nbench/results/media.json written.")


if __name__ == "__main__":
    main()

"""CSV downloads that stream row by row and open cleanly in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .reports import year_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


class _Echo:
    """Hand back what the csv writer writes, so each row can be streamed."""

    def write(self, line):
        return line


def neutralise(value):
    """Return the cell's text, made inert if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def local_date(moment):
    return timezone.localdate(moment).isoformat() if moment else ""


def csv_response(header, rows, filename):
    """Stream the header and rows as UTF-8 CSV with a byte-order mark."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def lines():
        with translation.override(language):
            yield "\ufeff"
            yield writer.writerow([neutralise(cell) for cell in header])
            for row in rows:
                yield writer.writerow([neutralise(cell) for cell in row])

    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


RELEASE_HEADER = [
    _("Date"),
    _("Title"),
    _("Status"),
    _("Partner nations"),
    _("Address"),
]


def release_rows(releases, absolute_uri):
    """Yield a row per release, reading the database a chunk at a time."""
    for release in releases.iterator(chunk_size=CHUNK_SIZE):
        yield [
            local_date(release.published_at),
            release.title,
            release.state.label,
            "; ".join(_nation_text(link) for link in release.releasenation_set.all()),
            absolute_uri(release.get_absolute_url()),
        ]


def report_header(report):
    return [
        _("ISO code"),
        _("Nation"),
        _("Releases"),
        _("First mention"),
        _("Latest mention"),
        _("Most often named with"),
        *(year_label(year) for year in report.years),
    ]


def report_rows(report):
    """Yield a row per nation, then the number of distinct releases per year."""
    for figures in report.nations:
        yield [
            figures.nation.code,
            figures.nation.name,
            figures.total,
            local_date(figures.first_at),
            local_date(figures.latest_at),
            "; ".join(
                f"{nation.name} ({count})" for nation, count in figures.named_with
            ),
            *figures.counts(report.years),
        ]
    yield [
        "",
        _("All releases"),
        report.total,
        "",
        "",
        "",
        *(count for year, count in report.year_counts()),
    ]


def _nation_text(link):
    if link.category:
        return f"{link.nation.name} ({link.get_category_display()})"
    return link.nation.name

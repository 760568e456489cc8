"""Figures on partner nations over a set of releases, in a fixed number of queries.

Years are those of the publication date in the site's time zone; releases without
a date (drafts) count under the year ``None``, shown as "undated".
"""

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Count, F, IntegerField, Max, Min, Value, When
from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from releases import counts
from releases.dates import FIRST_DATE, LAST_DATE
from releases.models import NationSpan, PartnerNation, ReleaseNation
from releases.versioning import memoize

NAMED_WITH_SHOWN = 3


@dataclass
class NationFigures:
    nation: PartnerNation
    total: int = 0
    by_year: dict[int | None, int] = field(default_factory=dict)
    first_at: datetime | None = None
    latest_at: datetime | None = None
    named_with: list[tuple[PartnerNation, int]] = field(default_factory=list)

    def counts(self, years):
        """Return the number of releases in each of the years, in order."""
        return [self.by_year.get(year, 0) for year in years]


@dataclass
class Report:
    total: int
    by_year: dict[int | None, int]
    nations: list[NationFigures]

    @property
    def years(self):
        """Return every year from the first to the latest, then None if undated."""
        dated = [year for year in self.by_year if year is not None]
        years = list(range(min(dated), max(dated) + 1)) if dated else []
        return years + [None] if None in self.by_year else years

    def year_counts(self):
        return [(year, self.by_year.get(year, 0)) for year in self.years]

    def matrix(self):
        """Return each nation's figures with its number of releases per year."""
        years = self.years
        return [(figures, figures.counts(years)) for figures in self.nations]

    def figures_for(self, nation):
        return next((f for f in self.nations if f.nation.pk == nation.pk), None)


def report_for(releases, *about):
    """Return the report on ``releases``, built once per version of all the
    content (drafts included) and language.

    ``about`` (strings) names the releases: the nation, the chosen period; with
    none, ``releases`` are all of them, whose report is read from the counts
    kept as data (``stored_report``) instead of reading every release.
    """
    build = stored_report if not any(about) else lambda: build_report(releases)
    return memoize("staff-report", [get_language(), *about], build, staff=True)


def stored_report():
    """Return the report on every release, as ``build_report`` makes it, from
    the counts kept as data (releases.counts): a few thousand rows whatever the
    size of the archive."""
    by_year = {
        _year(year): count for year, count in counts.staff_counts("year").items()
    }
    nations = {}
    for value, count in counts.staff_counts("nation").items():
        code, year = value.split(":")
        nations.setdefault(code, {})[_year(year)] = count
    named = PartnerNation.objects.in_bulk(nations)
    spans = NationSpan.objects.in_bulk(nations)
    figures = {}
    for code, years in nations.items():
        span = spans.get(code)
        figures[code] = NationFigures(
            named[code],
            total=sum(years.values()),
            by_year=years,
            first_at=span and span.first_at,
            latest_at=span and span.latest_at,
        )
    _name_together(figures, counts.staff_pairs(NAMED_WITH_SHOWN))
    ordered = sorted(figures.values(), key=lambda f: (-f.total, f.nation.name))
    return Report(total=sum(by_year.values()), by_year=by_year, nations=ordered)


def _year(value):
    return None if value == "none" else int(value)


def build_report(releases):
    """Return the figures of the releases, in five queries whatever their number.

    A release and its translation are one release: a translation counts only
    when its original is not among the releases.
    """
    releases = releases.order_by()
    releases = releases.exclude(translation_of__in=releases.values("pk"))
    links = ReleaseNation.objects.filter(release__in=releases.values("pk")).order_by()
    period = releases.aggregate(first=Min("published_at"), last=Max("published_at"))
    year = local_year("published_at", period["first"], period["last"])
    by_year = {
        row["year"]: row["count"]
        for row in releases.values(year=year).annotate(count=Count("pk"))
    }
    link_year = local_year("release__published_at", period["first"], period["last"])
    nations = _count_by_nation(links, link_year)
    _add_named_with(nations, links)
    ordered = sorted(nations.values(), key=lambda f: (-f.total, f.nation.name))
    return Report(total=sum(by_year.values()), by_year=by_year, nations=ordered)


def year_label(year):
    return str(year) if year is not None else _("Undated")


def local_year(name, first, last):
    """Return the year of the date field ``name`` in the site's time zone, for
    dates from ``first`` to ``last``, or None for no date.

    The year is found by comparing the date with each New Year's midnight of the
    period: SQLite would otherwise convert every date to the time zone in Python
    (ExtractYear), a hundred times slower on a large archive. A date outside the
    range of releases.dates, which only a database older than its constraint may
    hold, counts as undated.
    """
    if first is None:
        return Value(None, output_field=IntegerField())
    years = range(
        max(localtime(first).year, FIRST_DATE.year),
        min(localtime(last).year, LAST_DATE.year) + 1,
    )
    zone = get_current_timezone()
    before = When(
        **{f"{name}__lt": datetime(years.start, 1, 1, tzinfo=zone)}, then=None
    )
    return Case(
        before,
        *(
            When(**{f"{name}__lt": datetime(year + 1, 1, 1, tzinfo=zone)}, then=year)
            for year in years
        ),
        default=None,
        output_field=IntegerField(),
    )


def _count_by_nation(links, year):
    """Count each nation's releases per year, and find its first and latest."""
    rows = list(
        links.values("nation", year=year).annotate(
            count=Count("pk"),
            first_at=Min("release__published_at"),
            latest_at=Max("release__published_at"),
        )
    )
    named = PartnerNation.objects.filter(code__in={row["nation"] for row in rows})
    nations = {nation.pk: NationFigures(nation) for nation in named}
    for row in rows:
        figures = nations[row["nation"]]
        figures.total += row["count"]
        figures.by_year[row["year"]] = row["count"]
        if row["first_at"]:
            figures.first_at = min(filter(None, [figures.first_at, row["first_at"]]))
            figures.latest_at = max(filter(None, [figures.latest_at, row["latest_at"]]))
    return nations


def _add_named_with(nations, links):
    """Find the nations most often named in the same releases, with one self-join."""
    pairs = (
        links.annotate(other=F("release__releasenation__nation"))
        .exclude(other=F("nation"))
        .values_list("nation", "other")
        .annotate(count=Count("pk"))
    )
    _name_together(nations, pairs)


def _name_together(nations, pairs):
    """Give each nation the NAMED_WITH_SHOWN nations most often named with it,
    from (code, other code, count) triples."""
    named_with = defaultdict(list)
    for code, other, count in pairs:
        named_with[code].append((nations[other].nation, count))
    names = {code: figures.nation.name for code, figures in nations.items()}
    for code, figures in nations.items():
        figures.named_with = heapq.nsmallest(
            NAMED_WITH_SHOWN,
            named_with[code],
            key=lambda pair: (-pair[1], names[pair[0].pk]),
        )

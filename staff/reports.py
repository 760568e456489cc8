"""Figures on partner nations over a set of releases, in a fixed number of queries.

Years are those of the publication date in the site's time zone; releases without
a date (drafts) count under the year ``None``, shown as "undated".
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Max, Min
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from releases.models import PartnerNation, ReleaseNation

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


def build_report(releases):
    """Return the figures of the releases, in four queries whatever their number.

    A release and its translation are one release: a translation counts only
    when its original is not among the releases.
    """
    releases = releases.order_by()
    releases = releases.exclude(translation_of__in=releases.values("pk"))
    links = ReleaseNation.objects.filter(release__in=releases.values("pk")).order_by()
    by_year = {
        row["year"]: row["count"]
        for row in releases.values(year=ExtractYear("published_at")).annotate(
            count=Count("pk")
        )
    }
    nations = _count_by_nation(links)
    _add_named_with(nations, links)
    ordered = sorted(nations.values(), key=lambda f: (-f.total, f.nation.name))
    return Report(total=sum(by_year.values()), by_year=by_year, nations=ordered)


def year_label(year):
    return str(year) if year is not None else _("Undated")


def _count_by_nation(links):
    """Count each nation's releases per year, and find its first and latest."""
    rows = list(
        links.values("nation", year=ExtractYear("release__published_at")).annotate(
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
    named_with = defaultdict(list)
    for code, other, count in pairs:
        named_with[code].append((nations[other].nation, count))
    for code, figures in nations.items():
        ranked = sorted(named_with[code], key=lambda pair: (-pair[1], pair[0].name))
        figures.named_with = ranked[:NAMED_WITH_SHOWN]

"""Counts kept as data, so that no view reads the whole archive to count.

Public listings: how many releases each listing of the public archive shows in
each language (see ``for_language``): all of them, and those of each nation,
topic, speaker and year, under keys such as ``en:all``, ``fr:nation:JP``,
``en:topic:12``, ``en:speaker:3``, ``fr:year:2015``. Staff figures: the staff
report on every release, drafts included, a translation counting through its
original (``staff.reports``): ``staff:year:2015``, ``staff:nation:JP:2015``,
``staff:pair:JP:IN`` (releases naming both), and each nation's first and latest
mention (``NationSpan``).

Reading a count adds the timed rows that hold now (``TimedCount``), so a
scheduled release is counted at its time without any write. How the counts are
kept, release by release, is ``releases.counting``.
"""

from collections import Counter

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Rank, Substr
from django.utils import timezone

from .models import PressRelease, StoredCount, TimedCount

STAFF = "staff"
LANGUAGES = PressRelease.Language.values


def key_of(scope, dimension, value=None):
    """Return the key of a count: ``key_of("en", "nation", "JP")``."""
    return f"{scope}:{dimension}" if value is None else f"{scope}:{dimension}:{value}"


def group_of(key):
    """Return the key without its value: ``en:nation`` for ``en:nation:JP``."""
    return ":".join(key.split(":", 2)[:2])


def local_year(moment):
    """Return the year of ``moment`` in the site's time zone, as the archive's
    year filter reads it."""
    return timezone.localtime(moment, timezone.get_default_timezone()).year


# Reading


def public_count(language, dimension="all", value=None):
    """Return how many releases a public listing shows in ``language``: all of
    them, or those of a nation (its code), a topic or a speaker (its id), or a
    year. Two small queries, whatever the size of the archive."""
    key = key_of(language, dimension, value)
    stored = StoredCount.objects.filter(key=key).values_list("count", flat=True)
    return (stored.first() or 0) + _timed_now(Q(key=key)).get(key, 0)


def public_counts(language, dimension):
    """Return ``{value: count}`` for the listings of every nation (topic,
    speaker, year) that public releases in ``language`` name; values as strings,
    those counting no release left out."""
    group = key_of(language, dimension)
    counts = Counter(
        dict(StoredCount.objects.filter(group=group).values_list("key", "count"))
    )
    counts.update(_timed_now(Q(key__startswith=f"{group}:")))
    prefix = len(group) + 1
    return {key[prefix:]: count for key, count in counts.items() if count > 0}


def public_values(*dimensions):
    """Return ``{dimension: values}``: the values of each dimension ("nation",
    "topic", "speaker") that some public release names, in any language
    (strings), in two queries."""
    groups = [
        key_of(language, dimension)
        for dimension in dimensions
        for language in LANGUAGES
    ]
    keys = set(
        StoredCount.objects.filter(group__in=groups, count__gt=0).values_list(
            "key", flat=True
        )
    )
    timed = Q()
    for group in groups:
        timed |= Q(key__startswith=f"{group}:")
    keys.update(_timed_now(timed))
    values = {dimension: set() for dimension in dimensions}
    for key in keys:
        _language, dimension, value = key.split(":", 2)
        values[dimension].add(value)
    return values


def staff_counts(dimension):
    """Return ``{value: count}`` of a staff figure ("year", "nation", "pair")."""
    group = key_of(STAFF, dimension)
    rows = StoredCount.objects.filter(group=group, count__gt=0)
    prefix = len(group) + 1
    return {key[prefix:]: count for key, count in rows.values_list("key", "count")}


def staff_pairs(most):
    """Return (code, other code, count) for the ``most`` nations most often named
    with each nation, and those tied with the last of them: one query, leaving
    out the thousands of pairs named together rarely."""
    group = key_of(STAFF, "pair")
    start = len(group) + 2  # where the first code starts in the key (1-based)
    rank = Window(
        Rank(), partition_by=Substr("key", start, 2), order_by=F("count").desc()
    )
    rows = (
        StoredCount.objects.filter(group=group, count__gt=0)
        .annotate(rank=rank)
        .filter(rank__lte=most)
        .values_list("key", "count")
    )
    return [(*key[start - 1 :].split(":"), count) for key, count in rows]


def _timed_now(condition, now=None):
    now = now or timezone.now()
    rows = (
        TimedCount.objects.filter(condition, starts_at__lte=now)
        .filter(Q(ends_at=None) | Q(ends_at__gt=now))
        .values("key")
        .annotate(count=Count("pk"))
    )
    return {row["key"]: row["count"] for row in rows}

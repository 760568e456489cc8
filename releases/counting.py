"""How the counts of ``releases.counts`` are kept.

Each release counts under a set of keys that ``_contributions()`` derives from
the database. ``refresh()`` compares it with the keys the release counted under
before (``CountedRelease``) and moves the counts by the difference, in the
transaction of the change: ``releases.changes`` calls it for every save and
deletion that can change them. A release counts for good (``StoredCount``) or,
when its count starts or stops at a time still to come, between two times
(``TimedCount``): a scheduled release counts from its publication date, and a
release is shown in the other language only until its translation there is
public.

``recount()`` computes everything afresh (after loading rows the signals did not
see); ``differences()`` compares what is stored with a recount. Both are behind
``manage.py recount``.
"""

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone

from .counts import LANGUAGES, STAFF, group_of, key_of, local_year
from .models import (
    CountedRelease,
    NationSpan,
    PressRelease,
    Quote,
    ReleaseNation,
    ReleaseSpeaker,
    StoredCount,
    TimedCount,
)

HAS_TIMED = "~timed"  # among a release's stored keys: it has TimedCount rows
CHUNK = 2000
PUBLISHED = PressRelease.Status.PUBLISHED
_FIELDS = ("id", "status", "published_at", "language", "translation_of_id")


# What each release counts under


@dataclass
class Contribution:
    """What one release counts under: keys for good, keys between two times
    (start, end or None), and its date for its nations' spans."""

    keys: set = field(default_factory=set)
    timed: list = field(default_factory=list)
    staff_date: datetime | None = None
    staff_nations: set = field(default_factory=set)

    def stored_keys(self):
        return self.keys | ({HAS_TIMED} if self.timed else set())


def _contributions(ids, now):
    """Return ``{id: Contribution}`` for the releases ``ids`` that exist, as the
    database holds them at ``now``, in six queries."""
    rows = {
        row["id"]: row
        for row in PressRelease.objects.filter(pk__in=ids).values(*_FIELDS)
    }
    partners = _partners(rows)
    approved = [pk for pk, row in rows.items() if row["status"] == PUBLISHED]
    nations = _pairs(ReleaseNation.objects.filter(release_id__in=rows), "nation_id")
    topics = _pairs(
        PressRelease.topics.through.objects.filter(pressrelease_id__in=approved),
        "topic_id",
        release="pressrelease_id",
    )
    speakers = _pairs(Quote.objects.filter(release_id__in=approved), "speaker_id")
    for pk, featured in _pairs(
        ReleaseSpeaker.objects.filter(release_id__in=approved), "speaker_id"
    ).items():
        speakers[pk] |= featured
    contributions = {}
    for pk, row in rows.items():
        contribution = Contribution()
        if row["translation_of_id"] is None:
            _add_staff(contribution, row, nations[pk])
        if row["status"] == PUBLISHED:
            dimensions = [
                ("all", None),
                *(("nation", code) for code in nations[pk]),
                *(("topic", topic) for topic in topics[pk]),
                *(("speaker", speaker) for speaker in speakers[pk]),
                ("year", local_year(row["published_at"])),
            ]
            for language, start, end in _shown(row, partners[pk]):
                keys = [key_of(language, *dimension) for dimension in dimensions]
                _place(contribution, keys, start, end, now)
        contributions[pk] = contribution
    return contributions


def _partners(rows):
    """Return ``{id: [rows of its translations and original]}``."""
    originals = {row["translation_of_id"] for row in rows.values()} - {None}
    found = PressRelease.objects.filter(
        Q(pk__in=originals) | Q(translation_of_id__in=rows)
    ).values(*_FIELDS)
    translations = defaultdict(list)
    for row in rows.values():
        translations[row["translation_of_id"]].append(row["id"])
    partners = defaultdict(list)
    for other in found:
        if other["translation_of_id"] in rows:
            partners[other["translation_of_id"]].append(other)
        for pk in translations.get(other["id"], ()):
            partners[pk].append(other)
    return partners


def _pairs(links, name, release="release_id"):
    found = defaultdict(set)
    for pk, value in links.values_list(release, name):
        found[pk].add(value)
    return found


def _shown(row, partners):
    """Yield (language, start, end or None) for each language whose listings
    show the approved release ``row``: its own from its date on, the other
    until a translation there becomes public (``for_language``)."""
    start = row["published_at"]
    yield row["language"], start, None
    ends = [
        other["published_at"]
        for other in partners
        if other["status"] == PUBLISHED and other["language"] != row["language"]
    ]
    end = min(ends) if ends else None
    for language in LANGUAGES:
        if language != row["language"] and (end is None or end > start):
            yield language, start, end


def _place(contribution, keys, start, end, now):
    if end is not None and end <= now:
        return
    if start <= now and end is None:
        contribution.keys.update(keys)
    else:
        contribution.timed.extend((key, start, end) for key in keys)


def _add_staff(contribution, row, nations):
    date = row["published_at"]
    year = local_year(date) if date is not None else "none"
    contribution.staff_date = date
    contribution.staff_nations = set(nations)
    contribution.keys.add(key_of(STAFF, "year", year))
    for code in nations:
        contribution.keys.add(key_of(STAFF, "nation", f"{code}:{year}"))
        for other in nations - {code}:
            contribution.keys.add(key_of(STAFF, "pair", f"{code}:{other}"))


# Keeping them


def refresh(release_ids):
    """Bring the counts of the releases ``release_ids`` (and of their
    translations or originals, whose listings they change) up to date with the
    database, in the current transaction. Deleted releases are taken off."""
    ids = {pk for pk in release_ids if pk is not None}
    if not ids:
        return
    with transaction.atomic():
        ids |= set(
            PressRelease.objects.filter(
                Q(translation_of_id__in=ids) | Q(translated_as__in=ids)
            ).values_list("pk", flat=True)
        )
        now = timezone.now()
        stored = {
            counted.release_id: counted
            for counted in CountedRelease.objects.select_for_update().filter(
                release_id__in=ids
            )
        }
        contributions = _contributions(ids, now)
        deltas = Counter()
        spans = _SpanChanges()
        changed, gone, timed_ids = [], [], []
        for pk in ids:
            counted = stored.get(pk)
            old_keys = set(counted.keys.split()) if counted else set()
            new = contributions.get(pk)
            new_keys = new.stored_keys() if new else set()
            deltas.update(new_keys - old_keys)
            deltas.subtract(old_keys - new_keys)
            if HAS_TIMED in old_keys | new_keys:
                timed_ids.append(pk)
            spans.compare(counted, new)
            if new is None:
                if counted is not None:
                    gone.append(pk)
            elif counted is None or (
                old_keys != new_keys or counted.staff_date != new.staff_date
            ):
                changed.append(
                    CountedRelease(
                        release_id=pk,
                        keys=" ".join(sorted(new_keys)),
                        staff_date=new.staff_date,
                    )
                )
        deltas.pop(HAS_TIMED, None)
        _move(deltas)
        if timed_ids:
            TimedCount.objects.filter(release_id__in=timed_ids).delete()
            TimedCount.objects.bulk_create(
                TimedCount(release_id=pk, key=key, starts_at=start, ends_at=end)
                for pk in timed_ids
                if pk in contributions
                for key, start, end in contributions[pk].timed
            )
        if gone:
            CountedRelease.objects.filter(release_id__in=gone).delete()
        if changed:
            CountedRelease.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["release_id"],
                update_fields=["keys", "staff_date"],
            )
        spans.apply()


def _move(deltas):
    """Add each delta to its count, creating the counts not stored yet."""
    deltas = {key: delta for key, delta in deltas.items() if delta}
    if not deltas:
        return
    StoredCount.objects.bulk_create(
        [StoredCount(key=key, group=group_of(key)) for key in deltas],
        ignore_conflicts=True,
    )
    by_delta = defaultdict(list)
    for key, delta in deltas.items():
        by_delta[delta].append(key)
    for delta, keys in by_delta.items():
        StoredCount.objects.filter(key__in=keys).update(count=F("count") + delta)


class _SpanChanges:
    """The changes to nations' first and latest mentions: a date added widens a
    span at once; a date taken off at either end has the span found again."""

    def __init__(self):
        self.added = defaultdict(list)
        self.removed = defaultdict(list)

    def compare(self, counted, new):
        old_nations = _staff_nations(counted.keys.split()) if counted else set()
        old_date = counted.staff_date if counted else None
        new_nations = new.staff_nations if new else set()
        new_date = new.staff_date if new else None
        for code in old_nations:
            if old_date is not None and (
                code not in new_nations or new_date != old_date
            ):
                self.removed[code].append(old_date)
        for code in new_nations:
            if new_date is not None and (
                code not in old_nations or new_date != old_date
            ):
                self.added[code].append(new_date)

    def apply(self):
        codes = set(self.added) | set(self.removed)
        if not codes:
            return
        spans = {
            span.nation_id: span
            for span in NationSpan.objects.select_for_update().filter(
                nation_id__in=codes
            )
        }
        again = {
            code
            for code, dates in self.removed.items()
            if code in spans
            and any(
                date <= (spans[code].first_at or date)
                or date >= (spans[code].latest_at or date)
                for date in dates
            )
        }
        found = _spans(ReleaseNation.objects.filter(nation_id__in=again))
        for code in codes:
            span = spans.setdefault(code, NationSpan(nation_id=code))
            if code in again:
                span.first_at, span.latest_at = found.get(code, (None, None))
                continue
            dates = [d for d in (span.first_at, span.latest_at) if d] + self.added[code]
            if dates:
                span.first_at, span.latest_at = min(dates), max(dates)
        NationSpan.objects.bulk_create(
            spans.values(),
            update_conflicts=True,
            unique_fields=["nation_id"],
            update_fields=["first_at", "latest_at"],
        )


def _staff_nations(keys):
    prefix = key_of(STAFF, "nation") + ":"
    return {key[len(prefix) :].split(":")[0] for key in keys if key.startswith(prefix)}


def _spans(links):
    """Return ``{code: (first, latest)}`` over the links' releases, translations
    left out."""
    rows = (
        links.filter(release__translation_of=None)
        .values("nation_id")
        .annotate(
            first=Min("release__published_at"), latest=Max("release__published_at")
        )
        .order_by()
    )
    return {
        row["nation_id"]: (row["first"], row["latest"])
        for row in rows
        if row["first"] is not None
    }


# Counting afresh


@dataclass
class Recount:
    counts: Counter
    timed: list
    counted: list
    spans: dict


def _count_everything(now):
    counts, timed, counted = Counter(), [], []
    ids = PressRelease.objects.order_by("pk").values_list("pk", flat=True)
    for chunk in itertools.batched(ids.iterator(chunk_size=CHUNK), CHUNK):
        for pk, contribution in _contributions(chunk, now).items():
            counts.update(contribution.keys)
            timed.extend((pk, *entry) for entry in contribution.timed)
            counted.append(
                CountedRelease(
                    release_id=pk,
                    keys=" ".join(sorted(contribution.stored_keys())),
                    staff_date=contribution.staff_date,
                )
            )
    return Recount(counts, timed, counted, _spans(ReleaseNation.objects.all()))


def recount():
    """Compute every count afresh from the database, replacing what is stored."""
    with transaction.atomic():
        fresh = _count_everything(timezone.now())
        for model in (StoredCount, TimedCount, CountedRelease, NationSpan):
            model.objects.all().delete()
        StoredCount.objects.bulk_create(
            (
                StoredCount(key=key, group=group_of(key), count=count)
                for key, count in fresh.counts.items()
            ),
            batch_size=CHUNK,
        )
        TimedCount.objects.bulk_create(
            (
                TimedCount(release_id=pk, key=key, starts_at=start, ends_at=end)
                for pk, key, start, end in fresh.timed
            ),
            batch_size=CHUNK,
        )
        CountedRelease.objects.bulk_create(fresh.counted, batch_size=CHUNK)
        NationSpan.objects.bulk_create(
            (
                NationSpan(nation_id=code, first_at=first, latest_at=latest)
                for code, (first, latest) in fresh.spans.items()
            ),
            batch_size=CHUNK,
        )


def differences():
    """Return the differences between the stored counts and a recount, as lines
    of text (none when they agree): each count as it holds now and at every
    time still to come when one starts or stops, and each nation's span."""
    now = timezone.now()
    fresh = _count_everything(now)
    stored_timed = list(
        TimedCount.objects.values_list("release_id", "key", "starts_at", "ends_at")
    )
    moments = sorted(
        {now}
        | {
            moment
            for _pk, _key, start, end in [*stored_timed, *fresh.timed]
            for moment in (start, end)
            if moment is not None and moment > now
        }
    )
    stored = Counter(dict(StoredCount.objects.values_list("key", "count")))
    lines = []
    for moment in moments:
        have = stored + _active(stored_timed, moment)
        want = fresh.counts + _active(fresh.timed, moment)
        for key in sorted(set(have) | set(want)):
            if have[key] != want[key]:
                when = "now" if moment == now else f"at {moment.isoformat()}"
                lines.append(f"{key} {when}: stored {have[key]}, recounted {want[key]}")
    spans = {
        span.nation_id: (span.first_at, span.latest_at)
        for span in NationSpan.objects.all()
        if span.first_at is not None
    }
    for code in sorted(set(spans) | set(fresh.spans)):
        if spans.get(code) != fresh.spans.get(code):
            have, want = spans.get(code), fresh.spans.get(code)
            lines.append(f"span of {code}: stored {have}, recounted {want}")
    return lines


def _active(timed, moment):
    return Counter(
        key
        for _pk, key, start, end in timed
        if start <= moment and (end is None or end > moment)
    )

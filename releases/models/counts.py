"""Counts kept as data: how many releases each listing shows, and the staff
figures (releases/counting.py keeps them, in the transaction of each change)."""

from django.db import models


class StoredCount(models.Model):
    """How many releases count under a key: a public listing ("en:nation:JP") or
    a staff figure ("staff:pair:JP:IN"), for the releases public (or, for staff
    figures, existing) from before the last change and for good; releases
    whose count starts or stops at a time still to come are ``TimedCount`` rows.
    """

    key = models.CharField(max_length=60, primary_key=True)
    # The key without its value ("en:nation", "staff:pair"): a listing of counts.
    group = models.CharField(max_length=20, db_index=True)
    count = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.key}: {self.count}"


class TimedCount(models.Model):
    """A release counted under a key from ``starts_at`` until ``ends_at`` (never
    ending when None): a scheduled release, or a release shown in the other
    language until its scheduled translation becomes public."""

    release_id = models.BigIntegerField(db_index=True)
    key = models.CharField(max_length=60)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True)

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["key", "starts_at"], name="timedcount_key")]

    def __str__(self):
        return f"{self.key}: release {self.release_id} from {self.starts_at}"


class CountedRelease(models.Model):
    """The keys a release counts under for good, as last counted: what a change
    to it takes off before adding what it counts under now. Not a foreign key:
    the row must outlive the release, to take a deleted release off."""

    release_id = models.BigIntegerField(primary_key=True)
    keys = models.TextField(blank=True)
    # The release's date as last counted in the staff figures (its nations'
    # first and latest mentions, NationSpan).
    staff_date = models.DateTimeField(null=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"Counts of release {self.release_id}"


class NationSpan(models.Model):
    """The first and latest dates of the releases naming a nation (the staff
    report's first and latest mentions), translations left out."""

    nation_id = models.CharField(max_length=2, primary_key=True)
    first_at = models.DateTimeField(null=True)
    latest_at = models.DateTimeField(null=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.nation_id}: {self.first_at} to {self.latest_at}"

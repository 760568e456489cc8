"""The full-text search index entry of a release (SQLite only)."""

from django.db import models

from .releases import PressRelease


class SearchEntry(models.Model):
    """A release's row in SQLite's full-text index, kept by triggers (search.py).

    Declared only so that searches can join it; PostgreSQL has no such table.
    """

    release = models.OneToOneField(
        PressRelease,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="search_entry",
    )
    document = models.TextField(db_column="releases_search")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "releases_search"
        default_permissions = ()

    def __str__(self):
        return f"Index entry of release {self.pk}"

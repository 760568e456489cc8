"""Django's loaddata, followed up as any load of rows without signals is."""

from django.core.management.commands import loaddata

from releases.changes import content_loaded


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        """Load the fixtures, then count everything afresh and renew the versions
        (``content_loaded()``), in the same transaction: ``releases.changes``
        leaves the raw saves of a fixture alone, so the counts kept as data and
        the cached pages would not know of the rows loaded."""
        super().loaddata(fixture_labels)
        if self.loaded_object_count:
            content_loaded()

import gzip
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# staff holds only an unmanaged model that carries a permission: no table.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "staff"]


class Command(BaseCommand):
    help = (
        "Write a complete, restorable dump of the database (releases, people, "
        "nations, users, groups, history) as gzip-compressed XML, which keeps "
        "times to the microsecond (Django's JSON keeps milliseconds)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="File to write (default: backups/cnespress-<date>.xml.gz).",
        )

    def handle(self, *args, **options):
        path = Path(
            options["output"]
            or f"backups/cnespress-{timezone.now():%Y%m%d-%H%M%S}.xml.gz"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with gzip.open(partial, "wt", encoding="utf-8") as stream:
            call_command(
                "dumpdata",
                format="xml",
                natural_primary=True,
                natural_foreign=True,
                exclude=EXCLUDED,
                stdout=stream,
            )
        partial.replace(path)
        self.stdout.write(f"Backup written to {path}")

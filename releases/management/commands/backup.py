from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from django.utils import timezone

from cnespress.backups import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a backup: one consistent snapshot of every table worth keeping, and "
        "the files its rows name, in a .tar.gz that `restore` reads "
        "(docs/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="File to write (default: backups/cnespress-<date>-<time>.tar.gz).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to read: a PostgreSQL standby spares the primary.",
        )

    def handle(self, *args, output, database, **options):
        path = Path(
            output or f"backups/cnespress-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            summary = write_backup(path, database, warn=self.stderr.write)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"{path}: no backup written: {error}") from None
        self.stdout.write(f"Backup written to {path}: {summary}.")

from django.core.management.base import BaseCommand, CommandError

from cnespress.backups import BackupError
from cnespress.restoring import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into a new database, migrated and "
        "empty, and its files into the default storage: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .tar.gz file written by `backup`.")

    def handle(self, *args, path, **options):
        try:
            summary = restore_backup(path)
        except BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(f"Restored {path}: {summary}.")

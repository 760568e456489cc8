from pathlib import Path
from xml.parsers.expat import ExpatError
from xml.sax import SAXException

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from releases.models import PressRelease


class Command(BaseCommand):
    help = (
        "Load a dump written by `backup` into an empty, migrated database, in one "
        "transaction: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .xml.gz file written by `backup`.")

    def handle(self, *args, **options):
        path = Path(options["path"]).resolve()
        if not path.is_file() or not path.name.endswith(".xml.gz"):
            raise CommandError(f"{path}: not a backup file (.xml.gz).")
        if PressRelease.objects.exists() or get_user_model().objects.exists():
            raise CommandError(
                "The database already holds releases or users: restore only into "
                "an empty database (run `migrate` on a new one first)."
            )
        try:
            call_command("loaddata", str(path), verbosity=0)
        except (
            DeserializationError,
            ExpatError,
            SAXException,
            OSError,
            EOFError,
        ) as error:
            raise CommandError(f"{path}: cannot load the dump: {error}") from None
        self.stdout.write(
            f"Restored {path}: {PressRelease.objects.count()} releases, "
            f"{get_user_model().objects.count()} users."
        )

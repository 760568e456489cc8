"""Count afresh the counts kept as data (releases/counting.py), or check them."""

import time

from django.core.management.base import BaseCommand, CommandError

from releases import counting


class Command(BaseCommand):
    help = (
        "Count afresh how many releases each public listing shows and the staff "
        "figures, which every change keeps up to date; with --check, only compare "
        "them with a recount and list the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the stored counts with a recount; change nothing.",
        )

    def handle(self, check, **options):
        started = time.monotonic()
        if check:
            differences = counting.differences()
            if differences:
                for line in differences[:50]:
                    self.stderr.write(line)
                raise CommandError(
                    f"{len(differences)} stored counts differ from a recount: "
                    "run `manage.py recount` to count them afresh."
                )
            self.stdout.write(
                f"The stored counts agree with a recount "
                f"({time.monotonic() - started:.1f} s)."
            )
            return
        counting.recount()
        self.stdout.write(f"Counted afresh in {time.monotonic() - started:.1f} s.")

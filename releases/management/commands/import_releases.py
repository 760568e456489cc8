import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from releases.importer import (
    SUFFIXES,
    ParseError,
    parse_release,
    release_text,
    to_json_record,
)
from releases.loading import CREATED, UNCHANGED, UPDATED, save_parsed_release

PROGRESS_EVERY = 100


class DryRun(Exception):
    """Raised inside the transaction of a dry run to roll it back."""


class Command(BaseCommand):
    help = (
        "Import press releases: plain-text (.txt) files, Word (.docx) documents, "
        "or folders of them. New releases are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish", action="store_true", help="Publish what is imported."
        )
        parser.add_argument(
            "--feature-people",
            action="store_true",
            help=(
                "Also link the people named with a role (not quoted) as featured "
                "speakers. Without it, only the people quoted are, and people "
                "an earlier import or an editor featured stay featured."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and check, write nothing."
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: print the parsed records as a JSON list, write nothing.",
        )

    def handle(self, *args, **options):
        files = self.collect(options["paths"])
        as_json = options["format"] == "json"
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, "failed": 0}
        records = []
        for number, path in enumerate(files, start=1):
            try:
                parsed = parse_release(release_text(path.name, path.read_bytes()))
            except (OSError, ParseError) as error:
                counts["failed"] += 1
                self.stderr.write(f"{path}: {describe(error)}")
                continue
            if as_json:
                records.append(to_json_record(parsed, str(path)))
                continue
            try:
                result = self.save(parsed, options)
            except (DatabaseError, ParseError) as error:
                counts["failed"] += 1
                self.stderr.write(f"{path}: not saved: {error}")
                continue
            counts[result] += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"{path}: {result}")
            elif len(files) > PROGRESS_EVERY and number % PROGRESS_EVERY == 0:
                self.stderr.write(f"{number}/{len(files)} files…")
        if as_json:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
        else:
            prefix = "Dry run, nothing written: " if options["dry_run"] else ""
            self.stdout.write(
                f"{prefix}{counts[CREATED]} created, {counts[UPDATED]} updated, "
                f"{counts[UNCHANGED]} unchanged, {counts['failed']} failed."
            )
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} of {len(files)} files could not be imported."
            )

    def collect(self, paths):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if is_release_file(p)))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder.")
        if not files:
            raise CommandError("No .txt or .docx file to import.")
        return files

    def save(self, parsed, options):
        people = [person.name for person in parsed.people]
        arguments = {
            "publish": options["publish"],
            "featured_people": people if options["feature_people"] else (),
        }
        if not options["dry_run"]:
            return save_parsed_release(parsed, **arguments).result
        try:
            with transaction.atomic():
                result = save_parsed_release(parsed, **arguments).result
                raise DryRun
        except DryRun:
            return result


def is_release_file(path):
    """Tell whether a file found in a folder is one to import: a .txt or .docx,
    or a .docm to refuse by name, but not Word's "~$" lock file."""
    return (
        path.suffix.lower() in (*SUFFIXES, ".docm")
        and not path.name.startswith("~$")
        and path.is_file()
    )


def describe(error):
    if isinstance(error, OSError):
        return f"cannot read: {error.strerror or error}"
    return str(error)

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Loaded in this order: the seed releases name partner nations.
SEED_FIXTURES = ["nations", "seed_releases"]


def fixture_models(name):
    """Return the models whose rows the fixture ``name`` (in FIXTURE_DIRS) holds,
    in the order they first appear in it."""
    for directory in settings.FIXTURE_DIRS:
        path = Path(directory) / f"{name}.json"
        if path.is_file():
            with path.open(encoding="utf-8") as stream:
                labels = dict.fromkeys(record["model"] for record in json.load(stream))
            return [apps.get_model(label) for label in labels]
    raise CommandError(f"No fixture named {name}.json in {settings.FIXTURE_DIRS}.")


class Command(BaseCommand):
    help = (
        "Load the seed content (partner nations, two sample releases) into an empty "
        "archive. A fixture is loaded only when every table it fills is empty, so "
        "nothing an editor wrote, changed or deleted is ever overwritten or brought "
        "back."
    )

    def handle(self, *args, **options):
        loaded, skipped = [], []
        with transaction.atomic():
            for name in SEED_FIXTURES:
                filled = [
                    model
                    for model in fixture_models(name)
                    if model._base_manager.exists()
                ]
                if filled:
                    skipped.append(f"{name} ({filled[0]._meta.label} has rows)")
                else:
                    # Our loaddata counts afresh and renews the versions.
                    call_command("loaddata", name, verbosity=0)
                    loaded.append(name)
        parts = []
        if loaded:
            parts.append("loaded " + ", ".join(loaded))
        if skipped:
            parts.append("left alone " + ", ".join(skipped))
        self.stdout.write(f"Seed content: {'; '.join(parts)}.")

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from releases.search import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Index every release afresh for full-text search (SQLite's FTS5 table or "
        "PostgreSQL's search_vector column), recreating the index if it is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, database, **options):
        connection = connections[database]
        rebuild_search_index(connection)
        self.stdout.write(f"Rebuilt the search index ({connection.vendor}).")

"""What a public search filters on, in a narrow table beside the SQLite index
(releases_searchstate, kept by triggers: releases/search.py), so that ranking
never reads the release rows. PostgreSQL has no such table."""

from django.db import migrations

from releases.search import SQLITE_STATE_INSTALL, SQLITE_STATE_REBUILD


def install_state(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in [*SQLITE_STATE_INSTALL, *SQLITE_STATE_REBUILD]:
            cursor.execute(statement)


def drop_state(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in ["insert", "update", "delete"]:
            cursor.execute(f"DROP TRIGGER IF EXISTS releases_searchstate_{name}")
        cursor.execute("DROP TABLE IF EXISTS releases_searchstate")


class Migration(migrations.Migration):
    dependencies = [("releases", "0016_stored_counts")]

    operations = [migrations.RunPython(install_state, drop_state)]

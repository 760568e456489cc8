"""Full-text index of releases (releases/search.py) and the content version.

SQLite: an FTS5 table with triggers on the release table. PostgreSQL: a tsvector
column filled by a trigger, behind a GIN index. Both are indexed at once.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from releases.search import rebuild_search_index, uninstall_search_index


def create_index(apps, schema_editor):
    # The body's Markdown then; 0010 indexes the text a reader sees instead.
    rebuild_search_index(schema_editor.connection, body="body")


def drop_index(apps, schema_editor):
    uninstall_search_index(schema_editor.connection)


def create_version(apps, schema_editor):
    ContentVersion = apps.get_model("releases", "ContentVersion")
    ContentVersion.objects.create(pk=1, token="initial", changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("releases", "0004_pressrelease_translation")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "release",
                    models.OneToOneField(
                        db_column="rowid",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="releases.pressrelease",
                    ),
                ),
                ("document", models.TextField(db_column="releases_search")),
                ("rank", models.FloatField()),
            ],
            options={
                "db_table": "releases_search",
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"default_permissions": ()},
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(create_version, migrations.RunPython.noop),
    ]

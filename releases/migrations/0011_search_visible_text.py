"""Index the text a reader sees (body_text, derived on save from the rendered
body) instead of the body's Markdown, whose HTML comments and raw HTML the
public never sees but a search found and quoted."""

from django.db import migrations, models

from releases.markup import visible_text
from releases.search import rebuild_search_index, uninstall_search_index

BATCH = 500


def drop_index(apps, schema_editor):
    uninstall_search_index(schema_editor.connection)


def index_markdown(apps, schema_editor):
    rebuild_search_index(schema_editor.connection, body="body")


def index_visible_text(apps, schema_editor):
    PressRelease = apps.get_model("releases", "PressRelease")
    releases = PressRelease.objects.using(schema_editor.connection.alias)
    batch = []
    for release in releases.only("pk", "body_html").iterator(chunk_size=BATCH):
        release.body_text = visible_text(release.body_html)
        batch.append(release)
        if len(batch) == BATCH:
            releases.bulk_update(batch, ["body_text"])
            batch = []
    releases.bulk_update(batch, ["body_text"])
    rebuild_search_index(schema_editor.connection, body="body_text")


class Migration(migrations.Migration):
    dependencies = [("releases", "0010_release_date_range")]

    operations = [
        migrations.RunPython(drop_index, index_markdown),
        migrations.AddField(
            model_name="pressrelease",
            name="body_text",
            field=models.TextField(blank=True, default="", editable=False),
            preserve_default=False,
        ),
        migrations.RunPython(index_visible_text, drop_index),
    ]

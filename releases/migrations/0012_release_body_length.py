"""A body of at most 100,000 characters (releases.limits), checked by its form."""

from django.db import migrations, models

import releases.limits


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0011_search_visible_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pressrelease",
            name="body",
            field=models.TextField(
                help_text="Markdown: a blank line between paragraphs, “- ” for a bullet list, *italics*, **bold**, [a link](https://…). At most 100,000 characters.",
                validators=[releases.limits.validate_body_length],
                verbose_name="body",
            ),
        ),
    ]

"""Dates from 1950 to 2100 (releases.dates): checked by the forms and the database.

A database holding a date outside the range stops here with the list of the
releases to correct, rather than with the database's bare constraint error.
"""

import datetime

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Q

import releases.dates

# 1950-01-01 and 2101-01-01 at midnight, Paris time.
FIRST_MOMENT = datetime.datetime(1949, 12, 31, 23, 0, tzinfo=datetime.UTC)
END_MOMENT = datetime.datetime(2100, 12, 31, 23, 0, tzinfo=datetime.UTC)
FIRST_DATE = datetime.date(1950, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
PUBLISHED_IN_RANGE = Q(published_at__isnull=True) | Q(
    published_at__gte=FIRST_MOMENT, published_at__lt=END_MOMENT
)
EVENT_IN_RANGE = Q(event_date__isnull=True) | Q(
    event_date__range=(FIRST_DATE, LAST_DATE)
)


def refuse_dates_out_of_range(apps, schema_editor):
    PressRelease = apps.get_model("releases", "PressRelease")
    outside = (
        PressRelease.objects.using(schema_editor.connection.alias)
        .exclude(PUBLISHED_IN_RANGE & EVENT_IN_RANGE)
        .order_by("pk")
        .values_list("pk", "title", "published_at", "event_date")
    )
    lines = [
        f"  #{pk} “{title}”: published {published_at}, event {event_date}"
        for pk, title, published_at, event_date in outside
    ]
    if lines:
        raise CommandError(
            "These releases have a publication or event date outside 1950-2100, "
            "which the database now refuses; correct them in the admin, then "
            "migrate again:\n" + "\n".join(lines)
        )


class Migration(migrations.Migration):
    dependencies = [("releases", "0009_pending_changes_and_review")]

    operations = [
        migrations.RunPython(refuse_dates_out_of_range, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pressrelease",
            name="event_date",
            field=models.DateField(
                blank=True,
                help_text="The day the event took place, from 1950 to 2100.",
                null=True,
                validators=[releases.dates.validate_in_range],
                verbose_name="event date",
            ),
        ),
        migrations.AlterField(
            model_name="pressrelease",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                help_text=(
                    "A published release becomes public at this time: set it in "
                    "the future to schedule (embargo) the release. From 1950 to "
                    "2100."
                ),
                null=True,
                validators=[releases.dates.validate_in_range],
                verbose_name="publication date",
            ),
        ),
        migrations.AddConstraint(
            model_name="pressrelease",
            constraint=models.CheckConstraint(
                condition=PUBLISHED_IN_RANGE,
                name="pressrelease_published_at_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="pressrelease",
            constraint=models.CheckConstraint(
                condition=EVENT_IN_RANGE,
                name="pressrelease_event_date_in_range",
            ),
        ),
    ]

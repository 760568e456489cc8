"""The dates a release may carry: from 1 January 1950 to 31 December 2100, in the
site's time zone.

CNES was founded in 1961: the range holds its history and its plans, and keeps
out slips of the keyboard (0202, 20266) and the years 1 and 9999, at which
Python cannot convert a time from one time zone to another. The publication
date and the event date are checked by their forms and by the database
(releases.models), and the importer refuses a date outside the range.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

FIRST_DATE = datetime.date(1950, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)
# The same range as instants: from the first day's midnight to the midnight
# after the last day, in the site's time zone.
FIRST_MOMENT = datetime.datetime.combine(
    FIRST_DATE, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
)
END_MOMENT = datetime.datetime.combine(
    LAST_DATE + datetime.timedelta(days=1),
    datetime.time(),
    tzinfo=ZoneInfo(settings.TIME_ZONE),
)
_YEAR = re.compile(r"[0-9]{4}")


def is_in_range(value):
    """Tell whether a date, or an aware date and time, is in the range."""
    if isinstance(value, datetime.datetime):
        return FIRST_MOMENT <= value < END_MOMENT
    return FIRST_DATE <= value <= LAST_DATE


def validate_in_range(value):
    if not is_in_range(value):
        raise ValidationError(
            _("Choose a date from %(first)s to %(last)s."),
            code="date_out_of_range",
            params={
                "first": formats.date_format(FIRST_DATE),
                "last": formats.date_format(LAST_DATE),
            },
        )


def parse_year(text):
    """Return the year written in ``text`` (four ASCII digits, in the range), or
    None: int() would also read "²" or " 2026 ", and years 1 and 9999 fail
    the database's date arithmetic."""
    if not isinstance(text, str) or not _YEAR.fullmatch(text):
        return None
    year = int(text)
    return year if FIRST_DATE.year <= year <= LAST_DATE.year else None

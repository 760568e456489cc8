"""The admin's filters by date, refusing dates outside releases.dates' range."""

import datetime

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from ..dates import parse_year


def hierarchy_date(year, month=None, day=None):
    """Return the first day that date-hierarchy parameters select, or None when
    they select none: a year outside the range, month 13, 30 February."""
    parts = [parse_year(year)]
    for text in (month, day):
        if text is not None:
            parts.append(int(text) if text.isascii() and text.isdigit() else None)
    if None in parts:
        return None
    try:
        return datetime.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return None


class DateRangeChangeList(ChangeList):
    """A change list whose date hierarchy refuses what hierarchy_date() refuses
    as Django refuses any bad lookup: the admin then shows the whole list, with
    ?e=1. Django's own would fail on the years 1 and 9999 (beyond the dates it
    can convert) and on a day such as ²."""

    def get_filters(self, request):
        if self.date_hierarchy:
            values = [
                self.filter_params.get(f"{self.date_hierarchy}__{part}", [None])[-1]
                for part in ("year", "month", "day")
            ]
            if values[0] is not None and hierarchy_date(*values) is None:
                raise IncorrectLookupParameters
        return super().get_filters(request)

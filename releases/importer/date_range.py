"""Refuse a release dated outside the range the archive accepts (releases.dates)."""

from releases.dates import FIRST_DATE, LAST_DATE, is_in_range

from .dates import full_dates
from .records import ParseError


def check_date_range(lines, published, event_date, opening_line):
    """Raise ParseError, naming the line, for a publication date (found at its
    first mention) or an event date (in the opening paragraph) out of range."""
    if not is_in_range(published):
        line = next(
            (
                number
                for number, text in enumerate(lines, start=1)
                if any(date == published for date, _ in full_dates(text))
            ),
            None,
        )
        raise ParseError(_out_of_range("publication date", published), line=line)
    if event_date is not None and not is_in_range(event_date):
        raise ParseError(_out_of_range("event date", event_date), line=opening_line)


def _out_of_range(name, date):
    return (
        f"the {name}, {date.isoformat()}, is outside the dates the archive accepts "
        f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
    )

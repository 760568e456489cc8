"""Refuse a release the archive would not accept: dated outside its range
(releases.dates), or with a body longer than a release holds (releases.limits)."""

from releases.dates import FIRST_DATE, LAST_DATE, is_in_range
from releases.limits import BODY_MAX_LENGTH, body_length

from .dates import full_dates
from .records import ParseError


def check_limits(lines, published, event_date, units):
    """Raise ParseError, naming the line, for a date the archive would refuse."""
    opening_line = next((line for _, line, is_list in units if not is_list), None)
    check_date_range(lines, published, event_date, opening_line)


def check_body_length(body):
    """Raise ParseError for a body longer than a release holds: the admin's form
    would then refuse every later change to the release. (Checked on saving, not
    on parsing, which also serves to analyse longer texts.)"""
    if body_length(body) > BODY_MAX_LENGTH:
        raise ParseError(
            f"the body has {body_length(body):,} characters, more than the "
            f"{BODY_MAX_LENGTH:,} a release holds"
        )


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

"""Recognise dates written in English or French."""

import datetime
import re

_MONTH_NAMES = (
    "january jan janvier|february feb février fevrier|march mars|april apr avril|"
    "may mai|june juin|july juillet|august aug août aout|september sept sep septembre|"
    "october oct octobre|november nov novembre|december dec décembre decembre"
)
MONTHS = {
    name: number
    for number, names in enumerate(_MONTH_NAMES.split("|"), start=1)
    for name in names.split()
}
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_ORD = r"(?:st|nd|rd|th|er|ᵉʳ)?"
FULL_DATE = re.compile(
    rf"\b(?P<d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m>{_M})\b\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{_M})\b\.?\s+(?P<d2>[0-3]?\d){_ORD},?\s+(?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<d3>[0-3]?\d)[/.](?P<m3>[01]?\d)[/.](?P<y3>(?:19|20)\d\d)\b"
    r"|\b(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b",
    re.IGNORECASE,
)
EVENT_DATE = (
    rf"(?:(?:{WEEKDAYS})\.?,?\s+)?(?:the\s+)?"
    rf"(?:(?P<d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m>{_M})"
    rf"|(?P<m2>{_M})\s+(?P<d2>[0-3]?\d){_ORD})\b\.?(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
)


def full_dates(text):
    """Yield (date, match) for each full date (with a year) in the text."""
    for match in FULL_DATE.finditer(text):
        found = match.groupdict()
        day = found["d"] or found["d2"] or found["d3"] or found["d4"]
        month = found["m"] or found["m2"] or found["m3"] or found["m4"]
        year = found["y"] or found["y2"] or found["y3"] or found["y4"]
        number = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            yield datetime.date(int(year), number, int(day)), match
        except ValueError:
            continue

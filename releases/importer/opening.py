"""Read the opening paragraph: where and when the event took place, and a summary."""

import datetime
import re

from .dates import EVENT_DATE, MONTHS, WEEKDAYS, full_dates
from .people import STARTERS
from .text import WS, split_sentences, word_set

_PLACE = (
    r"(?P<place>[A-ZÀ-Ý][\w’'\-]*(?:\s(?:(?:de|du|sur|d’)\s)?[A-ZÀ-Ý][\w’'\-]*){0,3})"
)
_EVENTS = (
    re.compile(
        rf"^(?:(?:on|le|ce|this|en ce)\s+)?{EVENT_DATE}\s*,?\s*"
        rf"(?:(?:in|at|à|au)\s+(?-i:{_PLACE}))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:in|à|at)\s+(?-i:{_PLACE})\s*,?\s*(?:on\s+|le\s+)?{EVENT_DATE}",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?-i:{_PLACE})\s*,\s*(?:le\s+)?{EVENT_DATE}", re.IGNORECASE),
)
_TODAY = re.compile(
    rf"^(?P<when>today|aujourd[’']hui|yesterday|hier)\s*,?\s*(?:in|at|à)\s+(?-i:{_PLACE})",
    re.IGNORECASE,
)
_PLACE_IN_SENTENCE = re.compile(rf"\b(?:in|à)\s+{_PLACE}")
_PLACE_CUT = word_set(
    "Space Centre Center Head Office Headquarters Airport Congress Convention Museum "
    "University Summit Forum Salon Show Agency Embassy Institute Campus Earth Orbit"
)
_NOT_PLACE = (
    STARTERS
    | {word.capitalize() for word in MONTHS}
    | {day.capitalize() for day in WEEKDAYS.split("|")}
)
_FUNCTION_WORDS = word_set(
    "and or of the a an to in with for on at by et ou de du des la le les à au aux en "
    "un une pour par sur"
)


def summarise(paragraph, limit=300):
    text = WS.sub(" ", paragraph.replace("*", "")).strip()
    for _, match in full_dates(text[:80]):
        dash = re.match(r"\s*[–—-]\s+", text[match.end() :])
        if dash:
            text = text[match.end() + dash.end() :]
        break
    summary = ""
    for sentence in split_sentences(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if summary or len(text) < limit:
        return summary
    words = text[: limit - 1].split(" ")
    if not text[limit - 1].isspace():
        words.pop()
    while len(words) > 1 and words[-1].lower() in _FUNCTION_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:–—-") + "…"


def _closest_year(day, month, published):
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda date: (abs((date - published).days), date))


def _place_of(match, text):
    """Return the cleaned place a pattern captured, keeping a ", D.C." suffix."""
    place = _clean_place(match.group("place"))
    if place and text.startswith(", D.C.", match.end("place")):
        place += ", D.C."
    return place


def _clean_place(place):
    words = []
    for word in (place or "").split():
        if word in _PLACE_CUT or word.isupper() or word.endswith(("’s", "'s")):
            break
        words.append(word)
    if not words or words[0] in _NOT_PLACE:
        return ""
    return " ".join(words)


def find_event(paragraph, published):
    """Return the place and date of the event told in the opening sentence."""
    sentence = (split_sentences(paragraph[:1000]) or [""])[0]
    today = _TODAY.match(sentence)
    if today:
        back = today.group("when").lower() in ("yesterday", "hier")
        when = published - datetime.timedelta(days=1 if back else 0)
        return _place_of(today, sentence), when
    for pattern in _EVENTS:
        match = pattern.match(sentence)
        if not match:
            continue
        found = match.groupdict()
        day = int(found["d"] or found["d2"])
        month = MONTHS[(found["m"] or found["m2"]).lower()]
        if found["y"]:
            try:
                date = datetime.date(int(found["y"]), month, day)
            except ValueError:
                date = None
        else:
            date = _closest_year(day, month, published)
        place = _place_of(match, sentence) if found["place"] else ""
        if not place:
            for candidate in _PLACE_IN_SENTENCE.finditer(sentence, match.end()):
                place = _place_of(candidate, sentence)
                if place:
                    break
        return place, date
    return "", None

"""Read the head of a release: its title, publication date and source link."""

import re

from .dates import WEEKDAYS, full_dates
from .records import ParseError
from .text import BULLET, WS, split_sentences

_DATE_NOISE = re.compile(
    rf"\b(?:published|publié|publiée|posted|updated|mis à jour|date|on|le|the|at|à|"
    rf"{WEEKDAYS})\b|\d{{1,2}}\s*[:h]\s*\d\d",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    r"^(?:view online|voir en ligne|read online|lire en ligne|source|en ligne|online)"
    r"\s*:?\s*<?(https?://[^\s<>]+)>?$",
    re.IGNORECASE,
)
_BARE_URL = re.compile(r"^<?(https?://[^\s<>]+)>?$")
_LABEL = re.compile(
    r"^(?:press release|news release|communiqué de presse|communiqué"
    r"|informations? presse|press information|for immediate release"
    r"|pour diffusion immédiate|embargo"
    r"|dossier de presse|press kit)\b",
    re.IGNORECASE,
)


def take_source_link(lines):
    """Blank every "view online: <url>" line and return the first URL."""
    source_url = ""
    for index, line in enumerate(lines):
        match = _SOURCE.match(line.strip())
        if match:
            source_url = source_url or match.group(1)
            lines[index] = ""
    return source_url


def _date_line(line):
    """Return the date of a line that holds little else than a date, else None."""
    if len(line) > 120 or any(mark in line for mark in '“”«»"'):
        return None
    for date, match in full_dates(line):
        rest = _LABEL.sub(" ", line[: match.start()]) + " " + line[match.end() :]
        if len(re.findall(r"[^\W\d_]{2,}", _DATE_NOISE.sub(" ", rest))) <= 3:
            return date
        return None
    return None


def _clean_title(line):
    text = line.strip().lstrip("#").strip()
    text = re.sub(r"^(?:title|titre)\s*:\s*", "", text, flags=re.IGNORECASE)
    if len(text) > 4 and text[:2] == text[-2:] == "**":
        text = text[2:-2]
    return WS.sub(" ", text).strip()


def _is_title(line):
    text = _clean_title(line)
    if not 3 <= len(text) <= 250 or BULLET.match(line) or text[-1] in ":;,":
        return False
    if text.endswith("."):
        return len(text) <= 150 and len(split_sentences(text)) == 1
    return True


def read_header(lines):
    """Return the title, publication date, bare source URL and first body line."""
    title, published, url = "", None, ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        date = _date_line(line)
        if date:
            published = published or date
            continue
        bare = _BARE_URL.match(line)
        if bare:
            url = url or bare.group(1)
            continue
        label = _LABEL.match(line)
        if label:
            rest = line[label.end() :].strip(" :–—-|")
            if len(rest.split()) < 3:
                continue
            line = rest
        if not title and _is_title(line):
            title = _clean_title(line)
            continue
        return title, published, url, index
    return title, published, url, len(lines)


def fallback_date(lines, start, end, warnings):
    """Find the publication date outside the header, or raise ParseError."""
    first = next((index for index in range(start, end) if lines[index].strip()), None)
    if first is not None:
        for date, match in full_dates(lines[first][:100]):
            if match.start() < 60:
                return date
            break
    for index in range(start, len(lines)):
        date = _date_line(lines[index].strip())
        if date:
            lines[index] = ""
            return date
    for index, line in enumerate(lines):
        for date, _ in full_dates(line):
            warnings.append(f"publication date taken from the text at line {index + 1}")
            return date
    raise ParseError("no publication date found")

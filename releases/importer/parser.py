"""Parse the text of one release into a ParsedRelease."""

from .contacts import find_foot, parse_contacts
from .header import fallback_date, read_header, take_source_link
from .limits import check_limits
from .nations import partner_nations
from .opening import find_event, summarise
from .people import People
from .quotes import people_and_quotes
from .records import ParsedRelease, ParseError
from .text import body_units, language

_ANALYSIS_LIMIT = 200_000


def parse_release(text: str) -> ParsedRelease:
    """Parse the text of one release; raise ParseError when it is not one."""
    if not isinstance(text, str):
        raise ParseError("not a text")
    try:
        return _parse(text)
    except ParseError:
        raise
    except Exception as error:  # callers rely on ParseError being the only failure
        raise ParseError(f"could not parse the release: {error!r}") from error


def _parse(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    if not any(lines):
        raise ParseError("empty release")
    warnings = []
    source_url = take_source_link(lines)
    title, published, bare_url, body_start = read_header(lines)
    if not title:
        line = body_start + 1 if body_start < len(lines) else None
        raise ParseError("no title found", line=line)
    foot = find_foot(lines, body_start)
    if published is None:
        published = fallback_date(lines, body_start, foot, warnings)
    units = body_units(lines, body_start, foot)
    body = "\n\n".join(text for text, _, _ in units)
    starts = []
    offset = 0
    for unit_text, _, _ in units:
        starts.append(offset)
        offset += len(unit_text) + 2
    opening = next(
        (text for text, _, is_list in units if not is_list and text[:1] != "#"), ""
    )
    event_place, event_date = find_event(opening, published)
    check_limits(lines, published, event_date, units)
    if len(body) > _ANALYSIS_LIMIT:
        warnings.append(
            f"only the first {_ANALYSIS_LIMIT} characters were searched for people, "
            "quotes and nations"
        )
    analysed = body[:_ANALYSIS_LIMIT]
    named = People(analysed)
    speakers, people, quotes = people_and_quotes(named, starts, units, warnings)
    nations, categories = partner_nations(f"{title}\n\n{analysed}", named.all_names())
    contacts = parse_contacts(lines[foot:])
    if not contacts:
        warnings.append("no contacts found")
    return ParsedRelease(
        title=title,
        published_on=published,
        language=language(f"{title} {body[:20000]}"),
        source_url=source_url or bare_url,
        event_place=event_place,
        event_date=event_date,
        summary=summarise(opening),
        body=body,
        speakers=speakers,
        people=people,
        quotes=quotes,
        contacts=contacts,
        nations=nations,
        nation_categories=categories,
        warnings=warnings,
    )

"""Find the quotations in a release body and who said them."""

import bisect
import re

from django.utils.translation import gettext as _

from .people import PRONOUN, VERB, WORD, role_word
from .records import ParsedQuote, ParsedSpeaker
from .text import split_sentences

_FINAL_PUNCTUATION = (".", "!", "?", "…")
_ACCORDING = re.compile(
    r"^(?:according to|in the words of|selon|d[’']après|for|pour)\s", re.IGNORECASE
)


def _quote_spans(body, paragraph_starts):
    """Return (open, close, mark, is_closed) for each quotation, outermost first."""
    spans = []
    for opener, closer in (("“", "”"), ("«", "»"), ('"', '"')):
        spans.extend(_spans_of(body, paragraph_starts, opener, closer))
    spans.sort()
    kept = []
    for span in spans:
        if not kept or span[0] > kept[-1][1]:
            kept.append(span)
    return kept


def _spans_of(body, paragraph_starts, opener, closer):
    """Return the quotations marked by opener and closer. One whose closing mark
    is missing ends with its paragraph, unless another one opens in the same
    paragraph (then the first mark was a stray one)."""

    def paragraph(position):
        return bisect.bisect_right(paragraph_starts, position) - 1

    def left_open():
        """Keep the quotation opened at start, whose last paragraph is index."""
        end = len(body)
        if index + 1 < len(paragraph_starts):
            end = min(end, paragraph_starts[index + 1] - 2)
        if _is_opening(body, start, opener):
            spans.append((start, end, opener, False))

    spans, start, start_paragraph, index = [], None, 0, 0
    for mark in re.finditer(f"[{opener}{closer}]", body):
        position, char = mark.start(), mark.group()
        current = paragraph(position)
        at_paragraph_start = position == paragraph_starts[current]
        if start is not None and current - start_paragraph > 5:
            left_open()
            start = None
        if start is None:
            following = body[position + 1 : position + 2]
            if char == opener or (
                opener == "“" and (following.isalnum() or following == "*")
            ):
                start, start_paragraph = position, current
                index = current
            continue
        crossing = current != start_paragraph
        if char == opener and (opener != closer or at_paragraph_start):
            if at_paragraph_start and crossing and current == index + 1:
                index = current
            else:
                if crossing:
                    left_open()
                start, start_paragraph = position, current
                index = current
            continue
        if crossing and opener != "«":
            between = range(start_paragraph + 1, current + 1)
            if any(body[paragraph_starts[k]] != opener for k in between):
                left_open()
                start = position if opener == closer else None
                start_paragraph = index = current
                continue
        spans.append((start, position, opener, True))
        start = None
    if start is not None:
        left_open()
    return spans


def _is_opening(body, position, opener):
    """Tell whether a mark left open opens a quotation (not 10" or a stray mark)."""
    if not body[position + 1 : position + 2].strip(" \u00a0"):
        return opener == "«" and bool(body[position + 1 : position + 3].strip())
    return opener != '"' or position == 0 or body[position - 1] in " \u00a0\n(:–—-"


def _quote_text(inner, opener):
    paragraphs = []
    for paragraph in inner.split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph.startswith(opener):
            paragraph = paragraph[1:].strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _with_final_punctuation(text, after):
    """Return the quotation ending with its punctuation: its own, else the mark
    just after its closing quotation mark. A comma there stands for the full stop
    that the attribution ("…,” he said) interrupts, and becomes one."""
    core = text.rstrip("*_")
    emphasis = text[len(core) :]
    if core.endswith(","):
        core = core[:-1].rstrip() + "."
    elif not core.endswith(_FINAL_PUNCTUATION):
        if after in _FINAL_PUNCTUATION:
            core += after
        elif after == ",":
            core += "."
    return core + emphasis


def _sentence_tail(text):
    """Return the unfinished last sentence of text ("" if text ends a sentence)."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?":
        return ""
    return (split_sentences(stripped) or [""])[-1]


def _attribute(people, opening, closing, paragraph_starts, speakers, after_quote):
    """Return who said the quotation between opening and closing, or None."""
    body = people.body
    limit = min(len(body), closing + 250)
    paragraph_end = body.find("\n\n", closing, limit)
    limit = limit if paragraph_end < 0 else paragraph_end
    start = closing + 1
    while start < limit and body[start] in " ,\u00a0–—-":
        start += 1
    for mark in '“«"':
        found = body.find(mark, start, limit)
        limit = found if found >= 0 else limit
    trail = body[start:limit]
    if trail and not trail.startswith("."):
        if PRONOUN.match(trail):
            return people.last_before(opening, speakers)
        verb = VERB.match(trail)
        if verb:
            after = start + verb.end()
            end = min(limit, after + 120)
            named = people.named_in(after, end)
            person = (
                (people.canonical(named[0][2]) if named else None)
                or people.surname_in(after, min(limit, after + 40))
                or people.role_in(after, end)
            )
            if person:
                return person
        named = people.named_in(start, min(limit, start + 100))
        if named and all(role_word(word) for word in body[start : named[0][0]].split()):
            tail = body[named[0][1] : min(limit, named[0][1] + 120)].split(". ")[0]
            verb = VERB.search(tail)
            if verb and not tail[verb.end() :].lstrip().startswith(":"):
                return people.canonical(named[0][2])
        first = WORD.match(trail)
        if first and first.group() in people.surnames:
            if VERB.match(trail, first.end() + 1):
                return people.surnames[first.group()]
    paragraph = bisect.bisect_right(paragraph_starts, opening) - 1
    lead_from = max(paragraph_starts[paragraph], opening - 400, after_quote)
    segment = body[lead_from:opening].rstrip()
    lead = _sentence_tail(segment)
    lead_start = lead_from + len(segment) - len(lead)
    if not lead and opening == paragraph_starts[paragraph] and paragraph > 0:
        previous = body[paragraph_starts[paragraph - 1] : opening].rstrip()
        if previous.endswith(":"):
            lead = (split_sentences(previous) or [""])[-1]
            lead_start = paragraph_starts[paragraph - 1] + len(previous) - len(lead)
    return _attribute_lead(people, lead, lead_start, speakers)


def _attribute_lead(people, lead, lead_start, speakers):
    stripped = lead.rstrip(" \u00a0")
    if not stripped:
        return None
    verbs = list(VERB.finditer(stripped))
    if not (stripped[-1] in ":," or verbs or stripped.endswith(("that", "que", "qu’"))):
        return None
    lead_end = lead_start + len(stripped)
    named = people.named_in(lead_start, lead_end)
    if verbs:
        verb = lead_start + verbs[-1].start()
        before = [name for name in named if name[1] <= verb]
        if before:
            return people.canonical(before[-1][2])
        if re.search(r"\b(?:he|she|il|elle)\s*$", stripped[: verbs[-1].start()], re.I):
            return people.last_before(lead_start, speakers)
        after = [name for name in named if name[0] >= verb]
        if after:
            return people.canonical(after[0][2])
    if named and (_ACCORDING.match(stripped) or stripped.endswith(":")):
        return people.canonical(named[0 if _ACCORDING.match(stripped) else -1][2])
    if verbs or stripped.endswith(":"):
        return people.surname_in(lead_start, lead_end) or people.role_in(
            lead_start, lead_end
        )
    return None


def people_and_quotes(people, paragraph_starts, units, warnings):
    """Return the speakers (the people quoted), the other people named with a role,
    and the attributed quotations of a release body (read into ``people``)."""
    body = people.body
    if not body:
        return [], [], []
    spans = _quote_spans(body, paragraph_starts)

    def _line_of(position):
        return units[bisect.bisect_right(paragraph_starts, position) - 1][1]

    openings = [opening for opening, *_ in spans]
    people.mentions = [
        (position, person)
        for position, person in people.mentions
        if not (index := bisect.bisect_right(openings, position))
        or position > spans[index - 1][1]
    ]
    quotes, quoted, previous = [], [], None
    for opening, closing, mark, is_closed in spans:
        text = _quote_text(body[opening + 1 : closing], mark)
        if len(text.split()) < 3:
            continue
        if is_closed:
            text = _with_final_punctuation(text, body[closing + 1 : closing + 2])
        if not is_closed:
            warnings.append(
                _(
                    "quotation mark not closed at line %(line)d: the quote was "
                    "taken to the end of its paragraph"
                )
                % {"line": _line_of(opening)}
            )
        after_quote = previous[0] + 1 if previous else 0
        speaker = _attribute(
            people, opening, closing, paragraph_starts, quoted, after_quote
        )
        if speaker is None and previous and opening - previous[0] < 250:
            between = body[previous[0] + 1 : opening]
            others = {
                people.canonical(name)
                for _, _, name in people.named_in(previous[0], opening)
            }
            if between.count("\n\n") <= 1 and others <= {previous[1]}:
                speaker = previous[1]
        if speaker is None:
            if len(text.split()) >= 8:
                line = _line_of(opening)
                warnings.append(f"quote without identifiable speaker at line {line}")
            continue
        quotes.append(ParsedQuote(speaker, people.roles.get(speaker, ""), text))
        quoted.append(speaker)
        previous = (closing, speaker)
    speakers = _in_order_of_mention(people, set(quoted))
    named = _in_order_of_mention(people, people.introduced - set(quoted))
    return speakers, named, quotes


def _in_order_of_mention(people, names):
    last = len(people.body)
    order = sorted(names, key=lambda name: people.first_seen.get(name, last))
    return [ParsedSpeaker(name, people.roles.get(name, "")) for name in order]

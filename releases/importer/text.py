"""Decode release files and split their text; tell its language."""

import re

from .records import ParseError


def word_set(text):
    return frozenset(text.split())


BULLET = re.compile(r"^(?:[-•·▪◦‣–—+]|\*(?=\s))\s+")
NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
_SPACES = re.compile(r"[ \t]{2,}|\t")
WS = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[.!?][”\"»)]?\s+(?=[^\sa-z])|\n\n")
_ABBREVIATIONS = word_set("Mr Mrs Ms Dr St Prof M Mme Jr Inc Ltd Co No vs Gen Sen Rep")
_FRENCH_WORDS = word_set(
    "le la les des du et est une pour dans avec sur que qui au aux"
)
_ENGLISH_WORDS = word_set("the and of to is in with for that by its are was has")
LETTERS = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """Decode a release file: UTF-8 with or without BOM, else Windows-1252."""
    if b"\x00" in data:
        raise ParseError("not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ParseError("not a text file") from None
    if len(_CONTROL.findall(text)) > 1 + len(text) // 100:
        raise ParseError("not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_units(lines, start, end):
    """Return (markdown, line number, is_list) for each paragraph or list."""
    units = []
    previous = ""
    for index in range(start, end):
        raw = lines[index]
        line = _SPACES.sub(" ", raw.strip())
        if not line:
            previous = ""
            continue
        bullet = BULLET.match(line)
        number = _list_number(line, previous, units)
        if bullet or number:
            item = (
                f"{number}. {line[NUMBERED.match(line).end() :]}"
                if number
                else "- " + line[bullet.end() :]
            )
            if previous and units[-1][2]:
                units[-1][0].extend(("\n", item))
                units[-1][3] = number
            else:
                units.append([[item], index + 1, True, number])
        elif previous and (
            (units[-1][2] and raw[:1].isspace())
            or (40 <= len(previous) <= 100 and previous[-1] not in '.!?:;”"»')
        ):
            units[-1][0].extend((" ", line))
        else:
            units.append([[line], index + 1, False, None])
        previous = line
    return [("".join(parts), number, is_list) for parts, number, is_list, _ in units]


def _list_number(line, previous, units):
    """Return the number of a numbered list item ("1. …"), or None: a list starts
    at 1 in a new paragraph or after a colon, and goes on one by one."""
    match = NUMBERED.match(line)
    if not match:
        return None
    number = int(match.group(1))
    if previous and units[-1][3] is not None:
        return number if number == units[-1][3] + 1 else None
    if number == 1 and (not previous or previous.endswith(":")):
        return number
    return None


def split_sentences(text):
    """Split plain text into sentences, keeping initials and abbreviations whole."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].split()
        word = before[-1] if before else ""
        word = word.lstrip('(“"«')
        if match.group() != "\n\n" and (
            len(word) == 1 or word in _ABBREVIATIONS or "." in word
        ):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def language(text):
    words = LETTERS.findall(text.lower())
    french = sum(word in _FRENCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "fr" if french > english else "en"

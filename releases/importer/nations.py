"""Find the partner nations a release mentions and how the text ranks them."""

import bisect
import re

from .nation_names import LEXICON
from .text import LETTERS, SENTENCE_END, WS, word_set

_CUES = re.compile(
    r"\b(?:(?P<new>new(?:\s+space)?\s+entrants?|newcomers?|emerging|nouveaux\s+entrants"
    r"|nouveaux\s+acteurs|nouvelles\s+puissances|émergente?s?|pays\s+émergents)"
    r"|(?P<old>historic(?:al)?|long[-\s]standing|established|leading|traditional"
    r"|foundational|major\s+space\s+(?:powers|nations)|space\s+powers|historiques?"
    r"|traditionnel(?:le)?s?|de\s+longue\s+date|grandes\s+puissances"
    r"|puissances\s+spatiales|partenaires\s+majeurs))\b",
    re.IGNORECASE,
)


def _lexicon_widths():
    """Map each first word of a country form to the longest form's word count."""
    widths = {}
    for key in LEXICON:
        parts = LETTERS.findall(key)
        widths[parts[0]] = max(widths.get(parts[0], 0), len(parts))
    return widths


_LEXICON_WIDTH = _lexicon_widths()


_PLACE_WORDS = word_set("in to from of the with en au aux la le l de du des d à avec")


def _person_index(names):
    """Map each country word of the people's names to (name, offset in name)."""
    index = {}
    for name in names:
        for word in LETTERS.finditer(name):
            if word.group() in LEXICON:
                index.setdefault(word.group(), []).append((name, word.start()))
    return index


def _names_a_person(tokens, index, text, people, surnames):
    """Tell whether the country word at tokens[index] is part of a person's name:
    "François Hollande", "Chad Frost", or "Hollande" alone once he was named."""
    token = tokens[index]
    for name, offset in people.get(token.group(), ()):
        start = token.start() - offset
        if start >= 0 and WS.sub(" ", text[start : start + len(name)]) == name:
            return True
    if token.group() not in surnames:
        return False
    if not index:
        return True
    previous = tokens[index - 1]
    gap = text[previous.end() : token.start()]
    return not (previous.group().lower() in _PLACE_WORDS and not gap.strip(" \u00a0’'"))


def partner_nations(text, people=()):
    """Return partner nation codes in order of first mention, and their categories.

    ``people`` are the names of the people the text names: a country word in
    one of them ("François Hollande") is not a nation.
    """
    names = _person_index(people)
    surnames = {name.split()[-1] for name in people}
    tokens = list(LETTERS.finditer(text))
    mentions = []
    index = 0
    while index < len(tokens):
        width = _LEXICON_WIDTH.get(tokens[index].group(), 0)
        step = 1
        for size in range(min(width, len(tokens) - index), 0, -1):
            end = tokens[index + size - 1].end()
            key = WS.sub(" ", text[tokens[index].start() : end])
            code = LEXICON.get(key)
            if code is None:
                continue
            step = size
            if code and not (
                size == 1 and _names_a_person(tokens, index, text, names, surnames)
            ):
                mentions.append((tokens[index].start(), code))
            break
        index += step
    codes = list(dict.fromkeys(code for _, code in mentions))
    return codes, _categories(text, mentions)


def _categories(text, mentions):
    """Split nations into established partners and new entrants when the text does."""
    cues = [
        (match.start(), "new_entrant" if match.group("new") else "partner")
        for match in _CUES.finditer(text)
    ]
    if len({kind for _, kind in cues}) < 2:
        return {}
    sentence_starts = [0] + [match.end() for match in SENTENCE_END.finditer(text)]
    cue_positions = [position for position, _ in cues]
    mention_positions = [position for position, _ in mentions]
    categories = {}

    def sentence_of(position):
        return bisect.bisect_right(sentence_starts, position) - 1

    for position, code in mentions:
        if code in categories:
            continue
        index = bisect.bisect_right(cue_positions, position)
        sentence = sentence_of(position)
        if index and sentence_of(cues[index - 1][0]) == sentence:
            categories[code] = cues[index - 1][1]
        elif index < len(cues) and sentence_of(cues[index][0]) == sentence:
            categories[code] = cues[index][1]
        elif index and sentence_of(cues[index - 1][0]) == sentence - 1:
            cue = cues[index - 1][0]
            following = mention_positions[bisect.bisect_right(mention_positions, cue)]
            if following >= sentence_starts[sentence]:
                categories[code] = cues[index - 1][1]
    return categories if len(set(categories.values())) == 2 else {}

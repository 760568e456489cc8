"""Find partner nations by what an editor types in the nation box.

A plain ``icontains`` search finds "India" inside "British Indian Ocean Territory"
as readily as India itself, and knows neither "USA" nor "Russie". ``rank_nations()``
reads each nation's code, English and French names, and the usual short names
and adjectives the importer also recognises (UK, USA, UAE, Corée, chinois...),
and puts the best matches first: an exact name, then a name that starts with
what was typed, then a word inside a name, then any part of a name.
"""

import re
import unicodedata
from functools import lru_cache

from .importer.nation_names import ENGLISH_ALIASES, FRENCH_ALIASES

EXACT, PREFIX, WORD, PART = range(4)

SEPARATORS = re.compile(r"[\s’'\-,()]+")


@lru_cache(maxsize=4096)
def normalise(text):
    """Return ``text`` as it is compared: no accents, case, dots or hyphens."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return SEPARATORS.sub(" ", plain.casefold().replace(".", "")).strip()


def _aliases():
    aliases = {}
    for table in (ENGLISH_ALIASES, FRENCH_ALIASES):
        for code, names in table.items():
            aliases.setdefault(code, []).extend(names.split("|"))
    return aliases


ALIASES = _aliases()


def match_rank(term, code, names):
    """Return how well the normalised ``term`` matches a nation's ``code`` or one
    of its ``names`` (EXACT is best), or None."""
    if term == code.casefold():
        return EXACT
    ranks = []
    for name in names:
        name = normalise(name)
        if name == term:
            return EXACT
        if name.startswith(term):
            ranks.append(PREFIX)
        elif f" {term}" in f" {name}":
            ranks.append(WORD)
        elif term in name:
            ranks.append(PART)
    return min(ranks, default=None)


def rank_nations(term, nations, sort_key):
    """Return the ``nations`` (objects with ``code``, ``name_en`` and ``name_fr``)
    that ``term`` names, best matches first, then in the order of ``sort_key``."""
    term = normalise(term)
    ranked = []
    for nation in nations:
        names = [nation.name_en, nation.name_fr, *ALIASES.get(nation.code, ())]
        rank = match_rank(term, nation.code, names)
        if rank is not None:
            ranked.append((rank, sort_key(nation), nation))
    return [nation for _rank, _key, nation in sorted(ranked, key=lambda r: r[:2])]

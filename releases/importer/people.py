"""Find the people a release names, their roles, and the verbs that report speech."""

import bisect
import re

from .dates import MONTHS, WEEKDAYS
from .nation_names import LEXICON, NAME_LIKE, SURNAME_LIKE
from .text import WS, word_set

_EN_VERBS = (
    "said|says|commented|comments|stated|states|declared|declares|added|adds|"
    "explained|explains|noted|notes|remarked|remarks|emphasi[sz]ed|emphasi[sz]es|"
    "stressed|stresses|underlined|underlines|underscored|underscores|pointed out|"
    "points out|observed|observes|concluded|concludes|continued|continues|affirmed|"
    "affirms|announced|announces|told|recalled|recalls|indicated|indicates|"
    "highlighted|highlights|insisted|insists|enthused|welcomed|welcomes|summed up|"
    "sums up|confirmed|confirms|acknowledged|acknowledges|asserted|asserts|"
    "reiterated|reiterates|went on|replied|replies|wrote|writes"
)
_FR_PARTICIPLES = (
    "déclaré|ajouté|souligné|indiqué|commenté|affirmé|expliqué|précisé|rappelé|estimé|"
    "conclu|salué|insisté|noté|annoncé|confié|dit|poursuivi|réagi|résumé|relevé|"
    "observé|martelé|assuré|confirmé|témoigné|jugé|considéré|lancé|fait valoir"
)
_FR_PRESENT = (
    "déclare|ajoute|souligne|indique|commente|affirme|explique|précise|rappelle|"
    "estime|conclut|salue|insiste|note|annonce|confie|dit|poursuit|réagit|résume|"
    "relève|observe|martèle|assure|confirme|témoigne|juge|considère"
)
VERB = re.compile(
    rf"\b(?:{_EN_VERBS}|(?:(?:a|ont|avait)(?:-t-(?:il|elle)s?)?\s+)?(?:{_FR_PARTICIPLES})"
    rf"|{_FR_PRESENT}|s[’']est\s+(?:félicité|réjoui)e?|se\s+(?:félicite|réjouit))\b"
)
PRONOUN = re.compile(
    rf"^\W*(?:(?:he|she|il|elle)\s+(?:has\s+|a\s+)?(?:{_EN_VERBS}|{_FR_PARTICIPLES}|"
    rf"{_FR_PRESENT})\b|(?:{_EN_VERBS})\s+(?:he|she)\b|(?:a|ont)-t-(?:il|elle)"
    rf"|(?:{_FR_PRESENT})-(?:t-)?(?:il|elle)\b)",
    re.IGNORECASE,
)
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ROLE_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|\S")
PARTICLES = word_set("de du des da di van von der den del della la le bin ben al el")
ROLE_KEYS = word_set(
    "president président présidente chairman chairwoman chair chairperson ceo coo cfo "
    "cto pdg p-dg dg director directeur directrice administrator administrateur "
    "administratrice minister ministre secretary secrétaire chief head chef officer "
    "manager responsable astronaut astronaute ambassador ambassadeur ambassadrice "
    "deputy adjoint adjointe founder fondateur fondatrice scientist scientifique "
    "engineer ingénieur ingénieure spokesperson spokesman spokeswoman porte-parole "
    "governor gouverneur mayor maire professor professeur researcher chercheur "
    "chercheuse coordinator coordinateur coordinatrice représentant représentante "
    "representative délégué déléguée delegate commissioner commissaire senator "
    "sénateur député députée prefect préfet attaché attachée"
)
_ROLE_FILLERS = word_set(
    "general général générale vice operating executive financial technical technique "
    "scientific programme program project projet mission space spatial spatiale "
    "international affairs relations research recherche innovation strategy foreign "
    "higher education armed forces economy finance defence defense industry digital "
    "science sciences exploration launch launcher launchers lanceurs payload payloads "
    "earth observation applications communication communications press presse media "
    "of for de du des d’ d' & the la le l’ l' en chargé chargée principal investigator"
)
_DETERMINERS = word_set("the a an le la les l’ l' un une our notre its son sa")
STARTERS = word_set(
    "The This These That A An In On At After Before During For With From By To As Its "
    "It Their Our We He She They His Her Today Yesterday Tomorrow Also Lastly Finally "
    "Moreover However Since When While Through Thanks Following Under Over Between "
    "Among And But Or If So Le La Les L Un Une Des Du De Ce Cette Ces Dans Pour Par "
    "Avec Sur Lors Après Avant Depuis Selon Aujourd Hier Demain Enfin Ainsi En Au Aux "
    "Il "
    "Elle Ils Elles Nous Son Sa Ses Leur Leurs Notre Nos Mr Mrs Ms Dr Prof Sir Dame "
    "Madame Monsieur Mme Mlle M Former Late Ancien Ancienne Both Each Every All"
)
NOT_NAME = (
    STARTERS
    | {word.capitalize() for word in ROLE_KEYS | _ROLE_FILLERS}
    | {month.capitalize() for month in MONTHS if len(month) > 4}
    | {day.capitalize() for day in WEEKDAYS.split("|")}
    | word_set(
        "Space Spatial Spatiale Spatiales Agency Agence Centre Center Forum Office "
        "Observatory Summit Mission Programme Program Satellite Satellites University "
        "Université Institute Institut Ministry Ministère Council Conseil Day Week "
        "Year "
        "Conference Congress Salon Station Air Show Exploration Research Sciences Lab "
        "Laboratory Laboratoire National Nationale Nationales International "
        "Internationale European Européenne Européen Union Republic République "
        "Government Gouvernement Foundation Fondation Group Groupe Company Corporation "
        "Industries Aerospace Airbus Thales Ariane Arianespace Vega Soyuz Mars Moon "
        "Earth Lune Terre Sun Soleil Climate Climat Observation Ocean Océan Sea "
        "Committee Comité Board Assembly Assemblée Senate Sénat Parliament Parlement "
        "Embassy Ambassade Headquarters Campus City Port Base Launch Launcher Lanceur "
        "Orbit Orbital System Systems Network Partnership Agreement Accord Memorandum "
        "Declaration Déclaration Charter Charte Initiative Plan Strategy Stratégie "
        "Award Prize Prix Medal Médaille Team Équipe Association Society Club Festival "
        "Seminar Séminaire Workshop Affairs Summit Europe France French Français "
        "Française United South North New Saudi Kingdom Arab Emirates States Nations "
        "Guiana Guyane Paris Toulouse Kourou Press Presse Media Médias Contact "
        "Contacts "
        "Service Relations Communication Direction Department Département Online Voir "
        "View Published Publié Page Photo Credit Crédit Copyright Read Lire About "
        "Propos Martian Lunar Solar Planet Summit Climate Ministre Secretary General"
    )
    | {key for key in LEXICON if " " not in key and key not in NAME_LIKE}
)
_COMPLEMENT = word_set("of de du des after")
INSTITUTION_WORDS = word_set(
    "Academy Académie Administration Agency Agence Association Authority Autorité "
    "Bureau Center Centre Commission Committee Comité Company Compagnie Consortium "
    "Corporation Council Conseil Department Département Directorate Foundation "
    "Fondation Group Groupe Institute Institut Laboratory Laboratoire Ministry "
    "Ministère Observatory Observatoire Office Organisation Organization Partnership "
    "School École Service Services Society Société University Université"
)


def _is_name_token(token):
    if token[:2] in ("d’", "d'"):
        return token[2:3].isupper()
    return token[0].isupper() and (len(token) == 1 or not token.isupper())


def _close_run(text, run, found):
    while run and run[-1][2].lower() in PARTICLES:
        run.pop()
    capitals = [token for _, _, token in run if token.lower() not in PARTICLES]
    if 2 <= len(capitals) <= 5 and len(run[-1][2]) > 1:
        start, end = run[0][0], run[-1][1]
        found.append((start, end, WS.sub(" ", text[start:end])))
    run.clear()


def _capitalised_around(text, start, end):
    """Return the capitalised words joined to text[start:end] by single spaces,
    going back no further than a role ("NASA Administrator Jim…")."""
    words = []
    for match in reversed(list(WORD.finditer(text, max(0, start - 150), start))):
        if text[match.end() : start] not in (" ", "\u00a0"):
            break
        if not match.group()[0].isupper() or _is_role_key(match.group()):
            break
        words.append(match.group())
        start = match.start()
    for match in WORD.finditer(text, end, min(len(text), end + 150)):
        if text[end : match.start()] not in (" ", "\u00a0"):
            break
        if not match.group()[0].isupper():
            break
        words.append(match.group())
        end = match.end()
    return words


def _in_institution_name(text, start, end):
    """Tell whether capitalised words name an institution, not a person:
    "Korea Meteorological Administration", "Mohammed bin Rashid Space Centre"."""
    words = text[start:end].split() + _capitalised_around(text, start, end)
    return any(word in INSTITUTION_WORDS for word in words)


def _is_country_name(name):
    """Tell whether a name ends with a country's name of several words."""
    words = name.split()
    return any(" ".join(words[index:]) in LEXICON for index in range(len(words) - 1))


def _person_names(text):
    """Return (start, end, name) for each run of two to five capitalised words
    that names neither an institution nor a country ("Equatorial Guinea")."""
    return [
        (start, end, name)
        for start, end, name in _capitalised_runs(text)
        if not _is_country_name(name) and not _in_institution_name(text, start, end)
    ]


def _capitalised_runs(text):
    """Return (start, end, name) for each run of two to five capitalised words."""
    found, run = [], []
    for match in WORD.finditer(text):
        token, start = match.group(), match.start()
        possessive = token.endswith(("’s", "'s"))
        if possessive:
            token = token[:-2]
        if run:
            gap = text[run[-1][1] : start]
            if gap not in (" ", "\u00a0") and not (
                gap == ". " and len(run[-1][2]) == 1
            ):
                _close_run(text, run, found)
        if run and token.lower() in PARTICLES:
            run.append((start, start + len(token), token))
        elif _is_name_token(token) and (
            token not in NOT_NAME or (run and token in SURNAME_LIKE)
        ):
            if not run and token[:2] in ("d’", "d'"):
                start, token = start + 2, token[2:]
            run.append((start, start + len(token), token))
        else:
            _close_run(text, run, found)
        if possessive:
            _close_run(text, run, found)
    _close_run(text, run, found)
    return found


def _is_role_key(word):
    word = word.lower().strip(".,")
    return word in ROLE_KEYS or any(part in ROLE_KEYS for part in word.split("-"))


def role_word(token):
    lower = token.lower()
    if _is_role_key(token) or lower in _ROLE_FILLERS or lower[:2] in ("l’", "l'", "d’"):
        return True
    return token[0].isupper() and token not in STARTERS


def _role_before(text, start):
    """Return a role written just before a name: "CNES President Jean-Yves…"."""
    window = text[max(0, start - 150) : start]
    if not window.endswith((" ", "\u00a0")):
        return ""
    kept = []
    for match in reversed(list(_ROLE_TOKEN.finditer(window))):
        if len(kept) == 10 or not role_word(match.group()):
            break
        kept.append(match)
    kept.reverse()
    while kept and (
        kept[0].group() in STARTERS
        or kept[0].group().lower() in _DETERMINERS
        or kept[0].group().lower() in _ROLE_FILLERS - ROLE_KEYS
        and not kept[0].group()[0].isupper()
    ):
        kept.pop(0)
    if not kept or not any(_is_role_key(match.group()) for match in kept):
        return ""
    before = window[: kept[0].start()].split()
    if before and before[-1].lower() in ("former", "late", "ancien", "ancienne", "feu"):
        return ""
    return window[kept[0].start() : kept[-1].end()]


def _role_apposition(text, start):
    """Return a role given before a name and a comma: "le président du CNES, …"."""
    window = text[max(0, start - 120) : start].rstrip(" \u00a0")
    if not window.endswith(","):
        return ""
    head = re.sub(r"\s*\([^()]{0,40}\)$", "", window[:-1])
    clause = re.split(r"[,.;:!?()“”«»\"\n]", head)[-1].strip()
    for determiner in re.finditer(r"\b(?:the|le|la|l’|l')\s*", clause, re.IGNORECASE):
        role = clause[determiner.end() :]
        words = role.split()
        if len(words) <= 10 and any(_is_role_key(word) for word in words[:3]):
            return role
    return ""


def _role_after(text, end):
    """Return a role given after a name: "Jean-Yves Le Gall, President of CNES,"."""
    window = text[end : end + 160]
    if not window.startswith((", ", ",\u00a0", " (")):
        return ""
    phrase = re.split(r"[,;:.()“”«»\"\n]", window[2:])[0]
    verb = VERB.search(phrase)
    if verb:
        phrase = phrase[: verb.start()]
    for conjunction in re.finditer(r"\s(?:and|et)\s+([A-ZÀ-Ý][\w’'\-]*)", phrase):
        if conjunction.group(1) not in NOT_NAME:
            phrase = phrase[: conjunction.start()]
            break
    words = phrase.split()
    while words and words[0].lower() in _DETERMINERS:
        words.pop(0)
    if words and words[0].lower()[:2] in ("l’", "l'"):
        words[0] = words[0][2:]
    if not 1 <= len(words) <= 12:
        return ""
    if not any(_is_role_key(word) for word in words[:4]):
        return ""
    return " ".join(words)


def _is_complement(text, position):
    """Tell whether the mention at position complements a noun ("the work of X")."""
    if text[max(0, position - 2) : position] in ("d’", "d'"):
        return True
    previous = text[max(0, position - 60) : position].split()[-3:]
    if previous and previous[-1].islower() and previous[-1] not in _COMPLEMENT:
        previous.pop()
    return (
        bool(previous)
        and previous[-1] in _COMPLEMENT
        and (len(previous) < 2 or previous[-2].lower() not in ("presence", "présence"))
    )


class People:
    """The people named in a release body, with their roles and mentions."""

    def __init__(self, body):
        self.body = body
        self.names = _person_names(body)
        self.name_starts = [start for start, _, _ in self.names]
        self.roles = {}
        self.first_seen = {}
        self.surnames = {}
        self.mentions = []
        self.introduced = set()
        for start, end, name in self.names:
            person = self.canonical(name)
            before = _role_before(body, start)
            role = before or _role_after(body, end) or _role_apposition(body, start)
            if person not in self.roles:
                self.roles[person] = role
                self.first_seen[person] = start
                parts = person.split()
                for index in range(1, len(parts)):
                    if parts[index].lower() not in PARTICLES:
                        self.surnames.setdefault(" ".join(parts[index:]), person)
            elif role and not self.roles[person]:
                self.roles[person] = role
            mention = start - len(before) - 1 if before else start
            if role and not _is_complement(body, mention):
                self.introduced.add(person)
            self.mentions.append((start, person))

    def all_names(self):
        """Return every name found, as written: "Jean-Yves Le Gall", "Le Gall"."""
        return {name for _, _, name in self.names}

    def canonical(self, name):
        return name if name in self.roles else self.surnames.get(name, name)

    def named_in(self, start, end):
        index = bisect.bisect_left(self.name_starts, start)
        found = []
        while index < len(self.names) and self.names[index][1] <= end:
            found.append(self.names[index])
            index += 1
        return found

    def surname_in(self, start, end):
        for match in WORD.finditer(self.body, start, end):
            token = match.group()
            token = token[:-2] if token.endswith(("’s", "'s")) else token
            if token in self.surnames and _is_name_token(token):
                return self.surnames[token]
        return None

    def role_in(self, start, end):
        window = self.body[start:end].lower()
        for person, role in self.roles.items():
            if role and role.lower() in window:
                return person
        return None

    def last_before(self, position, speakers):
        """Return the person last named before position, outside quotations."""
        index = bisect.bisect_left(self.mentions, (position, ""))
        if index and self.mentions[index - 1][0] > position - 1500:
            return self.mentions[index - 1][1]
        return speakers[-1] if speakers else None

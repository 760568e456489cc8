"""Parse CNES plain-text press releases, in English or French, into structured data.

Pure text processing: nothing here touches the database.
"""

import bisect
import datetime
import re
from dataclasses import dataclass

from releases.nation_names import NAME_LIKE, build_lexicon


@dataclass(frozen=True)
class ParsedSpeaker:
    name: str
    role: str


@dataclass(frozen=True)
class ParsedQuote:
    speaker: str
    role: str
    text: str


@dataclass(frozen=True)
class ParsedContact:
    name: str
    role: str
    phone: str
    email: str


@dataclass
class ParsedRelease:
    title: str
    published_on: datetime.date
    language: str
    source_url: str
    event_place: str
    event_date: datetime.date | None
    summary: str
    body: str
    speakers: list[ParsedSpeaker]
    quotes: list[ParsedQuote]
    contacts: list[ParsedContact]
    nations: list[str]
    nation_categories: dict[str, str]
    warnings: list[str]


class ParseError(ValueError):
    """Raised when a file cannot be read as a release."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


def _words(text):
    return frozenset(text.split())


_MONTH_NAMES = (
    "january jan janvier|february feb février fevrier|march mars|april apr avril|"
    "may mai|june juin|july juillet|august aug août aout|september sept sep septembre|"
    "october oct octobre|november nov novembre|december dec décembre decembre"
)
_MONTHS = {
    name: number
    for number, names in enumerate(_MONTH_NAMES.split("|"), start=1)
    for name in names.split()
}
_M = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_ORD = r"(?:st|nd|rd|th|er|ᵉʳ)?"
_FULL_DATE = re.compile(
    rf"\b(?P<d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m>{_M})\b\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{_M})\b\.?\s+(?P<d2>[0-3]?\d){_ORD},?\s+(?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<d3>[0-3]?\d)[/.](?P<m3>[01]?\d)[/.](?P<y3>(?:19|20)\d\d)\b"
    r"|\b(?P<y4>(?:19|20)\d\d)-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b",
    re.IGNORECASE,
)
_DATE_NOISE = re.compile(
    rf"\b(?:published|publié|publiée|posted|updated|mis à jour|date|on|le|the|at|à|"
    rf"{_WEEKDAYS})\b|\d{{1,2}}\s*[:h]\s*\d\d",
    re.IGNORECASE,
)
_EVENT_DATE = (
    rf"(?:(?:{_WEEKDAYS})\.?,?\s+)?(?:the\s+)?"
    rf"(?:(?P<d>[0-3]?\d){_ORD}\s+(?:of\s+)?(?P<m>{_M})"
    rf"|(?P<m2>{_M})\s+(?P<d2>[0-3]?\d){_ORD})\b\.?(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
)
_PLACE = (
    r"(?P<place>[A-ZÀ-Ý][\w’'\-]*(?:\s(?:(?:de|du|sur|d’)\s)?[A-ZÀ-Ý][\w’'\-]*){0,3})"
)
_EVENTS = (
    re.compile(
        rf"^(?:(?:on|le|ce|this|en ce)\s+)?{_EVENT_DATE}\s*,?\s*"
        rf"(?:(?:in|at|à|au)\s+(?-i:{_PLACE}))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^(?:in|à|at)\s+(?-i:{_PLACE})\s*,?\s*(?:on\s+|le\s+)?{_EVENT_DATE}",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?-i:{_PLACE})\s*,\s*(?:le\s+)?{_EVENT_DATE}", re.IGNORECASE),
)
_TODAY = re.compile(
    rf"^(?P<when>today|aujourd[’']hui|yesterday|hier)\s*,?\s*(?:in|at|à)\s+(?-i:{_PLACE})",
    re.IGNORECASE,
)
_PLACE_IN_SENTENCE = re.compile(rf"\b(?:in|à)\s+{_PLACE}")
_PLACE_CUT = _words(
    "Space Centre Center Head Office Headquarters Airport Congress Convention Museum "
    "University Summit Forum Salon Show Agency Embassy Institute Campus Earth Orbit"
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
_BULLET = re.compile(r"^(?:[-•·▪◦‣–—+]|\*(?=\s))\s+")
_SPACES = re.compile(r"[ \t]{2,}|\t")
_WS = re.compile(r"\s+")

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?(?:\(\d{1,3}\)\s?)?\d[\d\s().\-]{6,22}\d")
_FAX = re.compile(r"fax\W*$", re.IGNORECASE)
_CONTACT_HEADING = re.compile(
    r"^(?:(?:(?:press|media|médias?|presse)\s+)?contacts?"
    r"(?:\s+(?:presse|press|médias?|media))?"
    r"|(?:for\s+)?(?:more|further)\s+information|pour\s+en\s+savoir\s+plus"
    r"|pour\s+plus\s+d[’']informations?)\s*:?\s*",
    re.IGNORECASE,
)
_CONTACT_LABELS = re.compile(
    r"(?<!\w)(?:t[ée]l[ée]phone|t[ée]l|phone|mobile|mob|portable|port|cell|gsm|fax"
    r"|e-?mail|courriel|mail|t|m|e|p)\s*\.?\s*:?(?!\w)",
    re.IGNORECASE,
)
_CONTACT_SEP = re.compile(r"\t|\s{2,}|\s[–—|/•·-]\s|[;,]\s*|:\s")

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
_VERB = re.compile(
    rf"\b(?:{_EN_VERBS}|(?:(?:a|ont|avait)(?:-t-(?:il|elle)s?)?\s+)?(?:{_FR_PARTICIPLES})"
    rf"|{_FR_PRESENT}|s[’']est\s+(?:félicité|réjoui)e?|se\s+(?:félicite|réjouit))\b"
)
_PRONOUN = re.compile(
    rf"^\W*(?:(?:he|she|il|elle)\s+(?:has\s+|a\s+)?(?:{_EN_VERBS}|{_FR_PARTICIPLES}|"
    rf"{_FR_PRESENT})\b|(?:{_EN_VERBS})\s+(?:he|she)\b|(?:a|ont)-t-(?:il|elle)"
    rf"|(?:{_FR_PRESENT})-(?:t-)?(?:il|elle)\b)",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"^(?:according to|in the words of|selon|d[’']après|for|pour)\s", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?][”\"»)]?\s+(?=[^\sa-z])|\n\n")
_ABBREVIATIONS = _words("Mr Mrs Ms Dr St Prof M Mme Jr Inc Ltd Co No vs Gen Sen Rep")

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ROLE_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|\S")
_PARTICLES = _words("de du des da di van von der den del della la le bin ben al el")
_ROLE_KEYS = _words(
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
_ROLE_FILLERS = _words(
    "general général générale vice operating executive financial technical technique "
    "scientific programme program project projet mission space spatial spatiale "
    "international affairs relations research recherche innovation strategy foreign "
    "higher education armed forces economy finance defence defense industry digital "
    "science sciences exploration launch launcher launchers lanceurs payload payloads "
    "earth observation applications communication communications press presse media "
    "of for de du des d’ d' & the la le l’ l' en chargé chargée principal investigator"
)
_DETERMINERS = _words("the a an le la les l’ l' un une our notre its son sa")
_STARTERS = _words(
    "The This These That A An In On At After Before During For With From By To As Its "
    "It Their Our We He She They His Her Today Yesterday Tomorrow Also Lastly Finally "
    "Moreover However Since When While Through Thanks Following Under Over Between "
    "Among And But Or If So Le La Les L Un Une Des Du De Ce Cette Ces Dans Pour Par "
    "Avec Sur Lors Après Avant Depuis Selon Aujourd Hier Demain Enfin Ainsi En Au Aux "
    "Il "
    "Elle Ils Elles Nous Son Sa Ses Leur Leurs Notre Nos Mr Mrs Ms Dr Prof Sir Dame "
    "Madame Monsieur Mme Mlle M Former Late Ancien Ancienne Both Each Every All"
)
_NOT_NAME = (
    _STARTERS
    | {word.capitalize() for word in _ROLE_KEYS | _ROLE_FILLERS}
    | {month.capitalize() for month in _MONTHS if len(month) > 4}
    | {day.capitalize() for day in _WEEKDAYS.split("|")}
    | _words(
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
)
_NOT_PLACE = (
    _STARTERS
    | {word.capitalize() for word in _MONTHS}
    | {day.capitalize() for day in _WEEKDAYS.split("|")}
)
_CONTACT_STOP = _ROLE_KEYS | _words(
    "press presse office service media médias relations communication cnes contact "
    "contacts department département agency agence bureau team équipe information "
    "informations direction"
)
_CUES = re.compile(
    r"\b(?:(?P<new>new(?:\s+space)?\s+entrants?|newcomers?|emerging|nouveaux\s+entrants"
    r"|nouveaux\s+acteurs|nouvelles\s+puissances|émergente?s?|pays\s+émergents)"
    r"|(?P<old>historic(?:al)?|long[-\s]standing|established|leading|traditional"
    r"|foundational|major\s+space\s+(?:powers|nations)|space\s+powers|historiques?"
    r"|traditionnel(?:le)?s?|de\s+longue\s+date|grandes\s+puissances"
    r"|puissances\s+spatiales|partenaires\s+majeurs))\b",
    re.IGNORECASE,
)
_FUNCTION_WORDS = _words(
    "and or of the a an to in with for on at by et ou de du des la le les à au aux en "
    "un une pour par sur"
)
_FRENCH_WORDS = _words("le la les des du et est une pour dans avec sur que qui au aux")
_ENGLISH_WORDS = _words("the and of to is in with for that by its are was has")

_NATION_TOKEN = re.compile(r"[^\W\d_]+")
_LEXICON = build_lexicon()


def _lexicon_widths():
    """Map each first word of a country form to the longest form's word count."""
    widths = {}
    for key in _LEXICON:
        parts = _NATION_TOKEN.findall(key)
        widths[parts[0]] = max(widths.get(parts[0], 0), len(parts))
    return widths


_LEXICON_WIDTH = _lexicon_widths()
_NOT_NAME |= {key for key in _LEXICON if " " not in key and key not in NAME_LIKE}
_ANALYSIS_LIMIT = 200_000
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


def to_json_record(parsed: ParsedRelease, file: str) -> dict:
    """Return the JSON-ready summary of a parsed release used for review and tests."""
    return {
        "file": file,
        "title": parsed.title,
        "published_on": parsed.published_on.isoformat(),
        "source_url": parsed.source_url,
        "event_place": parsed.event_place,
        "speakers": [speaker.name for speaker in parsed.speakers],
        "quotes": [
            {"speaker": quote.speaker, "text": quote.text} for quote in parsed.quotes
        ],
        "contacts": [
            {
                "name": contact.name,
                "role": contact.role,
                "phone": contact.phone,
                "email": contact.email,
            }
            for contact in parsed.contacts
        ],
        "nations": parsed.nations,
        "body": parsed.body,
    }


def _parse(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    if not any(lines):
        raise ParseError("empty release")
    warnings = []
    source_url = ""
    for index, line in enumerate(lines):
        match = _SOURCE.match(line.strip())
        if match:
            source_url = source_url or match.group(1)
            lines[index] = ""
    title, published, bare_url, body_start = _read_header(lines)
    if not title:
        line = body_start + 1 if body_start < len(lines) else None
        raise ParseError("no title found", line=line)
    foot = _find_foot(lines, body_start)
    if published is None:
        published = _fallback_date(lines, body_start, foot, warnings)
    units = _body_units(lines, body_start, foot)
    body = "\n\n".join(text for text, _, _ in units)
    starts = []
    offset = 0
    for unit_text, _, _ in units:
        starts.append(offset)
        offset += len(unit_text) + 2
    opening = next((text for text, _, is_list in units if not is_list), "")
    event_place, event_date = _event(opening, published)
    if len(body) > _ANALYSIS_LIMIT:
        warnings.append(
            f"only the first {_ANALYSIS_LIMIT} characters were searched for people, "
            "quotes and nations"
        )
    analysed = body[:_ANALYSIS_LIMIT]
    speakers, quotes = _people_and_quotes(analysed, starts, units, warnings)
    nations, categories = _nations(f"{title}\n\n{analysed}")
    contacts = _parse_contacts(lines[foot:])
    if not contacts:
        warnings.append("no contacts found")
    return ParsedRelease(
        title=title,
        published_on=published,
        language=_language(f"{title} {body[:20000]}"),
        source_url=source_url or bare_url,
        event_place=event_place,
        event_date=event_date,
        summary=_summary(opening),
        body=body,
        speakers=speakers,
        quotes=quotes,
        contacts=contacts,
        nations=nations,
        nation_categories=categories,
        warnings=warnings,
    )


def _dates(text):
    """Yield (date, match) for each full date (with a year) in the text."""
    for match in _FULL_DATE.finditer(text):
        found = match.groupdict()
        day = found["d"] or found["d2"] or found["d3"] or found["d4"]
        month = found["m"] or found["m2"] or found["m3"] or found["m4"]
        year = found["y"] or found["y2"] or found["y3"] or found["y4"]
        number = int(month) if month.isdigit() else _MONTHS[month.lower()]
        try:
            yield datetime.date(int(year), number, int(day)), match
        except ValueError:
            continue


def _date_line(line):
    """Return the date of a line that holds little else than a date, else None."""
    if len(line) > 120 or any(mark in line for mark in '“”«»"'):
        return None
    for date, match in _dates(line):
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
    return _WS.sub(" ", text).strip()


def _is_title(line):
    text = _clean_title(line)
    if not 3 <= len(text) <= 250 or _BULLET.match(line) or text[-1] in ":;,":
        return False
    if text.endswith("."):
        return len(text) <= 150 and len(_sentences(text)) == 1
    return True


def _read_header(lines):
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


def _fallback_date(lines, start, end, warnings):
    """Find the publication date outside the header, or raise ParseError."""
    first = next((index for index in range(start, end) if lines[index].strip()), None)
    if first is not None:
        for date, match in _dates(lines[first][:100]):
            if match.start() < 60:
                return date
            break
    for index in range(start, len(lines)):
        date = _date_line(lines[index].strip())
        if date:
            lines[index] = ""
            return date
    for index, line in enumerate(lines):
        for date, _ in _dates(line):
            warnings.append(f"publication date taken from the text at line {index + 1}")
            return date
    raise ParseError("no publication date found")


def _body_units(lines, start, end):
    """Return (markdown, line number, is_list) for each paragraph or bullet list."""
    units = []
    previous = ""
    for index in range(start, end):
        raw = lines[index]
        line = _SPACES.sub(" ", raw.strip())
        if not line:
            previous = ""
            continue
        bullet = _BULLET.match(line)
        if bullet:
            item = "- " + line[bullet.end() :]
            if previous and units[-1][2]:
                units[-1][0].extend(("\n", item))
            else:
                units.append([[item], index + 1, True])
        elif previous and (
            (units[-1][2] and raw[:1].isspace())
            or (40 <= len(previous) <= 100 and previous[-1] not in '.!?:;”"»')
        ):
            units[-1][0].extend((" ", line))
        else:
            units.append([[line], index + 1, False])
        previous = line
    return [("".join(parts), number, is_list) for parts, number, is_list in units]


def _sentences(text):
    """Split plain text into sentences, keeping initials and abbreviations whole."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
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


def _summary(paragraph, limit=300):
    text = _WS.sub(" ", paragraph.replace("*", "")).strip()
    for _, match in _dates(text[:80]):
        dash = re.match(r"\s*[–—-]\s+", text[match.end() :])
        if dash:
            text = text[match.end() + dash.end() :]
        break
    summary = ""
    for sentence in _sentences(text):
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


def _event(paragraph, published):
    """Return the place and date of the event told in the opening sentence."""
    sentence = (_sentences(paragraph[:1000]) or [""])[0]
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
        month = _MONTHS[(found["m"] or found["m2"]).lower()]
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


def _is_name_token(token):
    if token[:2] in ("d’", "d'"):
        return token[2:3].isupper()
    return token[0].isupper() and (len(token) == 1 or not token.isupper())


def _close_run(text, run, found):
    while run and run[-1][2].lower() in _PARTICLES:
        run.pop()
    capitals = [token for _, _, token in run if token.lower() not in _PARTICLES]
    if 2 <= len(capitals) <= 5 and len(run[-1][2]) > 1:
        start, end = run[0][0], run[-1][1]
        found.append((start, end, _WS.sub(" ", text[start:end])))
    run.clear()


def _person_names(text):
    """Return (start, end, name) for each run of two to five capitalised words."""
    found, run = [], []
    for match in _WORD.finditer(text):
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
        if run and token.lower() in _PARTICLES:
            run.append((start, start + len(token), token))
        elif _is_name_token(token) and token not in _NOT_NAME:
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
    return word in _ROLE_KEYS or any(part in _ROLE_KEYS for part in word.split("-"))


def _role_word(token):
    lower = token.lower()
    if _is_role_key(token) or lower in _ROLE_FILLERS or lower[:2] in ("l’", "l'", "d’"):
        return True
    return token[0].isupper() and token not in _STARTERS


def _role_before(text, start):
    """Return a role written just before a name: "CNES President Jean-Yves…"."""
    window = text[max(0, start - 150) : start]
    if not window.endswith((" ", "\u00a0")):
        return ""
    kept = []
    for match in reversed(list(_ROLE_TOKEN.finditer(window))):
        if len(kept) == 10 or not _role_word(match.group()):
            break
        kept.append(match)
    kept.reverse()
    while kept and (
        kept[0].group() in _STARTERS
        or kept[0].group().lower() in _DETERMINERS
        or kept[0].group().lower() in _ROLE_FILLERS - _ROLE_KEYS
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
    verb = _VERB.search(phrase)
    if verb:
        phrase = phrase[: verb.start()]
    for conjunction in re.finditer(r"\s(?:and|et)\s+([A-ZÀ-Ý][\w’'\-]*)", phrase):
        if conjunction.group(1) not in _NOT_NAME:
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


def _quote_spans(body, paragraph_starts):
    """Return (open, close, mark) for each quotation, outermost first."""
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
    def paragraph(position):
        return bisect.bisect_right(paragraph_starts, position) - 1

    spans, start, start_paragraph = [], None, 0
    for mark in re.finditer(f"[{opener}{closer}]", body):
        position, char = mark.start(), mark.group()
        current = paragraph(position)
        at_paragraph_start = position == paragraph_starts[current]
        if start is not None and current - start_paragraph > 5:
            start = None
        if start is None:
            following = body[position + 1 : position + 2]
            if char == opener or (
                opener == "“" and (following.isalnum() or following == "*")
            ):
                start, start_paragraph = position, current
            continue
        crossing = current != start_paragraph
        if char == opener and (opener != closer or at_paragraph_start):
            if not (at_paragraph_start and crossing):
                start, start_paragraph = position, current
            continue
        if crossing and opener != "«":
            between = range(start_paragraph + 1, current + 1)
            if any(body[paragraph_starts[k]] != opener for k in between):
                start = position if opener == closer else None
                start_paragraph = current
                continue
        spans.append((start, position, opener))
        start = None
    return spans


def _quote_text(inner, opener):
    paragraphs = []
    for paragraph in inner.split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph.startswith(opener):
            paragraph = paragraph[1:].strip()
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs).rstrip(",").strip()


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


_COMPLEMENT = _words("of de du des after")


class _People:
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
                    if parts[index].lower() not in _PARTICLES:
                        self.surnames.setdefault(" ".join(parts[index:]), person)
            elif role and not self.roles[person]:
                self.roles[person] = role
            mention = start - len(before) - 1 if before else start
            if role and not _is_complement(body, mention):
                self.introduced.add(person)
            self.mentions.append((start, person))

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
        for match in _WORD.finditer(self.body, start, end):
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


def _sentence_tail(text):
    """Return the unfinished last sentence of text ("" if text ends a sentence)."""
    stripped = text.rstrip()
    if not stripped or stripped[-1] in ".!?":
        return ""
    return (_sentences(stripped) or [""])[-1]


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
        if _PRONOUN.match(trail):
            return people.last_before(opening, speakers)
        verb = _VERB.match(trail)
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
        if named and all(
            _role_word(word) for word in body[start : named[0][0]].split()
        ):
            tail = body[named[0][1] : min(limit, named[0][1] + 120)].split(". ")[0]
            verb = _VERB.search(tail)
            if verb and not tail[verb.end() :].lstrip().startswith(":"):
                return people.canonical(named[0][2])
        first = _WORD.match(trail)
        if first and first.group() in people.surnames:
            if _VERB.match(trail, first.end() + 1):
                return people.surnames[first.group()]
    paragraph = bisect.bisect_right(paragraph_starts, opening) - 1
    lead_from = max(paragraph_starts[paragraph], opening - 400, after_quote)
    segment = body[lead_from:opening].rstrip()
    lead = _sentence_tail(segment)
    lead_start = lead_from + len(segment) - len(lead)
    if not lead and opening == paragraph_starts[paragraph] and paragraph > 0:
        previous = body[paragraph_starts[paragraph - 1] : opening].rstrip()
        if previous.endswith(":"):
            lead = (_sentences(previous) or [""])[-1]
            lead_start = paragraph_starts[paragraph - 1] + len(previous) - len(lead)
    return _attribute_lead(people, lead, lead_start, speakers)


def _attribute_lead(people, lead, lead_start, speakers):
    stripped = lead.rstrip(" \u00a0")
    if not stripped:
        return None
    verbs = list(_VERB.finditer(stripped))
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


def _people_and_quotes(body, paragraph_starts, units, warnings):
    """Return the speakers and the attributed quotations of a release body."""
    if not body:
        return [], []
    people = _People(body)
    spans = _quote_spans(body, paragraph_starts)
    openings = [opening for opening, _, _ in spans]
    people.mentions = [
        (position, person)
        for position, person in people.mentions
        if not (index := bisect.bisect_right(openings, position))
        or position > spans[index - 1][1]
    ]
    quotes, quoted, previous = [], [], None
    for opening, closing, mark in spans:
        text = _quote_text(body[opening + 1 : closing], mark)
        if len(text.split()) < 3:
            continue
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
                line = units[bisect.bisect_right(paragraph_starts, opening) - 1][1]
                warnings.append(f"quote without identifiable speaker at line {line}")
            continue
        quotes.append(ParsedQuote(speaker, people.roles.get(speaker, ""), text))
        quoted.append(speaker)
        previous = (closing, speaker)
    chosen = set(quoted) | people.introduced
    order = sorted(chosen, key=lambda person: people.first_seen.get(person, len(body)))
    speakers = [ParsedSpeaker(person, people.roles.get(person, "")) for person in order]
    return speakers, quotes


def _used_as_name(key, tokens, index, size, text):
    if key not in NAME_LIKE:
        return False
    before = tokens[index - 1] if index else None
    after = tokens[index + size] if index + size < len(tokens) else None
    start, end = tokens[index].start(), tokens[index + size - 1].end()
    if before and text[before.end() : start] == " " and before.group()[0].isupper():
        return True
    return bool(
        after
        and text[end : after.start()] == " "
        and after.group()[0].isupper()
        and after.group() not in _NOT_NAME
    )


def _nations(text):
    """Return partner nation codes in order of first mention, and their categories."""
    tokens = list(_NATION_TOKEN.finditer(text))
    mentions = []
    index = 0
    while index < len(tokens):
        width = _LEXICON_WIDTH.get(tokens[index].group(), 0)
        step = 1
        for size in range(min(width, len(tokens) - index), 0, -1):
            end = tokens[index + size - 1].end()
            key = _WS.sub(" ", text[tokens[index].start() : end])
            code = _LEXICON.get(key)
            if code is None:
                continue
            step = size
            if code and not _used_as_name(key, tokens, index, size, text):
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
    sentence_starts = [0] + [match.end() for match in _SENTENCE_END.finditer(text)]
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


def _language(text):
    words = _NATION_TOKEN.findall(text.lower())
    french = sum(word in _FRENCH_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return "fr" if french > english else "en"


def _phone_text(raw):
    text = _WS.sub(" ", re.split(r"\s{2,}", raw)[0]).strip(" .-(")
    digits = sum(char.isdigit() for char in text)
    if not 8 <= digits <= 15 or _FULL_DATE.fullmatch(text):
        return ""
    return text


def _is_contact_line(line):
    if len(line) > 250:
        return False
    if "@" in line and _EMAIL.search(line):
        return True
    if any(_phone_text(match.group()) for match in _PHONE.finditer(line)):
        return len(re.findall(r"[^\W\d_]+", line)) <= 15
    return len(line) <= 40 and bool(_CONTACT_HEADING.match(line))


def _find_foot(lines, body_start):
    """Return the index of the first line of the contacts foot (len(lines) if none)."""
    foot = len(lines)
    index = len(lines) - 1
    while index > body_start:
        line = lines[index].strip()
        if _is_contact_line(line):
            foot = index
        elif line and not (
            foot == index + 1
            and len(line) <= 80
            and len(line.split()) <= 8
            and line[-1] not in '.!?”"»:'
        ):
            break
        elif line:
            foot = index
        index -= 1
    if foot == len(lines):
        for index in range(len(lines) - 1, body_start, -1):
            line = lines[index].strip()
            if len(line) <= 40 and _CONTACT_HEADING.match(line):
                return index
    return foot


def _looks_like_name(chunk):
    words = chunk.split()
    if not 2 <= len(words) <= 5 or any(char.isdigit() or char == "@" for char in chunk):
        return False
    if any(word.lower().strip(".") in _CONTACT_STOP for word in words):
        return False
    return all(
        word[0].isupper() or word.lower() in _PARTICLES for word in words
    ) and any(not word.isupper() for word in words)


def _contact_fields(line):
    email = _EMAIL.search(line) if "@" in line else None
    rest = _EMAIL.sub("  ", line) if email else line
    phone = ""
    for match in _PHONE.finditer(rest):
        candidate = _phone_text(match.group())
        if candidate and not phone and not _FAX.search(rest[: match.start()][-12:]):
            phone = candidate
    rest = _CONTACT_LABELS.sub("  ", _PHONE.sub("  ", rest))
    chunks = [chunk.strip(" .,:;–—-|/()\u00a0") for chunk in _CONTACT_SEP.split(rest)]
    chunks = [chunk for chunk in chunks if any(char.isalpha() for char in chunk)]
    name = next((chunk for chunk in chunks if _looks_like_name(chunk)), "")
    role = next((chunk for chunk in chunks if chunk != name), "")
    return name, role, phone, email.group() if email else ""


def _parse_contacts(lines):
    """Return the contacts listed in the foot lines, one record per person."""
    records = []
    for raw in lines:
        line = raw.strip()
        heading = _CONTACT_HEADING.match(line)
        line = line[heading.end() :] if heading else line
        if not line:
            continue
        name, role, phone, email = _contact_fields(line)
        current = records[-1] if records else None
        if name:
            records.append([name, role, phone, email])
        elif current and email and not current[3] and not phone and not role:
            current[3] = email
        elif current and phone and not current[2] and not current[3]:
            current[1] = current[1] or role
            current[2], current[3] = phone, email
        elif current and role and not (phone or email or current[1] or current[2]):
            current[1] = role
        elif phone or email:
            records.append(["", role, phone, email])
    contacts = []
    for name, role, phone, email in records:
        if not name:
            name, role = role, ""
        contacts.append(ParsedContact(name, role, phone, email))
    return contacts

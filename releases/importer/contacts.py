"""Find the contacts foot of a release and read one record per person."""

import re

from .dates import FULL_DATE
from .people import PARTICLES, ROLE_KEYS
from .records import ParsedContact
from .text import WS, word_set

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
_CONTACT_STOP = ROLE_KEYS | word_set(
    "press presse office service media médias relations communication cnes contact "
    "contacts department département agency agence bureau team équipe information "
    "informations direction"
)


def _phone_text(raw):
    text = WS.sub(" ", re.split(r"\s{2,}", raw)[0]).strip(" .-(")
    digits = sum(char.isdigit() for char in text)
    if not 8 <= digits <= 15 or FULL_DATE.fullmatch(text):
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


def find_foot(lines, body_start):
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
        word[0].isupper() or word.lower() in PARTICLES for word in words
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


def parse_contacts(lines):
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

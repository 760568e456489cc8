"""The records a parsed release is made of, and the error raised instead."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedSpeaker:
    """A person the release names with a role, quoted (a speaker) or not."""

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
    people: list[ParsedSpeaker]
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


def to_json_record(parsed: ParsedRelease, file: str) -> dict:
    """Return the JSON-ready summary of a parsed release used for review and tests."""
    return {
        "file": file,
        "title": parsed.title,
        "published_on": parsed.published_on.isoformat(),
        "source_url": parsed.source_url,
        "event_place": parsed.event_place,
        "speakers": [speaker.name for speaker in parsed.speakers],
        "people": [person.name for person in parsed.people],
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

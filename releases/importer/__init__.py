"""Parse CNES press releases (plain text or Word), in English or French, into
structured data.

Pure text processing: nothing here touches the database.
"""

from .files import SUFFIXES, release_text
from .parser import parse_release
from .records import (
    ParsedContact,
    ParsedQuote,
    ParsedRelease,
    ParsedSpeaker,
    ParseError,
    to_json_record,
)
from .text import decode

__all__ = [
    "ParsedContact",
    "ParsedQuote",
    "ParsedRelease",
    "ParsedSpeaker",
    "ParseError",
    "SUFFIXES",
    "decode",
    "parse_release",
    "release_text",
    "to_json_record",
]

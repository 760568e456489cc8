"""Parse CNES plain-text press releases, in English or French, into structured data.

Pure text processing: nothing here touches the database.
"""

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
    "decode",
    "parse_release",
    "to_json_record",
]

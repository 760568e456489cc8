"""Read a release file, plain text or Word document, as the text the parser reads."""

from pathlib import PurePath

from django.utils.translation import gettext as _

from .records import ParseError
from .text import decode
from .word import docx_to_text

SUFFIXES = (".txt", ".docx")


def release_text(name: str, data: bytes) -> str:
    """Return the text of the release file called name: a .docx is converted, any
    other file decoded as plain text. Raise ParseError for a file refused."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        return docx_to_text(data)
    if suffix in (".docm", ".dotm"):
        raise ParseError(
            _("Word documents with macros (.docm) are refused: save it as a .docx")
        )
    if suffix == ".doc":
        raise ParseError(
            _("old Word documents (.doc) cannot be read: save it as a .docx")
        )
    return decode(data)

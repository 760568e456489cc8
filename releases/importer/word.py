"""Read a Word document (.docx) as the text of a release.

The document is checked before it is opened (not an old or encrypted Word file,
no macros, not a zip bomb), converted to HTML by mammoth, then written as the
plain text the parser reads: one paragraph a block, with Markdown for headings,
bold, italics, lists and links.
"""

import io
import re
import zipfile
import zlib
from html.parser import HTMLParser

import mammoth
from django.utils.translation import gettext as _

from .records import ParseError
from .text import BULLET, NUMBERED

MAX_UNCOMPRESSED_SIZE = 20 * 1024 * 1024
MAX_PARTS = 1000
# A paragraph shorter than this (a name, a role, a phone number) and the next one
# are written on consecutive lines, as in a contacts block of a text file; the text
# reader never joins a line this short to the next one.
SHORT_LINE = 40

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MACRO_PARTS = re.compile(r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_MACRO_CONTENT = b"macroEnabled"
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*])")
_HEADING_LEVELS = {"h1": "##", "h2": "###"}


def docx_to_text(data: bytes) -> str:
    """Return the release text of a .docx file; raise ParseError if it is refused."""
    check_docx(data)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_STYLE_MAP,
            convert_image=mammoth.images.img_element(lambda image: {}),
            ignore_empty_paragraphs=False,
        )
    except Exception as error:  # mammoth raises many kinds on a damaged document
        raise ParseError(
            _("the Word document could not be read (%(error)s)") % {"error": error}
        ) from None
    return html_to_text(result.value)


def check_docx(data):
    """Raise ParseError unless data is a plain .docx that is safe to open."""
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise ParseError(
                _("the Word document is protected by a password: save it without one")
            )
        raise ParseError(
            _("this is an old Word document (.doc): save it as a .docx and try again")
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK\x03\x04"):
            raise ParseError(_("the Word document is damaged (the file is incomplete)"))
        raise ParseError(_("not a Word document (.docx)"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ParseError(
            _("the Word document is damaged (%(error)s)") % {"error": error}
        ) from None


def _check_archive(archive):
    parts = archive.infolist()
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS or (
        sum(part.file_size for part in parts) > MAX_UNCOMPRESSED_SIZE
    ):
        raise ParseError(
            _(
                "the Word document unpacks to more than %(size)d MB or %(parts)d "
                "parts: refused"
            )
            % {"size": MAX_UNCOMPRESSED_SIZE // (1024 * 1024), "parts": MAX_PARTS}
        )
    content_types = (
        archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    )
    if b"wordprocessingml" not in content_types and b"ms-word" not in content_types:
        raise ParseError(_("not a Word document (.docx)"))
    if _MACRO_CONTENT in content_types or any(
        _MACRO_PARTS.search(name) for name in names
    ):
        raise ParseError(
            _(
                "the Word document contains macros: save it as a plain .docx "
                "(Word Document) without macros"
            )
        )
    for part in parts:
        if part.filename.endswith((".xml", ".rels")):
            if _DOCTYPE.search(archive.read(part)):
                raise ParseError(_("the Word document declares XML entities: refused"))


class _Element:
    def __init__(self, tag, attributes):
        self.tag = tag
        self.attributes = dict(attributes)
        self.children = []


class _TreeBuilder(HTMLParser):
    """Build a small tree of mammoth's HTML (which is always well formed)."""

    _VOID = frozenset({"br", "img", "hr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in self._VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in self._VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def html_to_text(html):
    """Write mammoth's HTML as release text: a blank line between blocks, except
    between short paragraphs; Markdown for headings, emphasis, lists, links."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    blocks = []
    for child in builder.root.children:
        blocks.extend(_blocks(child))
    text, previous = "", None
    for block in blocks:
        if block is None:
            previous = None
            continue
        if text:
            text += _separator(previous, block)
        text += block
        previous = block
    return text + "\n"


def _separator(previous, block):
    """Return a blank line, or a line end between list items and after a short
    plain paragraph (None: an empty paragraph)."""
    if previous is None:
        return "\n\n"
    if _continues_list(previous, block):
        return "\n"
    short = len(previous.rsplit("\n", 1)[-1]) < SHORT_LINE
    return "\n" if short and _is_plain(previous) and _is_plain(block) else "\n\n"


def _continues_list(previous, block):
    """Tell whether block goes on with the list that previous ends: two bulleted
    items, or numbered ones in sequence (items typed as text, not as a list)."""
    if BULLET.match(block):
        return bool(BULLET.match(previous.rsplit("\n", 1)[-1]))
    number = NUMBERED.match(block)
    last = NUMBERED.match(previous.rsplit("\n", 1)[-1])
    return bool(number and last and int(number[1]) == int(last[1]) + 1)


def _is_list(block):
    return bool(BULLET.match(block) or NUMBERED.match(block))


def _is_plain(block):
    return not block.startswith("#") and not _is_list(block)


def _blocks(node):
    """Return the text blocks of a top-level element (None for an empty paragraph)."""
    if isinstance(node, str):
        text = _inline_text([node])
        return [text] if text else []
    if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = " ".join(_inline_text(node.children).split())
        return [f"{_HEADING_LEVELS.get(node.tag, '####')} {text}"] if text else []
    if node.tag in ("ul", "ol"):
        items = _list_items(node)
        return ["\n".join(items)] if items else []
    if node.tag == "table":
        rows = [row for row in _table_rows(node) if row.strip()]
        return ["\n".join(rows)] if rows else []
    text = _inline_text(node.children)
    return [text] if text else [None]


def _list_items(node, numbered=None):
    """Return one Markdown line per item; nested lists continue the outer one."""
    numbered = node.tag == "ol" if numbered is None else numbered
    items = []
    for item in node.children:
        if isinstance(item, str) or item.tag != "li":
            continue
        own = [child for child in item.children if _tag(child) not in ("ul", "ol")]
        text = " ".join(_inline_text(own).split())
        if text:
            marker = f"{len(items) + 1}." if numbered else "-"
            items.append(f"{marker} {text}")
        for nested in item.children:
            if _tag(nested) in ("ul", "ol"):
                for line in _list_items(nested, numbered):
                    marker = f"{len(items) + 1}." if numbered else "-"
                    items.append(f"{marker} {line.split(' ', 1)[1]}")
    return items


def _table_rows(node):
    for child in node.children:
        if _tag(child) in ("thead", "tbody", "tfoot"):
            yield from _table_rows(child)
        elif _tag(child) == "tr":
            cells = [
                " ".join(_inline_text(cell.children).split())
                for cell in child.children
                if _tag(cell) in ("td", "th")
            ]
            yield "\t".join(cells)


def _tag(node):
    return None if isinstance(node, str) else node.tag


def _inline_text(children):
    """Return the Markdown of inline content; a line break starts a new line."""
    lines = [line.strip() for line in _inline(children).split("\n")]
    return "\n".join(lines).strip("\n")


def _inline(children):
    parts = []
    for child in children:
        if isinstance(child, str):
            parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", child.replace("\n", " ")))
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag == "strong":
            parts.append(_wrap("**", _inline(child.children)))
        elif child.tag == "em":
            parts.append(_wrap("*", _inline(child.children)))
        elif child.tag == "a":
            parts.append(_link(child))
        elif child.tag in ("p", "ul", "ol", "table"):
            parts.append(" " + _inline(child.children) + " ")
        elif child.tag != "img":
            parts.append(_inline(child.children))
    return "".join(parts)


def _wrap(marker, text):
    """Put emphasis around text, leaving its outer spaces and breaks outside."""
    match = re.fullmatch(r"(\s*)(.*?)(\s*)", text, re.DOTALL)
    lead, core, trail = match.groups()
    return f"{lead}{marker}{core}{marker}{trail}" if core else text


def _link(element):
    text = _inline(element.children)
    href = element.attributes.get("href") or ""
    if not href.startswith(_LINK_SCHEMES):
        return "" if href.startswith("#footnote-ref") else text
    href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    address = href.removeprefix("mailto:")
    if href.startswith("mailto:") and text.strip() in ("", address):
        return address
    if not text.strip() or text.strip() == href:
        return f"<{href}>"
    return f"[{text}]({href})"

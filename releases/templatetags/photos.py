"""Template tags showing the library's photos: <picture> with its renditions."""

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language

from .. import renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", loading="lazy", priority=False, css_class=""):
    """Render ``image`` as a <picture>: AVIF and WebP sources and a JPEG <img>,
    each at every width of the photo, for the browser to choose from ``sizes``.

    The <img> carries the photo's width and height, so the page keeps its room
    before the photo arrives. Photos below the fold load lazily; the lead photo
    (``priority``) loads first.
    """
    width = renditions.default_width(image)
    alt, alt_language = image.localized("alt_text")
    return {
        "sources": [
            (renditions.content_type(extension), renditions.srcset(image, extension))
            for extension in renditions.SOURCE_FORMATS
        ],
        "src": renditions.url(image, width, renditions.FALLBACK_FORMAT),
        "srcset": renditions.srcset(image, renditions.FALLBACK_FORMAT),
        "sizes": sizes,
        "width": width,
        "height": renditions.height_at(image, width),
        "alt": alt,
        "alt_language": alt_language if alt_language != get_language() else "",
        "loading": "eager" if priority else loading,
        "priority": priority,
        "css_class": css_class,
    }


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str

    def __str__(self):
        return self.text


@register.simple_tag
def localized(image, name):
    """Return the photo's ``name`` (caption, alt_text) in the active language,
    else in the other one, with its language (``.text``, ``.language``)."""
    return LocalizedText(*image.localized(name))

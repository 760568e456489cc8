from django import template

from distribution.links import absolute

register = template.Library()


@register.simple_tag
def lead_photo(release):
    """Return the release's lead photo (its first) as {"url", "alt"}, or None.

    Releases have no photos yet: this returns None until they do.
    """
    images = getattr(release, "images", None)
    photo = images.first() if images is not None else None
    if photo is None:
        return None
    file = getattr(photo, "image", None) or getattr(photo, "file", None)
    return {
        "url": absolute(file.url),
        "alt": getattr(photo, "alt_text", "") or getattr(photo, "caption", ""),
    }

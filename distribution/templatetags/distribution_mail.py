from django import template

from distribution.links import absolute

register = template.Library()


@register.simple_tag
def lead_photo(release):
    """Return the release's lead photo for a mail as {"url", "alt", "credit"}, or
    None: its JPEG rendition (every mail client shows JPEG), with the alternative
    text in the mail's language."""
    photo = release.lead_image
    if photo is None:
        return None
    return {
        "url": absolute(photo.rendition_url()),
        "alt": photo.localized("alt_text")[0],
        "credit": photo.credit,
    }

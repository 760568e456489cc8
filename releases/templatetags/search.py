from django import template

from releases.search import highlight as highlight_matches

register = template.Library()


@register.filter
def highlight(text):
    """Show a search result's text with its matches in <mark>."""
    return highlight_matches(text)

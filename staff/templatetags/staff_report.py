"""The report's nation × year table: thousands of cells, written directly rather
than through the template engine (which takes about ten times as long)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def matrix_rows(report):
    """Return the table's rows: each nation, then its number of releases per year."""
    rows = []
    for figures, counts in report.matrix():
        cells = "".join(f"<td>{count:d}</td>" for count in counts)
        rows.append(
            f'<tr><th scope="row">{escape(figures.nation.name)}</th>{cells}</tr>'
        )
    return mark_safe("\n".join(rows))

"""The report's tables of nations: hundreds of rows and thousands of cells,
written directly rather than through the template engine (which takes about ten
times as long)."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

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


@register.simple_tag(takes_context=True)
def nation_rows(context, report):
    """Return the nations table's rows: each nation, linked to its timeline over
    the same period, its number of releases, first and latest mentions and the
    nations most often named with it."""
    query = escape("?" + context.request.GET.urlencode())
    rows = []
    for figures in report.nations:
        nation = figures.nation
        link = reverse("staff:nation_timeline", kwargs={"code": nation.code}) + query
        named_with = ", ".join(
            f"{escape(other.name)} ({count:d})" for other, count in figures.named_with
        )
        rows.append(
            f'<tr><th scope="row"><a href="{link}">{escape(nation.name)}</a></th>'
            f"<td>{figures.total:d}</td><td>{_day(figures.first_at)}</td>"
            f"<td>{_day(figures.latest_at)}</td><td>{named_with or '–'}</td></tr>"
        )
    return mark_safe("\n".join(rows))


def _day(moment):
    return localtime(moment).strftime("%Y-%m-%d") if moment else "–"

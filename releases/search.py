"""Search releases by the words of their title, summary and body."""

from django.db.models import Q

MAX_TERMS = 10


def search_releases(queryset, text):
    """Return the releases containing every word of ``text``."""
    terms = text.split()[:MAX_TERMS]
    for term in terms:
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(body__icontains=term)
        )
    return queryset

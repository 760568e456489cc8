"""What the public releases concern: the choices of the archive's filters.

Finding the nations, topics and speakers of public releases reads the whole
archive, so it is done once per version of the public content (``memoize``) and
shared by every page and worker, with the choices named and sorted in each
language.
"""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import get_language

from .caching import memoize
from .models import PartnerNation, PressRelease, ReleaseNation, Speaker, Topic
from .models.reference import sort_key


def public_nations():
    return PartnerNation.objects.filter(
        Exists(PressRelease.objects.published().filter(partner_nations=OuterRef("pk")))
    )


def public_topics():
    return Topic.objects.filter(
        Exists(PressRelease.objects.published().filter(topics=OuterRef("pk")))
    )


def public_speakers():
    published = PressRelease.objects.published()
    return Speaker.objects.filter(
        Exists(published.filter(quotes__speaker=OuterRef("pk")))
        | Exists(published.filter(speakers=OuterRef("pk")))
    )


def _find_choices():
    rows = {
        "nation": list(public_nations().values_list("code", "name_en", "name_fr")),
        "topic": list(public_topics().values_list("slug", "name_en", "name_fr")),
        "speaker": [
            (slug, name, name)
            for slug, name in public_speakers().values_list("slug", "name")
        ],
    }
    return {
        language: {
            facet: _sorted_choices(facet_rows, language)
            for facet, facet_rows in rows.items()
        }
        for language, _name in settings.LANGUAGES
    }


def _count_named():
    """Return the number of public releases, and how many name each nation."""
    published = PressRelease.objects.published()
    links = ReleaseNation.objects.filter(release__in=published.values("pk"))
    named = links.order_by().values_list("nation").annotate(count=Count("pk"))
    return published.count(), dict(named)


def _sorted_choices(rows, language):
    named = [
        (value, (name_fr or name_en) if language == "fr" else name_en)
        for value, name_en, name_fr in rows
    ]
    return sorted(named, key=lambda choice: sort_key(choice[1]))


def few_releases_name(codes, page_size):
    """Tell whether the nations are named by so few public releases that a page of
    them is found faster from their links (reading the n links) than by reading
    the archive newest first until a page is full (about page_size × total / n
    releases)."""
    published, named = memoize("named", [], _count_named)
    count = sum(named.get(code, 0) for code in codes)
    return count * count < page_size * published


def choices(facet):
    """Return the (value, name) choices of a facet ("nation", "topic" or
    "speaker") in the active language, sorted by name."""
    by_language = memoize("choices", [], _find_choices)
    language = get_language()
    if language not in by_language:
        language = settings.LANGUAGE_CODE
    return by_language[language][facet]

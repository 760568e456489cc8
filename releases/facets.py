"""The choices of the archive's filters: the nations, topics and speakers of
public releases, named and sorted in each language.

Finding them reads the whole archive, so it is done once per version of the
public content (``memoize``) and shared by every page and worker.
"""

from django.conf import settings
from django.utils.translation import get_language

from .models import PartnerNation, Speaker, Topic
from .models.reference import sort_key
from .versioning import memoize


def _find_choices():
    rows = {
        "nation": list(
            PartnerNation.objects.with_public_releases().values_list(
                "code", "name_en", "name_fr"
            )
        ),
        "topic": list(
            Topic.objects.with_public_releases().values_list(
                "slug", "name_en", "name_fr"
            )
        ),
        "speaker": [
            (slug, name, name)
            for slug, name in Speaker.objects.with_public_releases().values_list(
                "slug", "name"
            )
        ],
    }
    return {
        language: {
            facet: _sorted_choices(facet_rows, language)
            for facet, facet_rows in rows.items()
        }
        for language, _name in settings.LANGUAGES
    }


def _sorted_choices(rows, language):
    named = [
        (value, (name_fr or name_en) if language == "fr" else name_en)
        for value, name_en, name_fr in rows
    ]
    return sorted(named, key=lambda choice: sort_key(choice[1]))


def choices(facet):
    """Return the (value, name) choices of a facet ("nation", "topic" or
    "speaker") in the active language, sorted by name."""
    by_language = memoize("choices", [], _find_choices)
    language = get_language()
    if language not in by_language:
        language = settings.LANGUAGE_CODE
    return by_language[language][facet]

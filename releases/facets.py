"""The choices of the archive's filters: the nations, topics and speakers of
public releases, named and sorted in each language.

Which ones public releases name is read from the counts kept as data
(``releases.counts``); the names and their order are kept once per version of
the public content (``memoize``) and shared by every page and worker.
"""

from django.conf import settings
from django.utils.translation import get_language

from . import counts
from .models import PartnerNation, Speaker, Topic
from .models.reference import sort_key
from .versioning import memoize


def _find_choices():
    named = counts.public_values("nation", "topic", "speaker")
    nations = PartnerNation.objects.filter(code__in=named["nation"])
    topics = Topic.objects.filter(pk__in=named["topic"])
    speakers = Speaker.objects.filter(pk__in=named["speaker"])
    topic_rows = list(topics.values_list("pk", "slug", "name_en", "name_fr"))
    speaker_rows = list(speakers.values_list("pk", "slug", "name"))
    rows = {
        "nation": list(nations.values_list("code", "name_en", "name_fr")),
        "topic": [(slug, en, fr) for _pk, slug, en, fr in topic_rows],
        "speaker": [(slug, name, name) for _pk, slug, name in speaker_rows],
    }
    return {
        "choices": {
            language: {
                facet: _sorted_choices(facet_rows, language)
                for facet, facet_rows in rows.items()
            }
            for language, _name in settings.LANGUAGES
        },
        "ids": {
            "topic": {slug: pk for pk, slug, *_names in topic_rows},
            "speaker": {slug: pk for pk, slug, _name in speaker_rows},
        },
    }


def _sorted_choices(rows, language):
    named = [
        (value, (name_fr or name_en) if language == "fr" else name_en)
        for value, name_en, name_fr in rows
    ]
    return sorted(named, key=lambda choice: sort_key(choice[1]))


def _facets():
    return memoize("choices", [], _find_choices)


def choices(facet):
    """Return the (value, name) choices of a facet ("nation", "topic" or
    "speaker") in the active language, sorted by name."""
    by_language = _facets()["choices"]
    language = get_language()
    if language not in by_language:
        language = settings.LANGUAGE_CODE
    return by_language[language][facet]


def identify(facet, slug):
    """Return the id of the topic or speaker that a choice's value (its slug)
    names, or None."""
    return _facets()["ids"][facet].get(slug)

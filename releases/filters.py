from functools import partial

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from . import facets
from .dates import FIRST_DATE, LAST_DATE
from .models import PressRelease
from .models.querysets import ARCHIVE_PAGE_SIZE
from .search import search_releases
from .widgets import CheckboxList, SelectList, UpperCaseValuesMixin

PAGE_SIZE = ARCHIVE_PAGE_SIZE


class NationCheckboxes(UpperCaseValuesMixin, CheckboxList):
    pass


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReleaseFilter(django_filters.FilterSet):
    """The public archive's filters; every value stays in the URL."""

    q = django_filters.CharFilter(
        label=_("Words"), method="filter_words", max_length=200
    )
    nation = django_filters.MultipleChoiceFilter(
        label=_("Partner nations"),
        choices=partial(facets.choices, "nation"),
        method="filter_nations",
        widget=NationCheckboxes,
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"),
        choices=partial(facets.choices, "topic"),
        method="filter_topic",
        empty_label=_("All topics"),
        widget=SelectList,
    )
    year = YearFilter(
        label=_("Year"),
        field_name="published_at",
        lookup_expr="year",
        min_value=FIRST_DATE.year,
        max_value=LAST_DATE.year,
    )
    speaker = django_filters.ChoiceFilter(
        label=_("Speaker"),
        choices=partial(facets.choices, "speaker"),
        method="filter_speaker",
        empty_label=_("All speakers"),
        widget=SelectList,
    )

    class Meta:
        model = PressRelease
        fields = ["q", "nation", "topic", "year", "speaker"]

    def listing(self):
        """Return the public listing chosen, as ListingPaginator names it, when it
        is all the releases or those of one nation, topic, speaker or year; else
        (several filters, words) None."""
        if not self.is_bound:
            return ("all", None)
        if not self.form.is_valid():
            return None
        chosen = {
            name: value for name, value in self.form.cleaned_data.items() if value
        }
        if not chosen:
            return ("all", None)
        if len(chosen) > 1:
            return None
        [(name, value)] = chosen.items()
        if name == "nation":
            return ("nation", value[0]) if len(value) == 1 else None
        if name in ("topic", "speaker"):
            pk = facets.identify(name, value)
            return (name, pk) if pk is not None else None
        if name == "year":
            return ("year", value)
        return None

    def searched_alone(self):
        """Return the words searched when no other filter is chosen, else None."""
        if not self.is_bound or not self.form.is_valid():
            return None
        chosen = {name for name, value in self.form.cleaned_data.items() if value}
        return self.form.cleaned_data["q"] if chosen == {"q"} else None

    def filter_words(self, queryset, name, value):
        return search_releases(queryset, value)

    def filter_nations(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.for_nations(value)

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)

    def filter_speaker(self, queryset, name, value):
        return queryset.for_speaker(value)

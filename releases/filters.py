import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import PartnerNation, PressRelease, Speaker, Topic
from .search import search_releases


class NationCodeField(forms.ModelMultipleChoiceField):
    """Accept ISO codes in any case: ?nation=jp is ?nation=JP."""

    def clean(self, value):
        if value:
            value = [code.upper() if isinstance(code, str) else code for code in value]
        return super().clean(value)


class NationFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = NationCodeField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def public_nations(request):
    return PartnerNation.objects.filter(
        Exists(PressRelease.objects.published().filter(partner_nations=OuterRef("pk")))
    )


def public_topics(request):
    return Topic.objects.filter(
        Exists(PressRelease.objects.published().filter(topics=OuterRef("pk")))
    )


def public_speakers(request):
    published = PressRelease.objects.published()
    return Speaker.objects.filter(
        Exists(published.filter(quotes__speaker=OuterRef("pk")))
        | Exists(published.filter(speakers=OuterRef("pk")))
    )


class ReleaseFilter(django_filters.FilterSet):
    """The public archive's filters; every value stays in the URL."""

    q = django_filters.CharFilter(
        label=_("Words"), method="filter_words", max_length=200
    )
    nation = NationFilter(
        label=_("Partner nations"),
        queryset=public_nations,
        to_field_name="code",
        method="filter_nations",
        widget=forms.CheckboxSelectMultiple,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=public_topics,
        to_field_name="slug",
        method="filter_topic",
        empty_label=_("All topics"),
    )
    year = YearFilter(
        label=_("Year"),
        field_name="published_at",
        lookup_expr="year",
        min_value=1900,
        max_value=2100,
    )
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        queryset=public_speakers,
        to_field_name="slug",
        method="filter_speaker",
        empty_label=_("All speakers"),
    )

    class Meta:
        model = PressRelease
        fields = ["q", "nation", "topic", "year", "speaker"]

    def filter_words(self, queryset, name, value):
        return search_releases(queryset, value)

    def filter_nations(self, queryset, name, value):
        return queryset.for_nations(value) if value else queryset

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)

    def filter_speaker(self, queryset, name, value):
        return queryset.for_speaker(value)

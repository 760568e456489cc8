import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from releases.filters import ReleaseFilter
from releases.models import PartnerNation, PressRelease, ReleaseNation, Speaker, Topic
from releases.widgets import UpperCaseValuesMixin


class PeriodForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("published_after")
        end = cleaned_data.get("published_before")
        if start and end and start > end:
            self.add_error(
                "published_before", _("The end of the period is before its start.")
            )
        return cleaned_data


class SearchForm(PeriodForm):
    field_order = [
        "q",
        "nation",
        "match",
        "category",
        "published_after",
        "published_before",
        "year",
        "status",
        "topic",
        "speaker",
        "ordering",
    ]


class DateInput(forms.DateInput):
    input_type = "date"


class NationSelect(UpperCaseValuesMixin, forms.SelectMultiple):
    pass


class PeriodFilter(django_filters.FilterSet):
    """Choose releases by publication date, in the site's time zone, and state."""

    published_after = django_filters.DateFilter(
        label=_("Published on or after"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    published_before = django_filters.DateFilter(
        label=_("Published on or before"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=DateInput,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PressRelease.State.choices,
        method="filter_status",
        empty_label=_("Any status"),
    )

    class Meta:
        model = PressRelease
        fields = ["published_after", "published_before", "status"]
        form = PeriodForm

    def filter_status(self, queryset, name, value):
        return queryset.in_state(value)

    def key(self):
        """Return the chosen parameters as text, the same whatever their order in
        the query string: it tells apart the reports on different choices."""
        return urlencode(
            sorted(
                (name, value)
                for name in self.form.fields
                for value in self.data.getlist(name)
            )
        )


class ReleaseOrderingFilter(django_filters.OrderingFilter):
    """Sort on the chosen fields, undated drafts last, then the newest first."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.startswith("-"):
            return F(value[1:]).desc(nulls_last=True)
        return F(value).asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), "-pk")


class StaffReleaseFilter(PeriodFilter, ReleaseFilter):
    """Search every release; the public archive's parameters keep their names."""

    nation = django_filters.ModelMultipleChoiceFilter(
        label=_("Partner nations"),
        queryset=PartnerNation.objects.all(),
        to_field_name="code",
        method="filter_nations",
        widget=NationSelect(attrs={"size": 8}),
    )
    match = django_filters.ChoiceFilter(
        label=_("Releases naming"),
        choices=[
            ("any", _("any of these nations")),
            ("all", _("all of these nations")),
        ],
        method="filter_match",
        empty_label=None,
    )
    category = django_filters.ChoiceFilter(
        label=_("Partnership"),
        choices=[choice for choice in ReleaseNation.Category.choices if choice[0]],
        method="filter_category",
        empty_label=_("Any partnership"),
        help_text=_(
            "Releases presenting one of the chosen nations (or, if none is chosen, "
            "any nation) this way."
        ),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        empty_label=_("All topics"),
    )
    speaker = django_filters.ModelChoiceFilter(
        label=_("Speaker"),
        queryset=Speaker.objects.all(),
        to_field_name="slug",
        method="filter_speaker",
        empty_label=_("All speakers"),
    )
    ordering = ReleaseOrderingFilter(
        label=_("Order"),
        fields=[("published_at", "date"), ("title", "title")],
        choices=[
            ("-date", _("Newest first")),
            ("date", _("Oldest first")),
            ("title", _("Title, A to Z")),
            ("-title", _("Title, Z to A")),
        ],
        empty_label=None,
    )

    class Meta:
        model = PressRelease
        fields = SearchForm.field_order
        form = SearchForm

    def filter_nations(self, queryset, name, value):
        if not value:
            return queryset
        match_all = self.form.cleaned_data.get("match") == "all"
        return queryset.for_nations(value, match_all=match_all)

    def filter_match(self, queryset, name, value):
        """Leave the work to filter_nations, which reads the choice."""
        return queryset

    def filter_category(self, queryset, name, value):
        links = ReleaseNation.objects.filter(release=OuterRef("pk"), category=value)
        if nations := self.form.cleaned_data.get("nation"):
            links = links.filter(nation__in=nations)
        return queryset.filter(Exists(links))

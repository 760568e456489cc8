from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import InvalidPage
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.views import BaseFilterView, FilterView

from releases.models import PartnerNation, PressRelease, ReleaseNation

from .charts import bar_chart
from .exports import (
    RELEASE_HEADER,
    csv_response,
    release_rows,
    report_header,
    report_rows,
)
from .filters import PeriodFilter, StaffReleaseFilter
from .reports import report_for, year_label

PAGE_SIZE = 50
CHARTED_NATIONS = 20


class WorkspaceAccessMixin(PermissionRequiredMixin):
    """Send anonymous visitors to log in; refuse (403) users without permission."""

    permission_required = "staff.use_workspace"
    permission_denied_message = _(
        "The staff workspace is for the “Staff readers” group: ask an "
        "administrator to add your account to it."
    )

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class WorkspaceReleasesMixin:
    """Start from every release, drafts and scheduled ones included."""

    def get_queryset(self):
        nations = ReleaseNation.objects.select_related("nation").order_by(
            "nation__name_en"
        )
        return (
            PressRelease.objects.defer("body", "body_html", "body_text")
            .with_review()
            .prefetch_related(Prefetch("releasenation_set", queryset=nations))
            .order_by(F("published_at").desc(nulls_last=True), "-pk")
        )


class StrictPaginationMixin:
    """Show a message and no release for a page that does not exist."""

    paginate_by = PAGE_SIZE
    page_error = False

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            page = paginator.page(self.request.GET.get(self.page_kwarg) or 1)
        except InvalidPage:
            self.page_error = True
            return paginator, None, queryset.none(), False
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "page_error": self.page_error}


def with_states(releases):
    return [(release, release.state) for release in releases]


class IndexView(WorkspaceAccessMixin, TemplateView):
    template_name = "staff/index.html"


class SearchView(
    WorkspaceAccessMixin, StrictPaginationMixin, WorkspaceReleasesMixin, FilterView
):
    filterset_class = StaffReleaseFilter
    template_name = "staff/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "rows": with_states(context["object_list"])}


class SearchCsvView(WorkspaceAccessMixin, WorkspaceReleasesMixin, BaseFilterView):
    filterset_class = StaffReleaseFilter

    def render_to_response(self, context):
        rows = release_rows(self.object_list, self.request.build_absolute_uri)
        return csv_response(RELEASE_HEADER, rows, "cnes-releases.csv")


class ReportView(WorkspaceAccessMixin, FilterView):
    model = PressRelease
    filterset_class = PeriodFilter
    template_name = "staff/report.html"

    def get_context_data(self, **kwargs):
        report = report_for(self.object_list, self.filterset.key())
        year_chart = bar_chart(
            [(year_label(year), count) for year, count in report.year_counts()],
            chart_id="chart-years",
            title=_("Releases per year"),
            description=_("One bar per year; the table below gives the figures."),
        )
        nation_chart = bar_chart(
            [(f.nation.name, f.total) for f in report.nations[:CHARTED_NATIONS]],
            chart_id="chart-nations",
            title=_("Nations most often named"),
            description=_(
                "One bar per nation, for the twenty most often named; the table "
                "below gives the figures for every nation."
            ),
        )
        return super().get_context_data(
            report=report, year_chart=year_chart, nation_chart=nation_chart, **kwargs
        )


class ReportCsvView(WorkspaceAccessMixin, BaseFilterView):
    model = PressRelease
    filterset_class = PeriodFilter

    def render_to_response(self, context):
        report = report_for(self.object_list, self.filterset.key())
        return csv_response(
            report_header(report), report_rows(report), "cnes-report.csv"
        )


class NationTimelineView(WorkspaceAccessMixin, WorkspaceReleasesMixin, FilterView):
    filterset_class = PeriodFilter
    template_name = "staff/nation_timeline.html"

    def get(self, request, *args, **kwargs):
        self.nation = get_object_or_404(PartnerNation, code=kwargs["code"].upper())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .for_nations([self.nation])
            .order_by(F("published_at").asc(nulls_last=True), "pk")
        )

    def get_context_data(self, **kwargs):
        """Report on the nation's releases: each of them names the nation."""
        report = report_for(self.object_list, self.nation.code, self.filterset.key())
        figures = report.figures_for(self.nation)
        chart = bar_chart(
            [(year_label(year), count) for year, count in report.year_counts()],
            chart_id="chart-timeline",
            title=_("Releases naming %(nation)s, per year") % {"nation": self.nation},
            description=_("One bar per year; the table below gives the figures."),
        )
        return super().get_context_data(
            nation=self.nation,
            report=report,
            figures=figures,
            chart=chart,
            rows=with_states(self.object_list),
            **kwargs,
        )

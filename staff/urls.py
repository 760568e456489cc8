from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search.csv", views.SearchCsvView.as_view(), name="search_csv"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("report.csv", views.ReportCsvView.as_view(), name="report_csv"),
    path(
        "nations/<nation:code>/",
        views.NationTimelineView.as_view(),
        name="nation_timeline",
    ),
]

from django.urls import path, register_converter

from . import views


class NationCodeConverter:
    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value.lower()


register_converter(NationCodeConverter, "nation")

app_name = "releases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("releases/", views.ReleaseListView.as_view(), name="list"),
    path("releases/<slug:slug>/", views.ReleaseDetailView.as_view(), name="detail"),
    path("nations/", views.NationListView.as_view(), name="nations"),
    path("nations/<nation:code>/", views.NationDetailView.as_view(), name="nation"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker"),
]

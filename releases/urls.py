from django.urls import path
from django.views.generic import TemplateView

from . import downloads, feeds, views

app_name = "releases"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("releases/", views.ReleaseListView.as_view(), name="list"),
    path("releases/<slug:slug>/", views.ReleaseDetailView.as_view(), name="detail"),
    path("releases/<slug:slug>/pdf/", downloads.ReleasePdfView.as_view(), name="pdf"),
    path(
        "releases/<slug:slug>/press-kit.zip",
        downloads.PressKitView.as_view(),
        name="press_kit",
    ),
    path("preview/<str:token>/", views.PreviewView.as_view(), name="preview"),
    path("nations/", views.NationListView.as_view(), name="nations"),
    path("nations/<nation:code>/", views.NationDetailView.as_view(), name="nation"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="releases/accessibility.html"),
        name="accessibility",
    ),
    path("feeds/releases.atom", feeds.LatestReleasesAtomFeed(), name="feed_atom"),
    path("feeds/releases.rss", feeds.LatestReleasesFeed(), name="feed_rss"),
    path(
        "feeds/nations/<nation:code>.atom",
        feeds.NationReleasesFeed(),
        name="nation_feed",
    ),
    path("feeds/topics/<slug:slug>.atom", feeds.TopicReleasesFeed(), name="topic_feed"),
]

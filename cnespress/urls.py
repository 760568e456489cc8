from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from releases.sitemaps import SITEMAPS

handler400 = "cnespress.errors.bad_request"

urlpatterns = [
    path("media/", include("releases.media_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("staff/", include("staff.urls")),
    path("", include("distribution.urls")),
    path("", include("releases.urls")),
    prefix_default_language=False,
)

handler403 = "cnespress.errors.permission_denied"
handler500 = "cnespress.outages.server_error"

"""The sitemap: every public page, in each language, with its alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import PartnerNation, PressRelease, Speaker, Topic


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    def items(self):
        return [
            "releases:home",
            "releases:list",
            "releases:nations",
            "releases:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ReleaseSitemap(PublicSitemap):
    def items(self):
        return PressRelease.objects.published().only("slug", "updated_at")

    def lastmod(self, release):
        return release.updated_at


class NationSitemap(PublicSitemap):
    def items(self):
        return PartnerNation.objects.with_public_releases()


class TopicSitemap(PublicSitemap):
    def items(self):
        return Topic.objects.with_public_releases()


class SpeakerSitemap(PublicSitemap):
    def items(self):
        return Speaker.objects.with_public_releases()


SITEMAPS = {
    "pages": PageSitemap,
    "releases": ReleaseSitemap,
    "nations": NationSitemap,
    "topics": TopicSitemap,
    "speakers": SpeakerSitemap,
}

"""The sitemap: every public page, in each language, with its alternates, and
the photos of each release (templates/sitemap.xml writes them as image:image)."""

from collections import defaultdict

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import renditions
from .models import PartnerNation, PressRelease, ReleaseImage, Speaker, Topic


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

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        photos = photos_by_release()
        for url in urls:
            release = url["item"][0] if self.i18n else url["item"]
            url["images"] = [
                origin + photo.rendition_url(renditions.widths(photo)[-1])
                for photo in photos[release.pk]
            ]
        return urls


def photos_by_release():
    """Return the photos of the public releases, in order, by release id: one
    query, whatever the number of releases."""
    links = ReleaseImage.objects.filter(
        release__in=PressRelease.objects.published()
    ).select_related("image")
    photos = defaultdict(list)
    for link in links:
        photos[link.release_id].append(link.image)
    return photos


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

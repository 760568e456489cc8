"""Atom and RSS feeds of the latest public releases, in the active language."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import PartnerNation, PressRelease, Topic

FEED_LENGTH = 20


class LatestReleasesFeed(Feed):
    """RSS 2.0 feed of the latest public releases."""

    author_name = "CNES"

    def title(self, obj=None):
        return _("CNES press releases")

    def description(self, obj=None):
        return _("The latest press releases of CNES, the French space agency.")

    def link(self, obj=None):
        return reverse("releases:list")

    def releases(self):
        return PressRelease.objects.published().for_language(get_language())

    def items(self, obj=None):
        return self.releases().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [nation.name for nation in item.nations_by_name()]

    def item_enclosures(self, item):
        """Return the lead photo in high definition: an RSS <enclosure>, an Atom
        <link rel="enclosure"> (made absolute by get_feed)."""
        photo = item.lead_image
        if photo is None:
            return []
        return [Enclosure(photo.download_url, str(photo.file_size), photo.content_type)]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for item in feed.items:
            for enclosure in item["enclosures"]:
                enclosure.url = request.build_absolute_uri(enclosure.url)
        return feed


class LatestReleasesAtomFeed(LatestReleasesFeed):
    """Atom 1.0 feed of the latest public releases."""

    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class NationReleasesFeed(LatestReleasesAtomFeed):
    """Atom feed of the latest public releases concerning one nation."""

    def get_object(self, request, code):
        return get_object_or_404(PartnerNation, code=code.upper())

    def title(self, obj):
        return _("CNES press releases concerning %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("The latest press releases of CNES concerning %(name)s.") % {
            "name": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.releases().for_nations([obj]).for_listing()[:FEED_LENGTH]


class TopicReleasesFeed(LatestReleasesAtomFeed):
    """Atom feed of the latest public releases on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.with_public_releases(), slug=slug)

    def title(self, obj):
        return _("CNES press releases: %(name)s") % {"name": obj.name}

    def description(self, obj):
        return _("The latest press releases of CNES on %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.releases().for_topic(obj).for_listing()[:FEED_LENGTH]

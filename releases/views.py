from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from . import previews
from .filters import PAGE_SIZE, ReleaseFilter
from .models import (
    PartnerNation,
    PressRelease,
    Quote,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    ReleaseNation,
    ReleaseSpeaker,
    Speaker,
    Topic,
)
from .pagination import ListingPaginator
from .search import search_public


class ForgivingPaginationMixin:
    """Show the nearest valid page for ?page=999 or ?page=abc instead of a 404."""

    paginate_by = PAGE_SIZE
    paginator_class = ListingPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset,
            per_page,
            request=self.request,
            listing=self.get_listing(),
            page_kwarg=self.page_kwarg,
            **kwargs,
        )

    def get_listing(self):
        """Return the public listing whose count is kept as data (see
        ListingPaginator), or None to count the releases."""
        return None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class PublicReleasesMixin:
    def get_queryset(self):
        return (
            PressRelease.objects.published().for_language(get_language()).for_listing()
        )


class HomeView(PublicReleasesMixin, ListView):
    template_name = "releases/home.html"
    context_object_name = "latest_releases"

    def get_queryset(self):
        """Return the latest release, which opens the page, and six more (a list:
        the page reads the first apart from the others)."""
        return list(super().get_queryset()[:7])


class ReleaseListView(ForgivingPaginationMixin, PublicReleasesMixin, FilterView):
    filterset_class = ReleaseFilter
    template_name = "releases/pressrelease_list.html"

    def get_listing(self):
        return self.filterset.listing()

    def paginate_queryset(self, queryset, page_size):
        """Page words searched alone through search_public(), which ranks inside
        the index: the same releases, in the same order, as the filters give."""
        if words := self.filterset.searched_alone():
            queryset = search_public(self.get_queryset(), words, get_language())
        return super().paginate_queryset(queryset, page_size)


class ReleaseDetailView(DetailView):
    def get_releases(self):
        return PressRelease.objects.visible_to(self.request.user)

    def get_queryset(self):
        releases = self.get_releases()
        return releases.select_related(
            "translation_of", "translated_as"
        ).prefetch_related(
            "topics",
            Prefetch(
                "releasenation_set",
                queryset=ReleaseNation.objects.select_related("nation"),
            ),
            Prefetch(
                "releasecontact_set",
                queryset=ReleaseContact.objects.select_related("contact"),
            ),
            Prefetch(
                "releasespeaker_set",
                queryset=ReleaseSpeaker.objects.select_related("speaker"),
            ),
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            Prefetch(
                "releaseimage_set",
                queryset=ReleaseImage.objects.select_related("image"),
            ),
            Prefetch(
                "releasedocument_set",
                queryset=ReleaseDocument.objects.select_related("document"),
            ),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_releases=self.object.related(), **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published():
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class PreviewView(ReleaseDetailView):
    """Show an unpublished release to whoever holds an active embargo preview link.

    A bad, unknown, revoked or expired link is a 404; once the release is public,
    the link leads to its public page.
    """

    template_name = "releases/pressrelease_preview.html"

    def get_releases(self):
        return PressRelease.objects.all()

    def get_object(self, queryset=None):
        link = previews.find_active(self.kwargs["token"])
        if link is None:
            raise Http404
        return get_object_or_404(self.get_queryset(), pk=link.release_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published():
            return redirect(self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            embargoed_until=self.object.embargoed_until(), **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response


class NationListView(ListView):
    template_name = "releases/partnernation_list.html"
    context_object_name = "nations"

    def get_queryset(self):
        return PartnerNation.objects.named_by_public_releases(get_language())


class ReleasesOfObjectView(ForgivingPaginationMixin, PublicReleasesMixin, ListView):
    """List the public releases of one nation, topic or speaker."""

    context_object_name = "releases"

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class NationDetailView(ReleasesOfObjectView):
    template_name = "releases/partnernation_detail.html"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("releases:nation", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_subject(self):
        return get_object_or_404(PartnerNation, code=self.kwargs["code"].upper())

    def get_queryset(self):
        return super().get_queryset().for_nations([self.subject])

    def get_listing(self):
        return ("nation", self.subject.code)


class TopicDetailView(ReleasesOfObjectView):
    """A topic that no public release names is a 404, as an unknown one is: its
    page would announce a draft's or an embargoed release's subject."""

    template_name = "releases/topic_detail.html"

    def get_subject(self):
        return get_object_or_404(
            Topic.objects.with_public_releases(), slug=self.kwargs["slug"]
        )

    def get_queryset(self):
        return super().get_queryset().for_topic(self.subject)

    def get_listing(self):
        return ("topic", self.subject.pk)


class SpeakerDetailView(ReleasesOfObjectView):
    """A speaker that no public release quotes or features is a 404 (see
    TopicDetailView)."""

    template_name = "releases/speaker_detail.html"

    def get_subject(self):
        return get_object_or_404(
            Speaker.objects.with_public_releases(), slug=self.kwargs["slug"]
        )

    def get_queryset(self):
        return super().get_queryset().for_speaker(self.subject)

    def get_listing(self):
        return ("speaker", self.subject.pk)

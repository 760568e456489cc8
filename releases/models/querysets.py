"""The queries that select press releases, and the rows a list of them reads."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language

from ..addresses import cached_reverse
from .reference import PartnerNation, sort_key

ARCHIVE_PAGE_SIZE = 20  # releases per page of the public archive


def named_by_few(codes):
    """Tell whether the nations are named by so few public releases that a page of
    them is found faster from their links (reading the n links) than by reading
    the archive newest first until a page is full (about page_size × total / n
    releases).

    The releases are those of the active language's listings, counted as data
    (releases.counts) and kept once per version of the public content.
    """
    from ..versioning import memoize  # versioning.py imports the models

    language = get_language()
    published, named = memoize("named", [language], lambda: _count_named(language))
    count = sum(named.get(code, 0) for code in codes)
    return count * count < ARCHIVE_PAGE_SIZE * published


def _count_named(language):
    """Return the number of public releases, and how many name each nation."""
    from .. import counts  # counts.py imports the models

    return counts.public_count(language), counts.public_counts(language, "nation")


def _has_pending_change():
    from .review import PendingChange  # review.py imports this module

    return Exists(
        PendingChange.objects.filter(
            release=OuterRef("pk"), state=PendingChange.State.PENDING
        )
    )


def _by_slug(name, value):
    """Return the condition on a relation to an object, or to its slug."""
    if isinstance(value, str):
        return Q(**{f"{name}__slug": value})
    return Q(**{name: value})


class PressReleaseQuerySet(models.QuerySet):
    def published(self):
        """Return the releases visible to the public: published, and due."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        """Return the published releases whose time has not come yet."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def in_state(self, state):
        """Return the releases in ``state`` (a ``self.model.State``): drafts
        include those submitted, scheduled and published releases those with
        changes pending (see ``self.model.State``)."""
        State = self.model.State
        if state == State.PUBLISHED:
            return self.published()
        if state == State.SCHEDULED:
            return self.scheduled()
        drafts = self.filter(status=self.model.Status.DRAFT)
        if state == State.DRAFT:
            return drafts
        if state == State.SUBMITTED:
            return drafts.exclude(submitted_at=None)
        if state == State.CHANGES_PENDING:
            return self.filter(_has_pending_change())
        raise ValueError(f"Unknown state: {state!r}")

    def with_review(self):
        """Annotate each release with whether it has changes pending
        (``has_pending_change``), which its ``state`` then reads."""
        return self.annotate(has_pending_change=_has_pending_change())

    def visible_to(self, user):
        """Return every release for editors who may preview, else the public ones."""
        if user.has_perm("releases.change_pressrelease"):
            return self.all()
        return self.published()

    def for_nations(self, nations, match_all=False):
        """Return releases concerning any (or, with match_all, all) of the nations.

        For any of the nations, the query starts from the nations' links when few
        public releases name them (``named_by_few``), else from the releases in
        date order: both give the same releases, one reads fewer rows.
        """
        from .links import ReleaseNation  # links.py imports this module

        codes = [getattr(nation, "code", nation) for nation in nations]
        if match_all:
            queryset = self
            for code in codes:
                queryset = queryset.filter(
                    Exists(
                        ReleaseNation.objects.filter(
                            release=OuterRef("pk"), nation_id=code
                        )
                    )
                )
            return queryset
        links = ReleaseNation.objects.filter(nation__in=codes)
        if named_by_few(codes):
            return self.filter(pk__in=links.values("release_id"))
        return self.filter(Exists(links.filter(release=OuterRef("pk"))))

    def for_topic(self, topic):
        """Return releases on the topic (a Topic, or its slug)."""
        return self.filter(
            Exists(
                self.model.topics.through.objects.filter(
                    _by_slug("topic", topic), pressrelease=OuterRef("pk")
                )
            )
        )

    def for_speaker(self, speaker):
        """Return releases in which the speaker (a Speaker, or its slug) is quoted
        or featured."""
        from .links import Quote, ReleaseSpeaker  # links.py imports this module

        is_speaker = _by_slug("speaker", speaker)
        return self.filter(
            Exists(Quote.objects.filter(is_speaker, release=OuterRef("pk")))
            | Exists(ReleaseSpeaker.objects.filter(is_speaker, release=OuterRef("pk")))
        )

    def for_language(self, language):
        """Return the releases in the language, and those in another language that
        have no public translation in it (shown as such)."""
        translated = self.model.objects.published().filter(language=language)
        return self.filter(
            Q(language=language)
            | (
                ~Exists(translated.filter(translation_of=OuterRef("pk")))
                & ~Exists(translated.filter(pk=OuterRef("translation_of")))
            )
        )

    def for_listing(self):
        """Return what a list of releases shows, as ``ListedRelease`` rows read
        with ``values()`` (no model instances), their nations and photos in one
        query each."""
        listed = self.values(*LISTED_FIELDS)
        listed._iterable_class = ListingIterable
        return listed


LISTED_FIELDS = [
    "id",
    "title",
    "slug",
    "language",
    "summary",
    "published_at",
    "updated_at",
    "translation_of_id",
]


class ListedRelease:
    """A release in a list: the fields a list shows, its nations and photos."""

    search_rank = search_title = search_snippet = None

    def __init__(self, row):
        self.__dict__.update(row)
        self.pk = row["id"]
        self.nations, self.images = [], []

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return cached_reverse("releases:detail", slug=self.slug)

    def nations_by_name(self):
        return sorted(self.nations, key=lambda nation: sort_key(nation.name))

    def photos(self):
        return self.images

    @property
    def lead_image(self):
        return self.images[0] if self.images else None


class ListingIterable(models.query.ValuesIterable):
    """Yield ListedRelease rows, with their nations and photos."""

    def __iter__(self):
        from .links import ReleaseNation  # links.py imports this module
        from .media import Image  # media.py imports this module

        releases = {row["id"]: ListedRelease(row) for row in super().__iter__()}
        if releases:
            links = ReleaseNation.objects.filter(release_id__in=releases).values_list(
                "release_id", "nation_id", "nation__name_en", "nation__name_fr"
            )
            for release_id, code, name_en, name_fr in links:
                releases[release_id].nations.append(
                    PartnerNation(code=code, name_en=name_en, name_fr=name_fr)
                )
            photos = (
                Image.objects.filter(releaseimage__release_id__in=releases)
                .annotate(release_id=models.F("releaseimage__release_id"))
                .order_by("releaseimage__position", "releaseimage__pk")
            )
            for photo in photos:
                releases[photo.release_id].images.append(photo)
        yield from releases.values()

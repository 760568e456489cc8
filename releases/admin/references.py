"""The admin of what releases point to: partner nations, topics, speakers and
press contacts."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..models import Contact, PartnerNation, ReleaseNation, Speaker, Topic
from .history import HistoryAdmin


@admin.register(PartnerNation)
class PartnerNationAdmin(HistoryAdmin):
    list_display = ["code", "name_en", "name_fr", "release_count"]
    search_fields = ["code", "name_en", "name_fr"]
    ordering = ["name_en"]

    def get_queryset(self, request):
        """Count each nation's releases in a subquery: read for the rows shown
        only, not for every nation the nation box ranks or counts."""
        releases = (
            ReleaseNation.objects.filter(nation=OuterRef("pk"))
            .values("nation")
            .annotate(count=Count("*"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(release_count=Coalesce(Subquery(releases), 0))
        )

    def get_search_results(self, request, queryset, search_term):
        """Rank the nation box's answers: "India" offers India first, "USA" and
        "Russie" find their nations (the list page sorts them its own way)."""
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    @admin.display(description=_("releases"), ordering="release_count")
    def release_count(self, obj):
        return obj.release_count


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name_en", "name_fr", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Speaker)
class SpeakerAdmin(HistoryAdmin):
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ["name", "role", "phone", "email"]
    search_fields = ["name", "role", "email"]

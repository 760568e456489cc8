"""The admin of what releases point to: partner nations, topics, speakers and
press contacts."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Contact, PartnerNation, Speaker, Topic
from .history import HistoryAdmin


@admin.register(PartnerNation)
class PartnerNationAdmin(HistoryAdmin):
    list_display = ["code", "name_en", "name_fr", "release_count"]
    search_fields = ["code", "name_en", "name_fr"]
    ordering = ["name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(release_count=Count("releases"))

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

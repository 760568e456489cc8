import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from releases import publishing
from releases.models import PressRelease

from . import importing, sending, subscriptions
from .emails import embargo_notice
from .forms import CSVImportForm, EmbargoForm
from .models import Delivery, Subscriber, SubscriberList


class MembershipInline(admin.TabularInline):
    model = SubscriberList.members.through
    autocomplete_fields = ["subscriberlist"]
    extra = 0
    verbose_name = gettext_lazy("list")
    verbose_name_plural = gettext_lazy("lists")


class SubscriberAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and not cleaned.get("consent_text"):
            self.add_error(
                "consent_text",
                _("Say how this person agreed to receive releases."),
            )
        return cleaned


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    form = SubscriberAdminForm
    change_form_template = "admin/distribution/subscriber/change_form.html"
    list_display = [
        "email",
        "name",
        "outlet",
        "language",
        "status",
        "source",
        "consent_at",
    ]
    list_filter = ["status", "language", "source", "lists"]
    search_fields = ["email", "name", "outlet"]
    autocomplete_fields = ["nations", "topics"]
    inlines = [MembershipInline]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["email", "name", "outlet", "language", "status"]}),
        (gettext_lazy("Interests"), {"fields": ["nations", "topics"]}),
        (
            gettext_lazy("Consent"),
            {
                "fields": [
                    "consent_text",
                    "consent_at",
                    ("source", "added_by"),
                    "source_detail",
                    ("created_at", "unsubscribed_at"),
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        record = [
            "consent_at",
            "source",
            "added_by",
            "source_detail",
            "created_at",
            "unsubscribed_at",
        ]
        if obj is None:
            return record
        return ["email", "consent_text", *record]

    def get_changeform_initial_data(self, request):
        return {
            **super().get_changeform_initial_data(request),
            "status": Subscriber.Status.CONFIRMED,
        }

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = Subscriber.Source.ADMIN
            obj.added_by = request.user
            obj.consent_at = timezone.now()
        elif "status" in form.changed_data:
            if obj.status == Subscriber.Status.UNSUBSCRIBED:
                obj.unsubscribed_at = timezone.now()
        super().save_model(request, obj, form, change)
        if change and obj.status == Subscriber.Status.UNSUBSCRIBED:
            subscriptions.unsubscribe(obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="distribution_subscriber_export",
            ),
            path(
                "<int:pk>/erase/",
                self.admin_site.admin_view(self.erase_view),
                name="distribution_subscriber_erase",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, pk):
        """Download all that is kept about one subscriber, as JSON."""
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_view_permission(request, subscriber):
            raise PermissionDenied
        response = HttpResponse(
            json.dumps(subscriptions.export(subscriber), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="subscriber-{pk}.json"'
        return response

    def erase_view(self, request, pk):
        """Erase one subscriber's personal data, after a confirmation page."""
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_delete_permission(request, subscriber):
            raise PermissionDenied
        if request.method == "POST":
            subscriptions.erase(subscriber)
            self.message_user(
                request,
                _("The subscriber’s personal data was erased."),
                messages.SUCCESS,
            )
            return redirect("admin:distribution_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": subscriber,
            "subscriber": subscriber,
            "deliveries": subscriber.deliveries.count(),
            "title": _("Erase a subscriber"),
        }
        return TemplateResponse(
            request, "admin/distribution/subscriber/erase.html", context
        )


@admin.register(SubscriberList)
class SubscriberListAdmin(admin.ModelAdmin):
    change_form_template = "admin/distribution/subscriberlist/change_form.html"
    list_display = ["name", "member_count", "created_at"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=gettext_lazy("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="distribution_subscriberlist_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk):
        """Add the subscribers of a CSV file to a list; report invalid lines."""
        subscriber_list = get_object_or_404(SubscriberList, pk=pk)
        if not self.has_change_permission(request, subscriber_list):
            raise PermissionDenied
        form = CSVImportForm(request.POST or None, request.FILES or None)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows, errors = importing.read_rows(upload.read())
            except importing.CSVError as error:
                errors = [str(error)]
            if not errors:
                created, known = importing.add_to_list(
                    subscriber_list,
                    rows,
                    user=request.user,
                    file_name=upload.name,
                    consent_text=form.cleaned_data["consent"],
                )
                self.message_user(
                    request,
                    _(
                        "%(created)d new subscribers, %(known)d already known: "
                        "all are in the list now."
                    )
                    % {"created": created, "known": known},
                    messages.SUCCESS,
                )
                return redirect(
                    "admin:distribution_subscriberlist_change", subscriber_list.pk
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": subscriber_list,
            "form": form,
            "errors": errors,
            "title": _("Import subscribers into “%(list)s”")
            % {"list": subscriber_list},
        }
        return TemplateResponse(
            request, "admin/distribution/subscriberlist/import.html", context
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "release",
        "subscriber",
        "kind",
        "state",
        "version",
        "attempts",
        "sent_at",
        "accepted_at",
        "error",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["release", "subscriber", "version"]
    search_fields = ["release__title", "subscriber__email"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "embargo/<int:release>/",
                self.admin_site.admin_view(self.embargo_view),
                name="distribution_delivery_embargo",
            ),
            *super().get_urls(),
        ]

    def embargo_view(self, request, release):
        """Send a scheduled release now, under embargo, to the chosen lists."""
        release = get_object_or_404(PressRelease, pk=release)
        if not publishing.can_publish(request.user):
            raise PermissionDenied
        back = reverse("admin:releases_pressrelease_change", args=[release.pk])
        if not release.is_scheduled():
            self.message_user(
                request,
                _("Only a scheduled release can be sent under embargo."),
                messages.ERROR,
            )
            return redirect(back)
        form = EmbargoForm(request.POST or None)
        if form.is_valid():
            count = sending.plan_embargo(
                release, form.cleaned_data["lists"], request.user
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d journalist will receive the release under embargo.",
                    "%(count)d journalists will receive the release under embargo.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "release": release,
            "form": form,
            "notice": embargo_notice(release),
            "lists": SubscriberList.objects.annotate(
                confirmed=Count(
                    "members", filter=Q(members__status=Subscriber.Status.CONFIRMED)
                )
            ),
            "title": _("Send under embargo"),
        }
        return TemplateResponse(
            request, "admin/distribution/delivery/embargo.html", context
        )

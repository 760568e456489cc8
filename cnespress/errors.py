"""The error pages that need more than a template."""

from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def permission_denied(request, exception):
    """Say why an action was refused: the PermissionDenied's message, in the
    admin's look for an admin page and in the public site's otherwise."""
    context = {"exception": str(exception), "title": _("Action refused")}
    if is_admin_page(request):
        context = {
            **admin.site.each_context(request),
            **context,
            "base_template": "admin/base_site.html",
        }
    return render(request, "403.html", context, status=403)


def is_admin_page(request):
    match = request.resolver_match
    return match is not None and admin.site.name in match.namespaces

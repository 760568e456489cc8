"""The error pages that need more than a template: a refused action (403) and
a request too large to read (413), and the limit of an upload's size."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig
from django.http import UnreadablePostError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from releases.limits import BODY_MAX_LENGTH

# How much of a refused request's body to read and throw away at most: a server
# that closes the connection while the browser is still sending makes it show
# "connection reset" instead of the answer. Past this, the answer may be lost.
DISCARD_LIMIT = 32 * 1024 * 1024
CHUNK_SIZE = 64 * 1024


class UploadTooLarge(RequestDataTooBig):
    """An upload larger than UPLOAD_MAX_REQUEST_BYTES, all its files together."""


class UploadLimitMiddleware:
    """Refuse an upload larger than UPLOAD_MAX_REQUEST_BYTES before reading it
    (Django limits the fields of a form, not its files); bad_request() answers.
    Put it after the authentication, for the admin's look of the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.UPLOAD_MAX_REQUEST_BYTES:
                raise UploadTooLarge("The upload is larger than the server takes.")
        return self.get_response(request)


def bad_request(request, exception):
    """Answer a request larger than DATA_UPLOAD_MAX_MEMORY_SIZE, or an upload
    larger than UPLOAD_MAX_REQUEST_BYTES, with a page that says what happened
    (413 Content Too Large), in the admin's look for the admin; any other bad
    request as Django does (400)."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    discard_body(request)
    upload = isinstance(exception, UploadTooLarge)
    limit = (
        settings.UPLOAD_MAX_REQUEST_BYTES
        if upload
        else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    context = {
        "limit": filesizeformat(limit),
        "body_limit": BODY_MAX_LENGTH,
        "upload": upload,
    }
    if is_admin(request):
        context = {**admin.site.each_context(request), **context}
        return render(request, "admin/413.html", context, status=413)
    return render(request, "413.html", context, status=413)


@requires_csrf_token
def permission_denied(request, exception):
    """Say why an action was refused: the PermissionDenied's message, in the
    admin's look for an admin page and in the public site's otherwise."""
    context = {"exception": str(exception), "title": _("Action refused")}
    if is_admin(request):
        context = {
            **admin.site.each_context(request),
            **context,
            "base_template": "admin/base_site.html",
        }
    return render(request, "403.html", context, status=403)


def discard_body(request):
    """Read what the client is still sending of the request's body (bounded by
    its Content-Length), up to DISCARD_LIMIT."""
    read = 0
    try:
        while read < DISCARD_LIMIT:
            chunk = request.read(CHUNK_SIZE)
            if not chunk:
                break
            read += len(chunk)
    except (OSError, UnreadablePostError):
        pass


def is_admin(request):
    match = request.resolver_match
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    return match.app_name == "admin"

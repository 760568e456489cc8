"""Pages of public listings, counted without reading the whole archive."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import get_language

from . import counts
from .versioning import memoize


class ListingPaginator(Paginator):
    """A paginator that reads the count of a public listing from the counts kept
    as data (``listing``: ``("all", None)``, ``("nation", "JP")``, ``("topic",
    12)``, ``("speaker", 3)`` or ``("year", 2015)``, in the active language), or
    for any other listing (several filters, a search) counts its releases. Either
    is kept for the version of the public content, under the request's path and
    query string without the page number, its parameters in a fixed order.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        request,
        listing=None,
        page_kwarg="page",
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.listing = listing
        self.query = [request.path, _canonical_query(request, leave_out=page_kwarg)]

    @cached_property
    def count(self):
        return memoize("count", [get_language(), *self.query], self._count)

    def _count(self):
        if self.listing is not None:
            return counts.public_count(get_language(), *self.listing)
        return Paginator.count.func(self)


def _canonical_query(request, leave_out):
    return urlencode(
        sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name != leave_out
            for value in values
        )
    )

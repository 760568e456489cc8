"""Pages of public listings, counted once per version of the public content."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.http import urlencode

from .versioning import memoize


class MemoizedCountPaginator(Paginator):
    """A paginator that counts the listing of a request once per version of the
    public content: counting reads every matching release.

    The listing is the request's path and query string without the page number,
    its parameters in a fixed order.
    """

    def __init__(self, object_list, per_page, *, request, page_kwarg="page", **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.listing = [request.path, _canonical_query(request, leave_out=page_kwarg)]

    @cached_property
    def count(self):
        return memoize("count", self.listing, lambda: Paginator.count.func(self))


def _canonical_query(request, leave_out):
    return urlencode(
        sorted(
            (name, value)
            for name, values in request.GET.lists()
            if name != leave_out
            for value in values
        )
    )

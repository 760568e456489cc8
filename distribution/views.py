"""The public pages of subscribers: subscribe, confirm, manage, unsubscribe.

No browser or proxy cache keeps them (``never_cache``): they show an address,
links that act for its owner, or a form's CSRF token.
"""

from django.core.cache import cache
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from cnespress.security import client_ip

from . import links, subscriptions
from .forms import CONSENT, ManageForm, SubscribeForm
from .models import Subscriber

# Subscription requests allowed per hour, for one address and for one client.
LIMIT_PER_ADDRESS = 3
LIMIT_PER_CLIENT = 20
LIMIT_WINDOW = 60 * 60


def over_limit(kind, key, limit):
    """Count one more request under ``key``; return whether it passes ``limit``
    within the hour (in the shared cache)."""
    cache_key = f"distribution:limit:{kind}:{key}"
    cache.add(cache_key, 0, LIMIT_WINDOW)
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, LIMIT_WINDOW)
        return False


def too_many_requests(request):
    return render(request, "distribution/too_many_requests.html", status=429)


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    """Ask for an address and interests; answer the same whether or not the
    address is known, and mail it a confirmation link."""

    form_class = SubscribeForm
    template_name = "distribution/subscribe.html"
    extra_context = {"consent": CONSENT}

    def post(self, request, *args, **kwargs):
        if over_limit("client", client_ip(request), LIMIT_PER_CLIENT):
            return too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        if over_limit("address", address, LIMIT_PER_ADDRESS):
            return too_many_requests(self.request)
        subscriptions.request_subscription(form.cleaned_data, CONSENT)
        return render(
            self.request,
            "distribution/subscribe_sent.html",
            {"email": form.cleaned_data["email"], "days": links.CONFIRMATION_DAYS},
        )


@never_cache
def confirm(request, token):
    try:
        subscriber, choices = links.find_to_confirm(token)
    except links.LinkExpired:
        return render(request, "distribution/link_expired.html", status=410)
    except Subscriber.DoesNotExist:
        return render(request, "distribution/link_invalid.html", status=404)
    subscriptions.confirm(subscriber, choices)
    return render(
        request,
        "distribution/confirmed.html",
        {"subscriber": subscriber, "manage_url": links.manage_url(subscriber)},
    )


class SubscriberLinkMixin:
    """Find the subscriber of the signed link (``links.find`` with ``salt``), or
    answer that the link is unknown."""

    salt = None

    def dispatch(self, request, *args, **kwargs):
        try:
            self.subscriber = links.find(kwargs["token"], self.salt)
        except Subscriber.DoesNotExist:
            return render(request, "distribution/link_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class ManageView(SubscriberLinkMixin, FormView):
    """Change one's name, language and interests, from the link in every mail."""

    salt = links.MANAGE_SALT
    form_class = ManageForm
    template_name = "distribution/manage.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.subscriber}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("saved", False)
        return super().get_context_data(
            subscriber=self.subscriber,
            unsubscribe_url=links.unsubscribe_url(self.subscriber),
            **kwargs,
        )

    def form_valid(self, form):
        form.save()
        return self.render_to_response(self.get_context_data(form=form, saved=True))


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(SubscriberLinkMixin, View):
    """GET shows a button; a POST unsubscribes at once, with no login and no
    confirmation: the button's, or a mail client's one-click (RFC 8058), which
    carries no CSRF token (the signed link is the secret)."""

    salt = links.UNSUBSCRIBE_SALT

    def get(self, request, token):
        return render(
            request, "distribution/unsubscribe.html", {"subscriber": self.subscriber}
        )

    def post(self, request, token):
        subscriptions.unsubscribe(self.subscriber)
        return render(
            request,
            "distribution/unsubscribed.html",
            {"subscriber": self.subscriber},
        )

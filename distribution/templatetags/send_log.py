from django import template

from distribution.models import Delivery
from distribution.sending import story_pk

register = template.Library()


@register.inclusion_tag("admin/distribution/send_log.html", takes_context=True)
def send_log(context, release):
    """Show how many mails of a release (and its translation) are queued, sent
    and failed, with a link to them, and the embargoed pre-send button."""
    story = story_pk(release)
    user = context["request"].user
    return {
        "release": release,
        "story": story,
        "counts": Delivery.objects.filter(release=story).counts(),
        "can_view": user.has_perm("distribution.view_delivery"),
        "can_send_embargo": release.is_scheduled()
        and user.has_perm("releases.publish_pressrelease"),
    }

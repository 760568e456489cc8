from django.conf import settings
from django.core.checks import Warning, register


@register("distribution", deploy=True)
def check_site_url(app_configs, **kwargs):
    """Warn when the links in mails would not use https (Django's own mail.E001
    already refuses a console mailer in production)."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "The links in mails do not use https: set DJANGO_SITE_URL.",
            id="distribution.W001",
        )
    ]

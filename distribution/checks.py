from django.conf import settings
from django.core.checks import Warning, register


@register("distribution", deploy=True)
def check_mail_settings(app_configs, **kwargs):
    """Warn when production would print its mails, or link to a development site."""
    warnings = []
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if backend.endswith("console.EmailBackend"):
        warnings.append(
            Warning(
                "Mails go to the console: set DJANGO_EMAIL_URL.",
                id="distribution.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        warnings.append(
            Warning(
                "The links in mails do not use https: set DJANGO_SITE_URL.",
                id="distribution.W002",
            )
        )
    return warnings

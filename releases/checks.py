from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return []
    return [
        Warning(
            "DJANGO_SECRET_KEY is not set: each process uses a throw-away key, so "
            "sessions and signed links do not survive a restart.",
            hint="Set DJANGO_SECRET_KEY in the production environment.",
            id="cnespress.W001",
        )
    ]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("E-mail distribution")

    def ready(self):
        from . import checks  # noqa: F401

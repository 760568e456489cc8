from django.db import models
from django.utils.translation import gettext_lazy as _


class Workspace(models.Model):
    """Hold the permission to use the staff workspace; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("use_workspace", _("Can use the staff workspace"))]
        verbose_name = _("staff workspace")

    def __str__(self):
        return str(self._meta.verbose_name)

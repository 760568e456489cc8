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


class ReleaseState(models.TextChoices):
    """Where a release stands for staff: not yet public, due later, or public."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")

    @classmethod
    def of(cls, release):
        if release.is_published():
            return cls.PUBLISHED
        if release.is_scheduled():
            return cls.SCHEDULED
        return cls.DRAFT

"""Field helpers shared by the release models."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name):
    """Return a link to the user who did something, kept if the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )

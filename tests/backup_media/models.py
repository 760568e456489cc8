from django.db import models


class Attachment(models.Model):
    file = models.FileField(upload_to="attachments/")

    class Meta:
        app_label = "backup_media"

    def __str__(self):
        return self.file.name

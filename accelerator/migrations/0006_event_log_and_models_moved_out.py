"""The kernel keeps the user and gains the event log; documents and notification
preferences now belong to their own apps. Here the models leave the accelerator's state
only; documents 0001 and notifications 0001, which depend on this migration, take them up
on the same tables and rename them. `migrate accelerator 0005` undoes all three."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accelerator", "0005_dashboard_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DownloadLog"),
                migrations.DeleteModel(name="Document"),
                migrations.DeleteModel(name="NotificationPreference"),
            ],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=80, verbose_name="type d'événement")),
                ("object_id", models.PositiveBigIntegerField()),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="le"),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="auteur·rice",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            options={
                "verbose_name": "événement",
                "verbose_name_plural": "événements",
                "ordering": ["created_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "created_at"], name="event_subject"
                    ),
                    models.Index(fields=["kind", "created_at"], name="event_kind"),
                ],
            },
        ),
    ]

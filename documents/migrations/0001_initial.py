"""Document and DownloadLog move from the accelerator app to this one, rows kept.

The models are created here in Django's state only, on the accelerator's tables; then the
tables, the source index and the content types take this app's names. Backwards, each step
is undone, and the accelerator app has its models and tables back.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import documents.models

MODELS = ["document", "downloadlog"]


def move_content_types(source, target):
    """Give the models' content types the target app's label. The originals keep their ids,
    and so what points to them (permissions, admin log entries); an empty one that Django
    made meanwhile under the target label (after a migration back) makes way."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MODELS:
            original = ContentType.objects.filter(app_label=source, model=model).first()
            if original is None:
                continue
            ContentType.objects.filter(app_label=target, model=model).delete()
            original.app_label = target
            original.save(update_fields=["app_label"])

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("accelerator", "0006_event_log_and_models_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Document",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=30, verbose_name="type de document")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("version", models.CharField(blank=True, max_length=50, verbose_name="version")),
                        (
                            "content_hash",
                            models.CharField(max_length=64, verbose_name="empreinte du contenu"),
                        ),
                        ("html", models.TextField()),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("requested", "Demandé"),
                                    ("rendering", "En préparation"),
                                    ("ready", "Prêt"),
                                    ("failed", "Échec"),
                                ],
                                db_index=True,
                                default="requested",
                                max_length=12,
                                verbose_name="état",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True, max_length=255, upload_to=documents.models.document_path
                            ),
                        ),
                        ("size", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("pages", models.PositiveIntegerField(blank=True, null=True)),
                        ("error", models.TextField(blank=True, verbose_name="erreur")),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        (
                            "requested_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="demandé le"
                            ),
                        ),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document",
                        "verbose_name_plural": "documents",
                        "ordering": ["-requested_at"],
                        "db_table": "accelerator_document",
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id", "kind"],
                                name="accelerator_content_adbbda_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "content_type", "object_id", "content_hash"),
                                name="one_document_per_content",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DownloadLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("version", models.CharField(blank=True, max_length=50)),
                        ("downloaded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="downloads",
                                to="documents.document",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "téléchargement",
                        "verbose_name_plural": "téléchargements",
                        "ordering": ["-downloaded_at"],
                        "db_table": "accelerator_downloadlog",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="document", table=None),
        migrations.AlterModelTable(name="downloadlog", table=None),
        migrations.RenameIndex(
            model_name="document",
            new_name="document_source",
            old_name="accelerator_content_adbbda_idx",
        ),
        migrations.RunPython(
            move_content_types("accelerator", "documents"),
            move_content_types("documents", "accelerator"),
        ),
    ]

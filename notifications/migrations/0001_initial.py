"""NotificationPreference moves from the accelerator app to this one, rows kept: created
here in Django's state only, on the accelerator's table, which then takes this app's name
(and so does its content type). Backwards, each step is undone."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(source, target):
    """Give the model's content type the target app's label. The original keeps its id, and
    so what points to it (permissions, admin log entries); an empty one that Django made
    meanwhile under the target label (after a migration back) makes way."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        model = "notificationpreference"
        original = ContentType.objects.filter(app_label=source, model=model).first()
        if original is None:
            return
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
                    name="NotificationPreference",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=40, verbose_name="type de notification")),
                        ("enabled", models.BooleanField(default=True, verbose_name="activée")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notification_preferences",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "préférence de notification",
                        "verbose_name_plural": "préférences de notification",
                        "db_table": "accelerator_notificationpreference",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "kind"), name="one_preference_per_kind"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notificationpreference", table=None),
        migrations.RunPython(
            move_content_type("accelerator", "notifications"),
            move_content_type("notifications", "accelerator"),
        ),
    ]

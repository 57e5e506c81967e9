"""The stays in each stage and the furthest step reached, kept from the transition log for
the dashboard (initiatives.stays), and built here from the log already written."""

import django.db.models.deletion
from django.db import migrations, models


def build(apps, schema_editor):
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    Initiative = apps.get_model("initiatives", "Initiative")
    if not Initiative.objects.exists():
        return
    if not StateLog.objects.exists():
        # No log: the furthest step is the current stage's.
        from initiatives.models import CHAIN_STEP

        for stage, step in CHAIN_STEP.items():
            Initiative.objects.filter(stage=stage).update(furthest_step=step)
        return
    from initiatives.stays import refresh

    refresh()


class Migration(migrations.Migration):
    dependencies = [
        ("django_fsm_log", "0004_auto_20190131_0341"),
        ("initiatives", "0007_public_sheet"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="furthest_step",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name="StageStay",
            fields=[
                (
                    "log",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="django_fsm_log.statelog",
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("draft", "Brouillon"),
                            ("submitted", "Soumise"),
                            ("identified", "Repérée"),
                            ("in_evaluation", "En évaluation"),
                            ("evaluated", "Évaluée"),
                            ("validated", "Validée"),
                            ("spreading", "En essaimage"),
                            ("scaling", "En changement d'échelle"),
                            ("rework", "À retravailler"),
                            ("declined", "Déclinée"),
                            ("withdrawn", "Retirée"),
                            ("archived", "Archivée"),
                        ],
                        max_length=50,
                        verbose_name="étape",
                    ),
                ),
                ("seconds", models.FloatField(verbose_name="durée (secondes)")),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stays",
                        to="initiatives.initiative",
                    ),
                ),
            ],
            options={
                "verbose_name": "séjour à une étape",
                "verbose_name_plural": "séjours à une étape",
                "indexes": [
                    models.Index(
                        fields=["stage", "seconds"], include=("initiative",), name="stay_stage"
                    )
                ],
            },
        ),
        migrations.RunPython(build, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["stage", "furthest_step"],
                include=("call", "created_at"),
                name="initiative_funnel",
            ),
        ),
    ]

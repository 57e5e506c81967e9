"""One live replication per initiative, organisation and territory.

A database may hold duplicates declared before the rule (a partner's double submit): the
constraint could not be created over them. Of each group, the replication furthest along
(then the oldest) is kept; the others are abandoned, with a log row that says why, as the
`abandon` transition would record it.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# Furthest along first; abandoned replications take no part.
PROGRESS = ["autonomous", "launched", "preparation", "agreement", "interest"]
REASON = (
    "Abandonnée lors de la mise en place de la règle « une seule réplication en cours par "
    "structure et territoire » : doublon de la réplication n°{kept}."
)


def abandon_duplicates(apps, schema_editor):
    Replication = apps.get_model("swarming", "Replication")
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    live = Replication.objects.exclude(state="abandoned")
    groups = (
        live.values("initiative_id", "organisation_id", "territory_id")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
    )
    content_type = None
    for group in groups:
        del group["n"]
        rows = sorted(
            live.filter(**group).values("id", "state"),
            key=lambda row: (PROGRESS.index(row["state"]), row["id"]),
        )
        kept, extra = rows[0]["id"], rows[1:]
        if content_type is None:
            content_type, _ = ContentType.objects.get_or_create(
                app_label="swarming", model="replication"
            )
        now = timezone.now()
        for row in extra:
            Replication.objects.filter(pk=row["id"]).update(state="abandoned", updated_at=now)
            StateLog.objects.create(
                timestamp=now,
                content_type_id=content_type.pk,
                object_id=row["id"],
                transition="abandon",
                source_state=row["state"],
                state="abandoned",
                description=REASON.format(kept=kept),
            )


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0009_created_index'),
        ('swarming', '0002_plan_budget_not_negative'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("django_fsm_log", "0004_auto_20190131_0341"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(abandon_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='replication',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'abandoned'), _negated=True), fields=('initiative', 'organisation', 'territory'), name='one_live_replication_per_territory', violation_error_message='Votre structure reprend déjà cette méthode sur ce territoire : voir la réplication.'),
        ),
    ]

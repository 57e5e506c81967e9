"""Essaimage holds what the domain implies: a published kit version has its publication
date, a retired one its retirement date, a replication taken up (an agreement signed, or
further) the date its convention was signed, and a scale-up plan's budget is not negative.

Before the constraints are added, the rows that would break them are dealt with:

- a published (retired) version without its date gets the time of its "publish" ("retire")
  transition from its log; without a log row, its last change (updated_at), since a
  published or retired version does not change after that step: the best account there is,
  and a kit without a date would fall out of the catalogue's lists;
- a replication taken up without its agreement date gets the day its "agree" transition was
  logged (the chargée de mission records the signature on the day she learns of it). Without
  a log row, it is refused: the date of a signed convention is a fact on paper, which
  partners' reports are checked against, and a guess would mislead them. The migration
  stops before changing anything and names the replications;
- a negative budget is refused likewise: the carrier chose it, and a migration cannot tell
  which amount was meant.

Someone corrects the refused rows (the convention's date, the budget), and the migration is
run again.
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.utils import timezone

TAKEN_UP = ["agreement", "preparation", "launched", "autonomous"]
SHOWN = 50


def refuse_rows(problems):
    if not problems:
        return
    lines = [f"- {problem}" for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"- … et {len(problems) - SHOWN} autres.")
    raise CommandError(
        "La migration swarming 0005 ne peut pas ajouter ses contraintes : ces lignes les "
        "enfreignent, et la bonne valeur ne peut pas être devinée. Corrigez-les, puis "
        "relancez la migration (rien n'a été modifié).\n" + "\n".join(lines)
    )


def logged_at(apps, model, object_ids, state):
    """The time of the latest move of each object to `state`, from django-fsm-log."""
    StateLog = apps.get_model("django_fsm_log", "StateLog")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="swarming", model=model).first()
    if content_type is None or not object_ids:
        return {}
    return dict(
        StateLog.objects.filter(
            content_type_id=content_type.pk, object_id__in=object_ids, state=state
        )
        .values("object_id")
        .annotate(at=models.Max("timestamp"))
        .values_list("object_id", "at")
    )


def date_kits(apps, state, field):
    TransferKit = apps.get_model("swarming", "TransferKit")
    undated = dict(
        TransferKit.objects.filter(state=state, **{f"{field}__isnull": True}).values_list(
            "pk", "updated_at"
        )
    )
    logged = logged_at(apps, "transferkit", list(undated), state)
    for pk, updated_at in undated.items():
        TransferKit.objects.filter(pk=pk).update(**{field: logged.get(pk, updated_at)})


def check_and_repair(apps, schema_editor):
    Replication = apps.get_model("swarming", "Replication")
    ScaleUpPlan = apps.get_model("swarming", "ScaleUpPlan")
    undated = list(
        Replication.objects.filter(state__in=TAKEN_UP, agreement_signed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", "state")
    )
    agreed = logged_at(apps, "replication", [pk for pk, _state in undated], "agreement")
    problems = [
        f"réplication n°{pk} ({state}) : convention signée, sans date ni trace de sa signature"
        for pk, state in undated
        if pk not in agreed
    ]
    problems += [
        f"plan de changement d'échelle n°{pk} : budget {budget}"
        for pk, budget in ScaleUpPlan.objects.filter(budget__lt=0)
        .order_by("pk")
        .values_list("pk", "budget")
    ]
    refuse_rows(problems)

    for pk, at in agreed.items():
        Replication.objects.filter(pk=pk).update(agreement_signed_on=timezone.localdate(at))
    date_kits(apps, "published", "published_at")
    date_kits(apps, "retired", "retired_at")


class Migration(migrations.Migration):

    dependencies = [
        ('swarming', '0004_kit_version_state_labels'),
        ("django_fsm_log", "0004_auto_20190131_0341"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(check_and_repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='replication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state__in', ['agreement', 'preparation', 'launched', 'autonomous']), _negated=True), ('agreement_signed_on__isnull', False), _connector='OR'), name='taken_up_replication_has_agreement_date', violation_error_message='Indiquez la date de signature de la convention.'),
        ),
        migrations.AddConstraint(
            model_name='scaleupplan',
            constraint=models.CheckConstraint(condition=models.Q(('budget__gte', 0)), name='plan_budget_not_negative', violation_error_message='Le budget ne peut pas être négatif.'),
        ),
        migrations.AddConstraint(
            model_name='transferkit',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='published_kit_has_its_date', violation_error_message='Une version publiée du kit porte sa date de publication.'),
        ),
        migrations.AddConstraint(
            model_name='transferkit',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'retired'), _negated=True), ('retired_at__isnull', False), _connector='OR'), name='retired_kit_has_its_date', violation_error_message='Une version retirée du kit porte sa date de retrait.'),
        ),
    ]

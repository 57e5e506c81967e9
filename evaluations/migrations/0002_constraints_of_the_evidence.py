"""The register of evidence holds what the domain implies: Nesta levels 1 to 5, SMS levels 1
to 5 (or none), an attrition between 0 and 100 %, a cost per beneficiary that is not
negative, and effect sizes inside their confidence interval.

Before each constraint is added, the rows that would break it are dealt with:

- an SMS level out of range is repaired: it follows from the evaluation's design
  (evaluations.models.SMS_LEVELS, copied below as it stands today), as evaluation_rate
  writes it;
- a Nesta level, an attrition, a cost or an effect size out of range is refused: each was
  decided by the committee or read in an evaluator's report, and a migration can neither
  guess the right figure nor drop it without the register losing the evidence it rests on
  (a rating might stand on that attrition, a validation on that cost). The migration stops
  before changing anything and names the rows; someone who can read the report, or the
  committee, corrects them, and the migration is run again. Such rows are rare: the forms
  have refused them for long.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import F, Q

# The SMS level of each design (evaluations.models.SMS_LEVELS when this was written).
SMS_LEVELS = {
    "theory_of_change": None,
    "before_after": 1,
    "comparison_group": 2,
    "diff_in_diff": 3,
    "quasi_random": 4,
    "rct": 5,
}
SHOWN = 50


def refuse_rows(migration, problems):
    """Stop the migration, naming the rows a person must correct first."""
    if not problems:
        return
    lines = [f"- {problem}" for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"- … et {len(problems) - SHOWN} autres.")
    raise CommandError(
        f"La migration {migration} ne peut pas ajouter ses contraintes : ces lignes les "
        "enfreignent, et la bonne valeur ne peut pas être devinée. Corrigez-les, puis "
        "relancez la migration (rien n'a été modifié).\n" + "\n".join(lines)
    )


def check_and_repair(apps, schema_editor):
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Outcome = apps.get_model("evaluations", "Outcome")
    EvidenceRating = apps.get_model("evaluations", "EvidenceRating")
    problems = [
        f"notation n°{pk} (évaluation n°{evaluation}) : niveau Nesta {level}, de 1 à 5"
        for pk, evaluation, level in EvidenceRating.objects.exclude(
            nesta_level__gte=1, nesta_level__lte=5
        )
        .order_by("pk")
        .values_list("pk", "evaluation_id", "nesta_level")
    ]
    problems += [
        f"évaluation n°{pk} : attrition {attrition}, de 0 à 100"
        for pk, attrition in Evaluation.objects.filter(Q(attrition__lt=0) | Q(attrition__gt=100))
        .order_by("pk")
        .values_list("pk", "attrition")
    ]
    problems += [
        f"évaluation n°{pk} : coût par bénéficiaire {cost}, négatif"
        for pk, cost in Evaluation.objects.filter(cost_per_beneficiary__lt=0)
        .order_by("pk")
        .values_list("pk", "cost_per_beneficiary")
    ]
    problems += [
        f"résultat n°{pk} (évaluation n°{evaluation}) : taille d'effet {effect} hors de "
        f"l'intervalle [{low} ; {high}]"
        for pk, evaluation, effect, low, high in Outcome.objects.filter(
            Q(effect_size__lt=F("ci_low")) | Q(effect_size__gt=F("ci_high"))
        )
        .order_by("pk")
        .values_list("pk", "evaluation_id", "effect_size", "ci_low", "ci_high")
    ]
    refuse_rows("evaluations 0002", problems)

    wrong_sms = EvidenceRating.objects.filter(Q(sms_level__lt=1) | Q(sms_level__gt=5))
    for rating in wrong_sms.select_related("evaluation"):
        rating.sms_level = SMS_LEVELS.get(rating.evaluation.design)
        rating.save(update_fields=["sms_level"])


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0001_initial'),
        ('initiatives', '0009_created_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(check_and_repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(('attrition__isnull', True), models.Q(('attrition__gte', 0), ('attrition__lte', 100)), _connector='OR'), name='evaluation_attrition_0_to_100', violation_error_message="L'attrition est une part des personnes suivies : de 0 à 100."),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(('cost_per_beneficiary__isnull', True), ('cost_per_beneficiary__gte', 0), _connector='OR'), name='evaluation_cost_not_negative', violation_error_message='Le coût par bénéficiaire ne peut pas être négatif.'),
        ),
        migrations.AddConstraint(
            model_name='evidencerating',
            constraint=models.CheckConstraint(condition=models.Q(('nesta_level__gte', 1), ('nesta_level__lte', 5)), name='rating_nesta_level_1_to_5', violation_error_message='Choisissez un niveau de preuve, de 1 à 5.'),
        ),
        migrations.AddConstraint(
            model_name='evidencerating',
            constraint=models.CheckConstraint(condition=models.Q(('sms_level__isnull', True), models.Q(('sms_level__gte', 1), ('sms_level__lte', 5)), _connector='OR'), name='rating_sms_level_1_to_5', violation_error_message='Le niveau SMS (Maryland) va de 1 à 5, ou reste vide.'),
        ),
        migrations.AddConstraint(
            model_name='outcome',
            constraint=models.CheckConstraint(condition=models.Q(('effect_size__isnull', True), models.Q(models.Q(('ci_low__isnull', True), ('ci_low__lte', models.F('effect_size')), _connector='OR'), models.Q(('ci_high__isnull', True), ('ci_high__gte', models.F('effect_size')), _connector='OR')), _connector='OR'), name='outcome_effect_within_interval', violation_error_message="Les bornes doivent encadrer la taille d'effet : borne basse ≤ taille d'effet ≤ borne haute."),
        ),
        migrations.AlterConstraint(
            model_name='outcome',
            name='outcome_interval_in_order',
            constraint=models.CheckConstraint(condition=models.Q(('ci_low__isnull', True), ('ci_high__isnull', True), ('ci_low__lte', models.F('ci_high')), _connector='OR'), name='outcome_interval_in_order', violation_error_message="Les bornes doivent encadrer la taille d'effet : borne basse ≤ taille d'effet ≤ borne haute."),
        ),
    ]

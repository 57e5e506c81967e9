"""An initiative's annual budget and cost per beneficiary are never negative.

A negative amount in the database (typed before the form refused it, or written around it)
is refused, not repaired: the carrier declared it, and the migration cannot tell a stray
minus sign from another mistake; nor can it drop the amount, since validating an initiative
requires its cost per beneficiary. The migration stops before changing anything and names
the initiatives; staff correct the amounts with the carrier, and the migration is run again.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Q

SHOWN = 50


def refuse_negative_amounts(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    problems = [
        f"initiative n°{pk} « {title} » : budget {budget}, coût par bénéficiaire {cost}"
        for pk, title, budget, cost in Initiative.objects.filter(
            Q(budget__lt=0) | Q(cost_per_beneficiary__lt=0)
        )
        .order_by("pk")
        .values_list("pk", "title", "budget", "cost_per_beneficiary")
    ]
    if not problems:
        return
    lines = [f"- {problem}" for problem in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"- … et {len(problems) - SHOWN} autres.")
    raise CommandError(
        "La migration initiatives 0010 ne peut pas ajouter ses contraintes : ces initiatives "
        "ont un montant négatif, et le bon montant ne peut pas être deviné. Corrigez-les, "
        "puis relancez la migration (rien n'a été modifié).\n" + "\n".join(lines)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0009_created_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_negative_amounts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.CheckConstraint(condition=models.Q(('budget__isnull', True), ('budget__gte', 0), _connector='OR'), name='initiative_budget_not_negative', violation_error_message='Le budget ne peut pas être négatif.'),
        ),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.CheckConstraint(condition=models.Q(('cost_per_beneficiary__isnull', True), ('cost_per_beneficiary__gte', 0), _connector='OR'), name='initiative_cost_not_negative', violation_error_message='Le coût par bénéficiaire ne peut pas être négatif.'),
        ),
    ]

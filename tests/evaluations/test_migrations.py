"""Migration evaluations 0002 on a database that already holds what its constraints refuse:
an SMS level out of range is repaired from the design; a Nesta level, an attrition, a cost or
an effect size out of range stops the migration, which names the rows and changes nothing.
Back and forth: going back drops the constraints, going forward checks the rows again."""

from decimal import Decimal

import pytest
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from evaluations.models import Design, Evaluation, EvidenceRating, Outcome

from ..factories import EvaluationFactory, EvidenceRatingFactory, OutcomeFactory

BEFORE = [("evaluations", "0001_initial")]
RULE = ("evaluations", "0002_constraints_of_the_evidence")


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def applied():
    executor = MigrationExecutor(connection)
    return RULE in executor.loader.applied_migrations


@pytest.fixture
def before_the_rule(transactional_db):
    """The database as it was before 0002 (no constraint), put back to the latest after."""
    migrate(BEFORE)
    yield
    migrate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_sms_level_out_of_range_is_repaired_from_the_design(before_the_rule):
    rct = EvidenceRatingFactory(evaluation__design=Design.RCT, sms_level=9)
    process = EvidenceRatingFactory(evaluation__design=Design.THEORY_OF_CHANGE, sms_level=0)
    right = EvidenceRatingFactory(evaluation__design=Design.BEFORE_AFTER, sms_level=1)

    migrate()

    levels = dict(EvidenceRating.objects.values_list("pk", "sms_level"))
    assert levels == {rct.pk: 5, process.pk: None, right.pk: 1}
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceRating.objects.filter(pk=right.pk).update(sms_level=6)

    # Back: the constraints go, and the rows stay as repaired.
    migrate(BEFORE)
    EvidenceRating.objects.filter(pk=right.pk).update(sms_level=6)
    assert dict(EvidenceRating.objects.values_list("pk", "sms_level"))[right.pk] == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_figures_that_cannot_be_guessed_stop_the_migration_until_corrected(before_the_rule):
    rating = EvidenceRatingFactory(nesta_level=7)
    attrition = EvaluationFactory(attrition=Decimal("120.00"))
    cost = EvaluationFactory(cost_per_beneficiary=Decimal("-1500.00"))
    outcome = OutcomeFactory(
        effect_size=Decimal("0.300"), ci_low=Decimal("0.050"), ci_high=Decimal("0.190")
    )
    # Repaired if the migration ran; it must not run at all.
    sms = EvidenceRatingFactory(evaluation__design=Design.RCT, sms_level=9)

    with pytest.raises(CommandError) as caught:
        migrate()

    message = str(caught.value)
    assert "La migration evaluations 0002 ne peut pas ajouter ses contraintes" in message
    assert f"notation n°{rating.pk} (évaluation n°{rating.evaluation_id}) : niveau Nesta 7" in (
        message
    )
    assert f"évaluation n°{attrition.pk} : attrition 120.00, de 0 à 100" in message
    assert f"évaluation n°{cost.pk} : coût par bénéficiaire -1500.00, négatif" in message
    assert f"résultat n°{outcome.pk} (évaluation n°{outcome.evaluation_id})" in message
    assert "rien n'a été modifié" in message
    assert not applied()
    assert EvidenceRating.objects.get(pk=sms.pk).sms_level == 9

    # Someone corrects them from the report and the committee's decision: it goes through.
    EvidenceRating.objects.filter(pk=rating.pk).update(nesta_level=3)
    Evaluation.objects.filter(pk=attrition.pk).update(attrition=Decimal("12.00"))
    Evaluation.objects.filter(pk=cost.pk).update(cost_per_beneficiary=Decimal("1500.00"))
    Outcome.objects.filter(pk=outcome.pk).update(effect_size=Decimal("0.120"))
    migrate()

    assert applied()
    assert EvidenceRating.objects.get(pk=sms.pk).sms_level == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=attrition.pk).update(attrition=Decimal("120.00"))

    # Back, a bad figure is written again; forward, the migration stops again.
    migrate(BEFORE)
    Evaluation.objects.filter(pk=attrition.pk).update(attrition=Decimal("120.00"))
    with pytest.raises(CommandError):
        migrate()
    assert not applied()
    Evaluation.objects.filter(pk=attrition.pk).update(attrition=None)

"""What the register of evidence may hold, from the outside: Nesta levels 1 to 5, SMS levels 1
to 5 or none, an attrition from 0 to 100, a cost per beneficiary that is not negative, an
effect size inside its confidence interval. The pages and services refuse the rest in French
and save nothing; the database refuses a raw write that goes around them."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accelerator.fsm import TransitionRefused
from evaluations import services
from evaluations.models import (
    ATTRITION_RANGE,
    INTERVAL_ORDER,
    LEVEL_REQUIRED,
    NEGATIVE_COST,
    SMS_LEVEL_RANGE,
    Direction,
    Evaluation,
    EvidenceRating,
    Outcome,
)
from evaluations.models import State as E

from ..factories import EvaluationFactory, EvidenceRatingFactory, InitiativeFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

RATIONALE = "Doubles différences sur 500 personnes : la causalité est établie."


def url(name, *args):
    return reverse(f"evaluations:{name}", args=args)


def page_of(response):
    return unescape(response.content.decode())


def field_errors(response, name):
    return re.findall(rf'<p class="field__error" id="id_{name}_error">(.*?)</p>', page_of(response))


def refused_by_the_database(queryset, **fields):
    """A raw UPDATE of `fields` on `queryset` is refused by a check constraint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**fields)


@pytest.fixture
def in_progress(alice, eve):
    """Eve's evaluation of Alice's initiative, in progress, nothing recorded yet."""
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage="in_evaluation"
    )
    return EvaluationFactory(initiative=initiative, evaluator=eve, state=E.IN_PROGRESS)


RESULTS = {
    "treated_size": "240",
    "comparison_size": "260",
    "sites": "3",
    "summary": "Synthèse provisoire : effet de 12 points.",
}


# Nesta level: 1 to 5


@pytest.mark.parametrize("level", [0, 6])
def test_the_committee_cannot_give_a_level_out_of_1_to_5(alice, eve, colette, level):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage="in_evaluation"
    )
    evaluation = EvaluationFactory(
        initiative=initiative, evaluator=eve, state=E.REPORT_SUBMITTED, reported=True
    )

    with pytest.raises(TransitionRefused) as caught:
        services.evaluation_rate(
            evaluation=evaluation, by=colette, nesta_level=level, reason=RATIONALE
        )

    assert caught.value.reasons == [str(LEVEL_REQUIRED)]
    assert not EvidenceRating.objects.exists()
    evaluation.refresh_from_db()
    assert evaluation.state == E.REPORT_SUBMITTED


@pytest.mark.parametrize("level", [0, 6])
def test_a_level_out_of_1_to_5_is_refused_by_the_page(alice, eve, colette, login, level):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage="in_evaluation"
    )
    evaluation = EvaluationFactory(
        initiative=initiative, evaluator=eve, state=E.REPORT_SUBMITTED, reported=True
    )

    response = login(colette).post(
        url("transition", evaluation.pk, "rate"),
        {"stage": E.REPORT_SUBMITTED, "nesta_level": str(level), "rationale": RATIONALE},
    )

    assert response.status_code == 422
    assert field_errors(response, "nesta_level")
    assert not EvidenceRating.objects.exists()


@pytest.mark.parametrize("level", [0, 6])
def test_the_database_refuses_a_nesta_level_out_of_1_to_5(level):
    rating = EvidenceRatingFactory(nesta_level=3)
    rating.nesta_level = level

    with pytest.raises(ValidationError) as caught:
        rating.validate_constraints()
    assert caught.value.messages == [str(LEVEL_REQUIRED)]
    refused_by_the_database(EvidenceRating.objects.filter(pk=rating.pk), nesta_level=level)
    assert EvidenceRating.objects.get(pk=rating.pk).nesta_level == 3


# SMS level: 1 to 5, or none (a process evaluation). Only evaluation_rate writes it, from
# the design; the model and the database refuse any other value.


@pytest.mark.parametrize("level", [0, 6])
def test_an_sms_level_out_of_1_to_5_is_refused(level):
    rating = EvidenceRatingFactory()
    rating.sms_level = level

    with pytest.raises(ValidationError) as caught:
        rating.validate_constraints()
    assert caught.value.messages == [str(SMS_LEVEL_RANGE)]
    refused_by_the_database(EvidenceRating.objects.filter(pk=rating.pk), sms_level=level)


@pytest.mark.parametrize("level", [None, 1, 5])
def test_an_sms_level_of_1_to_5_or_none_is_kept(level):
    rating = EvidenceRatingFactory()
    EvidenceRating.objects.filter(pk=rating.pk).update(sms_level=level)
    assert EvidenceRating.objects.get(pk=rating.pk).sms_level == level


# Attrition: 0 to 100


@pytest.mark.parametrize("attrition", ["-1", "100.01", "120"])
def test_the_results_form_refuses_an_attrition_out_of_0_to_100(in_progress, eve, login, attrition):
    response = login(eve).post(url("record", in_progress.pk), {**RESULTS, "attrition": attrition})

    assert response.status_code == 422
    assert field_errors(response, "attrition") == [str(ATTRITION_RANGE)]
    in_progress.refresh_from_db()
    assert (in_progress.attrition, in_progress.summary) == (None, "")


@pytest.mark.parametrize("attrition", ["0", "100"])
def test_the_results_form_keeps_an_attrition_of_0_to_100(in_progress, eve, login, attrition):
    response = login(eve).post(url("record", in_progress.pk), {**RESULTS, "attrition": attrition})

    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.attrition == Decimal(attrition)


@pytest.mark.parametrize("attrition", [Decimal("-0.5"), Decimal(120)])
def test_the_service_and_the_database_refuse_an_attrition_out_of_0_to_100(in_progress, attrition):
    with pytest.raises(ValidationError) as caught:
        services.evaluation_update(
            evaluation=in_progress, data={"attrition": attrition, "summary": "Synthèse."}
        )

    assert caught.value.messages == [str(ATTRITION_RANGE)]
    assert Evaluation.objects.filter(pk=in_progress.pk, attrition=None, summary="").exists()
    refused_by_the_database(Evaluation.objects.filter(pk=in_progress.pk), attrition=attrition)


# Cost per beneficiary: not negative


def test_the_results_form_refuses_a_negative_cost(in_progress, eve, login):
    response = login(eve).post(
        url("record", in_progress.pk), {**RESULTS, "cost_per_beneficiary": "-1800"}
    )

    assert response.status_code == 422
    assert field_errors(response, "cost_per_beneficiary") == [str(NEGATIVE_COST)]
    in_progress.refresh_from_db()
    assert (in_progress.cost_per_beneficiary, in_progress.summary) == (None, "")


def test_the_service_and_the_database_refuse_a_negative_cost(in_progress):
    with pytest.raises(ValidationError) as caught:
        services.evaluation_update(
            evaluation=in_progress, data={"cost_per_beneficiary": Decimal(-1)}
        )

    assert caught.value.messages == [str(NEGATIVE_COST)]
    assert Evaluation.objects.get(pk=in_progress.pk).cost_per_beneficiary is None
    refused_by_the_database(
        Evaluation.objects.filter(pk=in_progress.pk), cost_per_beneficiary=Decimal(-1)
    )
    # Free of charge is a cost.
    services.evaluation_update(evaluation=in_progress, data={"cost_per_beneficiary": 0})
    assert Evaluation.objects.get(pk=in_progress.pk).cost_per_beneficiary == 0


# The effect size inside its confidence interval (and the interval in order)


OUTCOME = {
    "outcome-indicator": "Taux d'accès à l'emploi durable",
    "outcome-horizon": "12 mois",
    "outcome-direction": Direction.POSITIVE,
    "outcome-unit": "points de %",
}


@pytest.mark.parametrize(
    ("effect", "low", "high"), [("0.30", "0.05", "0.19"), ("0.01", "0.05", "0.19")]
)
def test_the_outcome_form_refuses_an_effect_outside_its_interval(
    in_progress, eve, login, effect, low, high
):
    data = {
        **OUTCOME,
        "outcome-effect_size": effect,
        "outcome-ci_low": low,
        "outcome-ci_high": high,
    }

    response = login(eve).post(url("add_outcome", in_progress.pk), data)

    assert response.status_code == 422
    assert field_errors(response, "outcome-ci_low") == [str(INTERVAL_ORDER)]
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("effect", "low", "high"),
    [
        ("0.30", "0.05", "0.19"),  # above
        ("0.01", "0.05", "0.19"),  # below
        ("0.30", None, "0.19"),  # above its only bound
        ("0.01", "0.05", None),  # below its only bound
        ("0.12", "0.19", "0.05"),  # the bounds reversed
    ],
)
def test_the_service_and_the_database_refuse_an_effect_outside_its_interval(
    in_progress, effect, low, high
):
    numbers = {
        "effect_size": Decimal(effect),
        "ci_low": Decimal(low) if low else None,
        "ci_high": Decimal(high) if high else None,
    }

    with pytest.raises(ValidationError) as caught:
        services.evaluation_add_outcome(
            evaluation=in_progress,
            data={"indicator": "Emploi durable", "direction": Direction.POSITIVE, **numbers},
        )

    assert set(caught.value.messages) == {str(INTERVAL_ORDER)}
    assert not Outcome.objects.exists()
    outcome = OutcomeFactory(evaluation=in_progress)
    refused_by_the_database(Outcome.objects.filter(pk=outcome.pk), **numbers)
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(evaluation=in_progress, indicator="Emploi", **numbers)


@pytest.mark.parametrize(
    ("effect", "low", "high"),
    [
        ("0.12", "0.05", "0.19"),
        ("0.05", "0.05", "0.19"),
        ("0.19", "0.05", "0.19"),
        (None, "0.05", "0.19"),
        ("0.12", None, None),
    ],
)
def test_an_effect_inside_its_interval_is_kept(in_progress, effect, low, high):
    outcome = services.evaluation_add_outcome(
        evaluation=in_progress,
        data={
            "indicator": "Emploi durable",
            "direction": Direction.POSITIVE,
            "effect_size": Decimal(effect) if effect else None,
            "ci_low": Decimal(low) if low else None,
            "ci_high": Decimal(high) if high else None,
        },
    )
    assert Outcome.objects.get() == outcome

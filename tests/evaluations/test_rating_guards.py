"""The committee's rating, guarded by what the evidence can show: a Nesta level never above
what the evaluation's design can establish, and level 5 only with two or more independent
replications with positive results and a fidelity evaluation. Through the service and
through the evaluation's page; a refusal says why, in French, and saves nothing."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator.fsm import TransitionRefused
from evaluations import services
from evaluations.models import (
    LEVEL_ABOVE_DESIGN,
    MAX_NESTA_LEVELS,
    SCALED_NEEDS_FIDELITY,
    SCALED_NEEDS_REPLICATIONS,
    SMS_LEVELS,
    Design,
    Direction,
    EvidenceRating,
    Kind,
    NestaLevel,
)
from evaluations.models import State as E

from ..factories import EvaluationFactory, InitiativeFactory

RATIONALE = "Le comité retient ce niveau au vu du protocole et des résultats."


@pytest.fixture
def initiative(alice):
    return InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage="spreading",
        title="Garage solidaire",
    )


@pytest.fixture
def submitted(initiative, eve):
    """Make an evaluation of the initiative whose report Eve handed in (a positive result)."""

    def make(**fields):
        fields = {"evaluator": eve, "state": E.REPORT_SUBMITTED, "reported": True, **fields}
        return EvaluationFactory(initiative=initiative, **fields)

    return make


def rate(evaluation, by, level):
    return services.evaluation_rate(
        evaluation=evaluation, by=by, nesta_level=level, reason=RATIONALE
    )


def refused(evaluation, by, level):
    with pytest.raises(TransitionRefused) as caught:
        rate(evaluation, by, level)
    return caught.value.reasons


def assert_not_rated(evaluation):
    evaluation.refresh_from_db()
    assert evaluation.state == E.REPORT_SUBMITTED
    assert not EvidenceRating.objects.filter(evaluation=evaluation).exists()
    assert not StateLog.objects.for_(evaluation).exists()


def above(design):
    highest = MAX_NESTA_LEVELS[SMS_LEVELS[design]]
    return str(LEVEL_ABOVE_DESIGN % {"design": design.label, "level": highest})


# What the design can show


def test_the_mapping_follows_the_definitions_of_the_levels():
    """No effect measured: an account (1); a change measured before and after, without a
    comparison: a correlation (2); causation (3) is shown by a comparison group (SMS 2+);
    levels 4 and 5 are not barred by the design."""
    highest = {design: MAX_NESTA_LEVELS[SMS_LEVELS[design]] for design in Design}
    assert highest == {
        Design.THEORY_OF_CHANGE: NestaLevel.ACCOUNT,
        Design.BEFORE_AFTER: NestaLevel.CORRELATION,
        Design.COMPARISON_GROUP: NestaLevel.SCALED,
        Design.DIFFERENCE_IN_DIFFERENCES: NestaLevel.SCALED,
        Design.QUASI_RANDOM: NestaLevel.SCALED,
        Design.RCT: NestaLevel.SCALED,
    }


@pytest.mark.parametrize(
    ("design", "level"),
    [
        (Design.THEORY_OF_CHANGE, 2),
        (Design.THEORY_OF_CHANGE, 3),
        (Design.BEFORE_AFTER, 3),
        (Design.BEFORE_AFTER, 4),
    ],
)
def test_a_level_above_what_the_design_shows_is_refused(submitted, colette, design, level):
    evaluation = submitted(design=design)

    assert refused(evaluation, colette, level) == [above(design)]
    assert_not_rated(evaluation)


@pytest.mark.parametrize(
    ("design", "level"),
    [
        (Design.THEORY_OF_CHANGE, 1),
        (Design.BEFORE_AFTER, 2),
        (Design.COMPARISON_GROUP, 3),
        (Design.DIFFERENCE_IN_DIFFERENCES, 3),
        (Design.QUASI_RANDOM, 4),
        (Design.RCT, 4),
    ],
)
def test_a_level_the_design_can_show_is_recorded(submitted, colette, design, level):
    evaluation = submitted(design=design)

    rate(evaluation, colette, level)

    evaluation.refresh_from_db()
    assert evaluation.state == E.RATED
    assert (evaluation.rating.nesta_level, evaluation.rating.sms_level) == (
        level,
        SMS_LEVELS[design],
    )


def test_the_page_says_why_the_design_does_not_allow_the_level(submitted, colette, login):
    evaluation = submitted(design=Design.BEFORE_AFTER)

    response = login(colette).post(
        reverse("evaluations:transition", args=[evaluation.pk, "rate"]),
        {"stage": E.REPORT_SUBMITTED, "nesta_level": "3", "rationale": RATIONALE},
    )

    assert response.status_code == 422
    assert [str(m) for m in response.context["messages"]] == [above(Design.BEFORE_AFTER)]
    html = unescape(response.content.decode())
    assert above(Design.BEFORE_AFTER) in html
    # What the committee typed is still there.
    assert RATIONALE in html
    assert re.search(r'<input[^>]*value="3"[^>]*checked|<input[^>]*checked[^>]*value="3"', html)
    assert_not_rated(evaluation)


# Level 5: two or more independent replications with positive results, and a fidelity
# evaluation, among the evaluations of the initiative whose report is in.


def replication(submitted, **fields):
    """An independent impact evaluation with a positive result, its report handed in."""
    fields = {"kind": Kind.IMPACT, "independent": True, "external_evaluator": "Cabinet", **fields}
    return submitted(**fields)


def test_level_5_without_replications_nor_fidelity_says_both(submitted, colette):
    evaluation = submitted(design=Design.RCT)

    assert refused(evaluation, colette, 5) == [
        str(SCALED_NEEDS_REPLICATIONS % {"count": 0}),
        str(SCALED_NEEDS_FIDELITY),
    ]
    assert_not_rated(evaluation)


def test_level_5_with_one_replication_and_a_fidelity_evaluation_is_refused(submitted, colette):
    replication(submitted, state=E.RATED)
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE)
    evaluation = submitted(design=Design.RCT)

    assert refused(evaluation, colette, 5) == [str(SCALED_NEEDS_REPLICATIONS % {"count": 1})]
    assert_not_rated(evaluation)


def test_level_5_with_two_replications_and_no_fidelity_evaluation_is_refused(submitted, colette):
    replication(submitted, state=E.RATED)
    evaluation = replication(submitted, design=Design.RCT)

    assert refused(evaluation, colette, 5) == [str(SCALED_NEEDS_FIDELITY)]
    assert_not_rated(evaluation)


def test_level_5_with_two_replications_and_a_fidelity_evaluation_is_recorded(submitted, colette):
    replication(submitted, state=E.RATED, rating=4)
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE, state=E.RATED, rating=1)
    # The evaluation rated is the second replication.
    evaluation = replication(submitted, design=Design.RCT)

    rate(evaluation, colette, 5)

    evaluation.refresh_from_db()
    assert evaluation.state == E.RATED
    assert evaluation.rating.nesta_level == 5


# What is not a replication with a positive evaluation, nor a fidelity evaluation.
NOT_COUNTED = {
    "not independent": {"independent": False},
    "a process evaluation": {"kind": Kind.PROCESS},
    "an economic evaluation": {"kind": Kind.ECONOMIC},
    "report not in": {"state": E.IN_PROGRESS},
    "cancelled": {"state": E.CANCELLED},
    "no positive result": {"reported__without_outcome": True, "outcomes": [Direction.NULL]},
    "an unresolved negative result": {"outcomes": [Direction.NEGATIVE]},
}


@pytest.mark.parametrize("fields", NOT_COUNTED.values(), ids=NOT_COUNTED.keys())
def test_what_does_not_count_as_a_replication(submitted, colette, fields):
    replication(submitted, state=E.RATED)
    replication(submitted, **fields)
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE)
    evaluation = submitted(design=Design.RCT)

    assert refused(evaluation, colette, 5) == [str(SCALED_NEEDS_REPLICATIONS % {"count": 1})]
    assert_not_rated(evaluation)


def test_a_replication_of_another_initiative_does_not_count(submitted, colette, eve):
    replication(submitted, state=E.RATED)
    EvaluationFactory(
        kind=Kind.IMPACT, independent=True, state=E.RATED, reported=True, evaluator=eve
    )
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE)
    evaluation = submitted(design=Design.RCT)

    assert refused(evaluation, colette, 5) == [str(SCALED_NEEDS_REPLICATIONS % {"count": 1})]


@pytest.mark.parametrize("state", [E.PLANNED, E.IN_PROGRESS, E.CANCELLED])
def test_a_fidelity_evaluation_counts_once_its_report_is_in(submitted, colette, state):
    replication(submitted, state=E.RATED)
    replication(submitted, state=E.RATED)
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE, state=state)
    evaluation = submitted(design=Design.RCT)

    assert refused(evaluation, colette, 5) == [str(SCALED_NEEDS_FIDELITY)]


def test_a_negative_result_dealt_with_does_not_spoil_a_replication(submitted, colette, sam):
    replication(submitted, state=E.RATED)
    dealt_with = replication(submitted, outcomes=[Direction.NEGATIVE])
    services.outcome_resolve(
        outcome=dealt_with.outcomes.get(direction=Direction.NEGATIVE),
        by=sam,
        resolution="Public mal ciblé sur un site : recrutement revu.",
    )
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE)
    evaluation = submitted(design=Design.RCT)

    rate(evaluation, colette, 5)

    assert EvidenceRating.objects.get(evaluation=evaluation).nesta_level == 5


def test_level_5_is_also_bound_by_the_design(submitted, colette):
    replication(submitted, state=E.RATED)
    replication(submitted, state=E.RATED)
    submitted(kind=Kind.FIDELITY, design=Design.THEORY_OF_CHANGE)
    evaluation = submitted(design=Design.BEFORE_AFTER)

    assert refused(evaluation, colette, 5) == [above(Design.BEFORE_AFTER)]
    assert_not_rated(evaluation)


def test_the_page_says_what_level_5_lacks(submitted, colette, login):
    replication(submitted, state=E.RATED)
    evaluation = submitted(design=Design.RCT)

    response = login(colette).post(
        reverse("evaluations:transition", args=[evaluation.pk, "rate"]),
        {"stage": E.REPORT_SUBMITTED, "nesta_level": "5", "rationale": RATIONALE},
    )

    assert response.status_code == 422
    reasons = [
        str(SCALED_NEEDS_REPLICATIONS % {"count": 1}),
        str(SCALED_NEEDS_FIDELITY),
    ]
    assert [str(m) for m in response.context["messages"]] == reasons
    html = unescape(response.content.decode())
    assert all(reason in html for reason in reasons)
    assert_not_rated(evaluation)

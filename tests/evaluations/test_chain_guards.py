"""The initiative's chain with real evidence: launching, closing, validating, suspending and
sending back an initiative ask its evaluations, and the innovator reads the level reached."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator.fsm import NOT_ALLOWED, TransitionRefused
from evaluations import services as evaluation_services
from evaluations.models import Direction
from evaluations.models import State as E
from initiatives import models
from initiatives.models import Initiative, Stage

from ..factories import EvaluationFactory, InitiativeFactory
from ..transitions import run_transition_named

S = Stage
RATIONALE = "Causalité établie par un groupe de comparaison ; coûts connus."


def at_stage(stage, owner):
    return InitiativeFactory(
        owner=owner, carrier=owner.organisations.get(), complete=True, stage=stage
    )


def run(name, initiative, user, text=""):
    return run_transition_named(initiative, name, by=user, text=text)


def refused(name, initiative, user, text="Un motif écrit."):
    with pytest.raises(TransitionRefused) as caught:
        run(name, initiative, user, text)
    return caught.value.reasons


def logs(initiative):
    return StateLog.objects.for_(initiative)


def assert_unchanged(initiative, stage):
    initiative.refresh_from_db()
    assert initiative.stage == stage
    assert not logs(initiative).exists()


def rated(initiative, level, outcomes=()):
    """A rated evaluation of `initiative` at this Nesta level, with results in `outcomes`."""
    return EvaluationFactory(
        initiative=initiative, state=E.RATED, reported=True, rating=level, outcomes=list(outcomes)
    )


def page_of(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def stage_items(html):
    """The contents of the timeline's stage changes."""
    return re.findall(
        r'<li class="timeline__item timeline__item--stage">(.*?)</li>', html, flags=re.S
    )


# Launching the evaluation


@pytest.mark.parametrize(
    "plan",
    [
        pytest.param({}, id="nothing-planned"),
        pytest.param({"evaluator": None, "external_evaluator": ""}, id="no-evaluator"),
        pytest.param({"design": ""}, id="no-design"),
        pytest.param({"state": E.CANCELLED}, id="cancelled"),
    ],
)
@pytest.mark.parametrize("source", [S.IDENTIFIED, S.REWORK])
def test_the_evaluation_is_not_launched_without_one_planned_with_evaluator_and_design(
    alice, sam, plan, source
):
    initiative = at_stage(source, alice)
    if plan:
        EvaluationFactory(initiative=initiative, **plan)

    assert refused("start_evaluation", initiative, sam) == [str(models.NO_PLANNED_EVALUATION)]
    assert_unchanged(initiative, source)


@pytest.mark.parametrize(
    "who",
    [
        pytest.param({}, id="evaluator"),
        pytest.param({"evaluator": None, "external_evaluator": "Cabinet Quadrant"}, id="external"),
    ],
)
@pytest.mark.parametrize("source", [S.IDENTIFIED, S.REWORK])
def test_the_evaluation_is_launched_once_one_is_planned(alice, sam, who, source):
    initiative = at_stage(source, alice)
    EvaluationFactory(initiative=initiative, state=E.CANCELLED)
    EvaluationFactory(initiative=initiative, **who)

    run("start_evaluation", initiative, sam)

    initiative.refresh_from_db()
    assert initiative.stage == S.IN_EVALUATION
    (log,) = logs(initiative)
    assert (log.source_state, log.state, log.by) == (source, S.IN_EVALUATION, sam)


# Closing the evaluation


@pytest.mark.parametrize("state", [E.PLANNED, E.IN_PROGRESS, E.REPORT_SUBMITTED, E.CANCELLED])
def test_the_evaluation_is_not_closed_before_one_is_rated(alice, sam, state):
    initiative = at_stage(S.IN_EVALUATION, alice)
    EvaluationFactory(initiative=initiative, state=state, reported=state != E.PLANNED)

    assert refused("complete_evaluation", initiative, sam) == [str(models.NO_RATED_EVALUATION)]
    assert_unchanged(initiative, S.IN_EVALUATION)


def test_the_evaluation_is_closed_once_one_is_rated(alice, sam):
    initiative = at_stage(S.IN_EVALUATION, alice)
    rated(initiative, 1)

    run("complete_evaluation", initiative, sam)

    initiative.refresh_from_db()
    assert initiative.stage == S.EVALUATED
    assert logs(initiative).get().by == sam


# Validation: enough evidence, no negative result left untreated, a known cost


def too_weak(level, required):
    return str(models.EVIDENCE_TOO_WEAK % {"level": level, "required": required})


def test_validation_is_refused_below_the_required_level(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 1)

    assert refused("validate", initiative, colette, RATIONALE) == [too_weak(1, 2)]
    assert_unchanged(initiative, S.EVALUATED)


def test_the_required_level_is_two_by_default(settings, alice, colette):
    assert settings.VALIDATION_MIN_NESTA_LEVEL == 2
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 2)

    run("validate", initiative, colette, RATIONALE)

    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED


def test_the_required_level_follows_the_setting(settings, alice, colette):
    settings.VALIDATION_MIN_NESTA_LEVEL = 3
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 2)

    assert refused("validate", initiative, colette, RATIONALE) == [too_weak(2, 3)]
    assert_unchanged(initiative, S.EVALUATED)

    rated(initiative, 3)
    run("validate", initiative, colette, RATIONALE)
    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED


def test_the_best_rated_evaluation_counts(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 1)
    rated(initiative, 3)

    run("validate", initiative, colette, RATIONALE)

    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED


def test_an_evaluation_not_yet_rated_does_not_count(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 1)
    EvaluationFactory(initiative=initiative, state=E.REPORT_SUBMITTED, reported=True)

    assert refused("validate", initiative, colette, RATIONALE) == [too_weak(1, 2)]
    assert_unchanged(initiative, S.EVALUATED)


def test_validation_is_refused_while_a_negative_result_is_untreated(alice, colette, sam):
    initiative = at_stage(S.EVALUATED, alice)
    evaluation = rated(initiative, 3, outcomes=[Direction.NEGATIVE])

    assert refused("validate", initiative, colette, RATIONALE) == [
        str(models.UNRESOLVED_NEGATIVE_RESULT)
    ]
    assert_unchanged(initiative, S.EVALUATED)

    negative = evaluation.outcomes.get(direction=Direction.NEGATIVE)
    evaluation_services.outcome_resolve(
        outcome=negative,
        by=sam,
        resolution="  Le public était mal ciblé : le recrutement a été revu.  ",
    )
    negative.refresh_from_db()
    assert negative.resolution == "Le public était mal ciblé : le recrutement a été revu."
    assert negative.resolved_by == sam and negative.resolved_at is not None

    run("validate", initiative, colette, RATIONALE)
    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED


@pytest.mark.parametrize(
    ("state", "direction"),
    [
        pytest.param(E.RATED, Direction.NULL, id="null-result"),
        pytest.param(E.REPORT_SUBMITTED, Direction.NEGATIVE, id="unrated"),
        pytest.param(E.CANCELLED, Direction.NEGATIVE, id="cancelled"),
    ],
)
def test_only_a_negative_result_of_a_rated_evaluation_blocks_validation(
    alice, colette, state, direction
):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 3)
    EvaluationFactory(
        initiative=initiative,
        state=state,
        reported=True,
        outcomes=[direction],
        rating=2 if state == E.RATED else None,
    )

    run("validate", initiative, colette, RATIONALE)

    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED


def test_validation_needs_the_cost_per_beneficiary(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    Initiative.objects.filter(pk=initiative.pk).update(cost_per_beneficiary=None)
    initiative.refresh_from_db()
    rated(initiative, 4)

    assert refused("validate", initiative, colette, RATIONALE) == [
        str(models.NO_COST_PER_BENEFICIARY)
    ]
    assert_unchanged(initiative, S.EVALUATED)


def test_every_missing_condition_of_validation_is_told_at_once(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    Initiative.objects.filter(pk=initiative.pk).update(cost_per_beneficiary=None)
    initiative.refresh_from_db()
    rated(initiative, 1, outcomes=[Direction.NEGATIVE])

    assert refused("validate", initiative, colette, RATIONALE) == [
        too_weak(1, 2),
        str(models.UNRESOLVED_NEGATIVE_RESULT),
        str(models.NO_COST_PER_BENEFICIARY),
    ]
    assert_unchanged(initiative, S.EVALUATED)


def test_validation_needs_a_rationale(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 3)

    assert refused("validate", initiative, colette, "  ") == [str(models.REASON_REQUIRED)]
    assert_unchanged(initiative, S.EVALUATED)


def test_a_refused_validation_says_why_on_the_committees_page(alice, colette, login):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 1)

    response = login(colette).post(
        reverse("initiatives:transition", args=[initiative.pk, "validate"]),
        {"stage": S.EVALUATED, "message": RATIONALE},
    )

    assert response.status_code == 422
    assert too_weak(1, 2) in [str(m) for m in response.context["messages"]]
    assert too_weak(1, 2) in unescape(response.content.decode())
    assert_unchanged(initiative, S.EVALUATED)


def test_validation_by_the_committee_is_explained_to_everyone(alice, sam, colette, login):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 3)

    response = login(colette).post(
        reverse("initiatives:transition", args=[initiative.pk, "validate"]),
        {"stage": S.EVALUATED, "message": RATIONALE},
    )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.stage == S.VALIDATED
    (log,) = logs(initiative)
    assert (log.transition, log.by, log.description) == ("validate", colette, RATIONALE)
    for client, page in ((login(sam), "initiatives:file"), (login(alice), "initiatives:detail")):
        html = page_of(client.get(reverse(page, args=[initiative.pk])))
        (item,) = [i for i in stage_items(html) if "Évaluée → Validée" in i]
        assert RATIONALE in item, page


# Suspension: only a null or negative result of a rated evaluation justifies it


@pytest.mark.parametrize(
    ("state", "directions"),
    [
        pytest.param(None, [], id="no-evaluation"),
        pytest.param(E.RATED, [Direction.POSITIVE], id="positive-only"),
        pytest.param(E.REPORT_SUBMITTED, [Direction.NULL, Direction.NEGATIVE], id="unrated"),
        pytest.param(E.CANCELLED, [Direction.NEGATIVE], id="cancelled"),
    ],
)
@pytest.mark.parametrize("source", [S.IN_EVALUATION, S.EVALUATED])
def test_suspension_is_refused_without_a_null_or_negative_rated_result(
    alice, sam, state, directions, source
):
    initiative = at_stage(source, alice)
    if state is not None:
        EvaluationFactory(
            initiative=initiative,
            state=state,
            reported=True,
            outcomes=directions,
            rating=2 if state == E.RATED else None,
        )

    reasons = refused("suspend", initiative, sam, "Les résultats ne sont pas là.")

    assert reasons == [str(models.NO_NULL_OR_NEGATIVE_RESULT)]
    assert_unchanged(initiative, source)


@pytest.mark.parametrize("direction", [Direction.NULL, Direction.NEGATIVE])
@pytest.mark.parametrize("source", [S.IN_EVALUATION, S.EVALUATED])
def test_a_null_or_negative_rated_result_puts_the_initiative_back_to_work(
    alice, sam, direction, source
):
    initiative = at_stage(source, alice)
    rated(initiative, 2, outcomes=[direction])
    reason = "Aucun effet mesuré sur l'emploi à 12 mois : revoir l'accompagnement."

    run("suspend", initiative, sam, reason)

    initiative.refresh_from_db()
    assert initiative.stage == S.REWORK
    (log,) = logs(initiative)
    assert (log.transition, log.by, log.description) == ("suspend", sam, reason)


def test_suspension_needs_a_reason(alice, sam):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 2, outcomes=[Direction.NULL])

    assert refused("suspend", initiative, sam, "") == [str(models.REASON_REQUIRED)]
    assert_unchanged(initiative, S.EVALUATED)


# Sending back to evaluation


def test_the_committee_sends_the_initiative_back_to_evaluation_with_a_reason(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, 2)
    reason = "L'échantillon est trop petit : élargir à un deuxième site."

    run("send_back", initiative, colette, reason)

    initiative.refresh_from_db()
    assert initiative.stage == S.IN_EVALUATION
    (log,) = logs(initiative)
    assert (log.transition, log.by, log.description) == ("send_back", colette, reason)


def test_sending_back_needs_a_reason_and_the_committee(alice, sam, colette):
    initiative = at_stage(S.EVALUATED, alice)

    assert refused("send_back", initiative, colette, " ") == [str(models.REASON_REQUIRED)]
    assert refused("send_back", initiative, sam, "Un motif.") == [str(NOT_ALLOWED)]
    assert_unchanged(initiative, S.EVALUATED)


# What the initiative's pages show of the evidence


def level_line(level):
    return f"Niveau de preuve atteint : {level} sur 5"


@pytest.fixture
def pages(alice, sam, login):
    """The innovator's page and the staff's file of an initiative, as their HTML."""

    def read(initiative):
        return {
            "detail": page_of(
                login(alice).get(reverse("initiatives:detail", args=[initiative.pk]))
            ),
            "file": page_of(login(sam).get(reverse("initiatives:file", args=[initiative.pk]))),
        }

    return read


def test_no_level_is_shown_before_an_evaluation_is_rated(alice, pages):
    initiative = at_stage(S.IN_EVALUATION, alice)
    EvaluationFactory(initiative=initiative, state=E.REPORT_SUBMITTED, reported=True)
    EvaluationFactory(initiative=initiative, state=E.CANCELLED)

    for name, html in pages(initiative).items():
        assert "Niveau de preuve atteint" not in html, name
        assert "Fondé sur la preuve" not in html, name


@pytest.mark.parametrize("level", [1, 2])
def test_a_level_below_three_is_shown_without_the_label(alice, pages, level):
    initiative = at_stage(S.EVALUATED, alice)
    rated(initiative, level)

    for name, html in pages(initiative).items():
        assert level_line(level) in html, name
        assert "Fondé sur la preuve" not in html, name


@pytest.mark.parametrize("level", [3, 4, 5])
def test_from_level_three_the_initiative_is_evidence_based(alice, pages, level):
    initiative = at_stage(S.VALIDATED, alice)
    rated(initiative, 1)
    rated(initiative, level)

    for name, html in pages(initiative).items():
        assert level_line(level) in html, name
        assert "Fondé sur la preuve" in html, name

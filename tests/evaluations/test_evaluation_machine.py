"""The evaluation's machine: every transition, by the right and the wrong person, from the
right and the wrong state, with its guard passing and failing, and the committee's rating
that comes with the last step."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.fsm import CHANGED_MEANWHILE, NOT_ALLOWED, NOT_FROM_THIS_STATE, TransitionRefused
from evaluations import models, services
from evaluations.models import (
    MAX_NESTA_LEVELS,
    SMS_LEVELS,
    Design,
    Evaluation,
    EvidenceRating,
    State,
)

from ..factories import REPORT_PDF, EvaluationFactory, InitiativeFactory, UserFactory
from ..transitions import run_transition_named

S = State

# The design's table: transition -> (sources, target).
DESIGN = {
    "start": ({S.PLANNED}, S.IN_PROGRESS),
    "submit_report": ({S.IN_PROGRESS}, S.REPORT_SUBMITTED),
    "rate": ({S.REPORT_SUBMITTED}, S.RATED),
    "cancel": ({S.PLANNED, S.IN_PROGRESS, S.REPORT_SUBMITTED}, S.CANCELLED),
}

RATIONALE = "Groupe de comparaison solide, attrition faible : la causalité est établie."


def run(name, evaluation, user, text="", nesta_level=3):
    rating = {"nesta_level": nesta_level} if name == "rate" else {}
    return run_transition_named(evaluation, name, by=user, text=text, **rating)


def refused(name, evaluation, user, text="Un motif.", nesta_level=3):
    with pytest.raises(TransitionRefused) as caught:
        run(name, evaluation, user, text, nesta_level)
    return caught.value.reasons


def logs(evaluation):
    return StateLog.objects.for_(evaluation)


@pytest.fixture
def at_state(alice, eve):
    """An evaluation of Alice's initiative, assigned to Eve, at `state`, with all that the
    next step needs (from "in progress" on: summary, PDF report and one result)."""

    def make(state, **fields):
        fields.setdefault("reported", state != S.PLANNED)
        fields.setdefault("evaluator", eve)
        initiative = InitiativeFactory(
            owner=alice, carrier=alice.organisations.get(), complete=True, stage="in_evaluation"
        )
        return EvaluationFactory(initiative=initiative, state=state, **fields)

    return make


def assert_unchanged(evaluation, state):
    evaluation.refresh_from_db()
    assert evaluation.state == state
    assert not logs(evaluation).exists()


def test_the_machine_is_the_designs_table():
    found = {}
    for t in Evaluation().get_all_state_transitions():
        sources, _target = found.setdefault(t.name, (set(), t.target))
        sources.add(t.source)
    assert found == DESIGN


HAPPY = [
    ("start", S.PLANNED, "eve", "", S.IN_PROGRESS),
    ("start", S.PLANNED, "sam", "Le cabinet a signé la convention.", S.IN_PROGRESS),
    ("submit_report", S.IN_PROGRESS, "eve", "Rapport final, version relue.", S.REPORT_SUBMITTED),
    ("rate", S.REPORT_SUBMITTED, "colette", RATIONALE, S.RATED),
    ("cancel", S.PLANNED, "sam", "La structure a renoncé à l'évaluation.", S.CANCELLED),
    ("cancel", S.IN_PROGRESS, "sam", "Le cabinet s'est retiré.", S.CANCELLED),
    ("cancel", S.REPORT_SUBMITTED, "sam", "Rapport inexploitable.", S.CANCELLED),
]


@pytest.mark.parametrize(("name", "source", "who", "text", "target"), HAPPY)
def test_the_right_person_moves_the_evaluation_and_it_is_logged(
    request, at_state, name, source, who, text, target
):
    user = request.getfixturevalue(who)
    evaluation = at_state(source)

    run(name, evaluation, user, text)

    evaluation.refresh_from_db()
    assert evaluation.state == target
    (log,) = logs(evaluation)
    assert (log.transition, log.source_state, log.state) == (name, source, target)
    assert log.by == user
    assert (log.description or "") == text


def test_submitting_the_report_records_when(at_state, eve):
    evaluation = at_state(S.IN_PROGRESS)
    assert evaluation.submitted_at is None
    run("submit_report", evaluation, eve)
    evaluation.refresh_from_db()
    assert evaluation.submitted_at is not None


@pytest.mark.parametrize("design", list(Design))
def test_the_rating_keeps_the_committees_level_and_the_sms_level_of_the_design(
    at_state, colette, design
):
    evaluation = at_state(S.REPORT_SUBMITTED, design=design)
    # Level 2, or what the design can show if less (a process evaluation: 1).
    level = min(2, MAX_NESTA_LEVELS[SMS_LEVELS[design]])

    run("rate", evaluation, colette, f"  {RATIONALE}  ", nesta_level=level)

    rating = EvidenceRating.objects.get(evaluation=evaluation)
    assert rating.nesta_level == level
    assert rating.sms_level == SMS_LEVELS[design]
    assert rating.rationale == RATIONALE
    assert rating.rater == colette
    evaluation.refresh_from_db()
    assert evaluation.state == S.RATED


# For each transition, people who may not run it, from a state it starts from.
WRONG_PERSON = [
    ("start", S.PLANNED, ["alice", "bob", "colette", "paul", "yves"]),
    ("submit_report", S.IN_PROGRESS, ["alice", "bob", "sam", "colette", "paul", "yves"]),
    ("rate", S.REPORT_SUBMITTED, ["bob", "sam", "paul", "yves"]),
    ("cancel", S.IN_PROGRESS, ["alice", "bob", "eve", "colette", "paul", "yves"]),
]


@pytest.fixture
def yves(db):
    """Another evaluator, not assigned to Eve's evaluations."""
    return UserFactory(email="yves@evaluation.fr", first_name="Yves", roles=[roles.EVALUATOR])


@pytest.mark.parametrize(("name", "source", "people"), WRONG_PERSON)
def test_the_wrong_person_is_refused_and_nothing_changes(request, at_state, name, source, people):
    evaluation = at_state(source)
    for who in people:
        reasons = refused(name, evaluation, request.getfixturevalue(who))
        assert reasons == [str(NOT_ALLOWED)], who
    assert_unchanged(evaluation, source)
    assert not EvidenceRating.objects.exists()


WHO_MAY = {"start": "eve", "submit_report": "eve", "rate": "colette", "cancel": "sam"}


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("start", S.IN_PROGRESS),
        ("start", S.CANCELLED),
        ("submit_report", S.PLANNED),
        ("submit_report", S.REPORT_SUBMITTED),
        ("rate", S.IN_PROGRESS),
        ("rate", S.RATED),
        ("cancel", S.RATED),
        ("cancel", S.CANCELLED),
    ],
)
def test_a_transition_from_a_wrong_state_is_refused(request, at_state, name, wrong):
    evaluation = at_state(wrong)
    rated_before = EvidenceRating.objects.count()

    reasons = refused(name, evaluation, request.getfixturevalue(WHO_MAY[name]), RATIONALE)

    assert reasons == [str(NOT_FROM_THIS_STATE % {"state": wrong.label})]
    assert_unchanged(evaluation, wrong)
    assert EvidenceRating.objects.count() == rated_before


def test_a_rated_evaluation_keeps_its_first_rating_when_rated_again(at_state, colette):
    evaluation = at_state(S.RATED, rating=4)

    refused("rate", evaluation, colette, "Je préférerais le niveau 1.", nesta_level=1)

    rating = EvidenceRating.objects.get(evaluation=evaluation)
    assert rating.nesta_level == 4
    assert rating.rationale != "Je préférerais le niveau 1."


# Guards


def test_starting_needs_an_evaluator_and_a_design(at_state, sam):
    evaluation = at_state(S.PLANNED, evaluator=None, design="")

    assert refused("start", evaluation, sam) == [str(models.NO_EVALUATOR), str(models.NO_DESIGN)]
    assert_unchanged(evaluation, S.PLANNED)


def test_starting_without_an_evaluator_is_refused(at_state, sam):
    evaluation = at_state(S.PLANNED, evaluator=None, external_evaluator="   ")
    assert refused("start", evaluation, sam) == [str(models.NO_EVALUATOR)]
    assert_unchanged(evaluation, S.PLANNED)


def test_starting_without_a_design_is_refused(at_state, eve):
    evaluation = at_state(S.PLANNED, design="")
    assert refused("start", evaluation, eve) == [str(models.NO_DESIGN)]
    assert_unchanged(evaluation, S.PLANNED)


def test_an_external_evaluation_body_is_an_evaluator(at_state, sam):
    evaluation = at_state(S.PLANNED, evaluator=None, external_evaluator="Cabinet Quadrant")

    run("start", evaluation, sam)

    evaluation.refresh_from_db()
    assert evaluation.state == S.IN_PROGRESS
    assert logs(evaluation).get().by == sam


def test_submitting_an_empty_report_lists_all_that_is_missing(at_state, eve):
    evaluation = at_state(S.IN_PROGRESS, reported=False)

    assert refused("submit_report", evaluation, eve) == [
        str(models.NO_SUMMARY),
        str(models.NO_REPORT),
        str(models.NO_OUTCOME),
    ]
    assert_unchanged(evaluation, S.IN_PROGRESS)
    assert evaluation.submitted_at is None


def test_submitting_without_a_summary_is_refused(at_state, eve):
    evaluation = at_state(S.IN_PROGRESS)
    Evaluation.objects.filter(pk=evaluation.pk).update(summary="  \n ")
    evaluation.refresh_from_db()

    assert refused("submit_report", evaluation, eve) == [str(models.NO_SUMMARY)]
    assert_unchanged(evaluation, S.IN_PROGRESS)


def test_submitting_without_the_pdf_is_refused(at_state, eve):
    evaluation = at_state(S.IN_PROGRESS)
    Evaluation.objects.filter(pk=evaluation.pk).update(report="")
    evaluation.refresh_from_db()

    assert refused("submit_report", evaluation, eve) == [str(models.NO_REPORT)]
    assert_unchanged(evaluation, S.IN_PROGRESS)


def test_submitting_without_a_result_is_refused(at_state, eve):
    evaluation = at_state(S.IN_PROGRESS, reported=False, summary="Effet net de 12 points.")
    evaluation.report.save("rapport.pdf", ContentFile(REPORT_PDF))

    assert refused("submit_report", evaluation, eve) == [str(models.NO_OUTCOME)]
    assert_unchanged(evaluation, S.IN_PROGRESS)


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_cancelling_needs_a_reason(at_state, sam, reason):
    evaluation = at_state(S.IN_PROGRESS)
    assert refused("cancel", evaluation, sam, reason) == [str(models.REASON_REQUIRED)]
    assert_unchanged(evaluation, S.IN_PROGRESS)


@pytest.mark.parametrize("rationale", ["", "   \n "])
def test_rating_needs_a_rationale_and_a_refusal_keeps_no_rating(at_state, colette, rationale):
    evaluation = at_state(S.REPORT_SUBMITTED)

    reasons = refused("rate", evaluation, colette, rationale)

    assert reasons == [str(models.RATIONALE_REQUIRED)]
    assert_unchanged(evaluation, S.REPORT_SUBMITTED)
    assert not EvidenceRating.objects.exists()


# Conflicts of interest: nobody rates their own work or their own organisation's.


def test_the_evaluator_may_not_rate_their_own_evaluation(at_state, eve):
    evaluation = at_state(S.REPORT_SUBMITTED)

    assert refused("rate", evaluation, eve, RATIONALE) == [str(roles.RATING_OWN_EVALUATION)]
    assert_unchanged(evaluation, S.REPORT_SUBMITTED)
    assert not EvidenceRating.objects.exists()


def test_a_committee_member_who_evaluated_may_not_rate_it(at_state, colette):
    colette.groups.add(Group.objects.get(name=roles.EVALUATOR))
    evaluation = at_state(S.REPORT_SUBMITTED, evaluator=colette)

    assert refused("rate", evaluation, colette, RATIONALE) == [str(roles.RATING_OWN_EVALUATION)]
    assert_unchanged(evaluation, S.REPORT_SUBMITTED)
    assert not EvidenceRating.objects.exists()


def test_a_committee_member_of_the_carrier_may_not_rate_its_evaluation(at_state, colette):
    evaluation = at_state(S.REPORT_SUBMITTED)
    evaluation.initiative.carrier.members.add(colette)

    assert refused("rate", evaluation, colette, RATIONALE) == [str(roles.RATING_OWN_INITIATIVE)]
    assert_unchanged(evaluation, S.REPORT_SUBMITTED)
    assert not EvidenceRating.objects.exists()


def test_both_conflicts_are_told_at_once(at_state, colette):
    colette.groups.add(Group.objects.get(name=roles.EVALUATOR))
    evaluation = at_state(S.REPORT_SUBMITTED, evaluator=colette)
    evaluation.initiative.carrier.members.add(colette)

    assert refused("rate", evaluation, colette, RATIONALE) == [
        str(roles.RATING_OWN_EVALUATION),
        str(roles.RATING_OWN_INITIATIVE),
    ]
    assert not EvidenceRating.objects.exists()


def test_another_committee_member_rates_it(at_state, colette):
    other = UserFactory(email="odile@comite.fr", roles=[roles.COMMITTEE])
    evaluation = at_state(S.REPORT_SUBMITTED)
    evaluation.initiative.carrier.members.add(colette)

    run("rate", evaluation, other, RATIONALE)

    evaluation.refresh_from_db()
    assert evaluation.state == S.RATED
    assert evaluation.rating.rater == other


# Integrity


def test_the_state_cannot_be_assigned(at_state):
    evaluation = at_state(S.PLANNED)
    with pytest.raises(AttributeError):
        evaluation.state = S.RATED


def test_a_stale_page_is_refused(at_state, sam):
    """The form carries the state the user saw: if it moved since, nothing happens."""
    evaluation = at_state(S.IN_PROGRESS)

    with pytest.raises(TransitionRefused) as caught:
        services.evaluation_cancel(
            evaluation=evaluation, by=sam, reason="Abandon.", expected_state=S.PLANNED
        )

    assert caught.value.reasons == [str(CHANGED_MEANWHILE % {"state": S.IN_PROGRESS.label})]
    assert_unchanged(evaluation, S.IN_PROGRESS)


def test_a_copy_loaded_before_another_change_is_refused(at_state, sam, colette):
    first = at_state(S.REPORT_SUBMITTED)
    second = Evaluation.objects.get(pk=first.pk)
    services.evaluation_cancel(evaluation=first, by=sam, reason="Rapport inexploitable.")

    with pytest.raises(TransitionRefused):
        run("rate", second, colette, RATIONALE)

    second.refresh_from_db()
    assert second.state == S.CANCELLED
    assert logs(second).count() == 1
    assert not EvidenceRating.objects.exists()


def test_someone_of_the_carrier_off_the_committee_is_simply_not_allowed_to_rate(at_state, alice):
    evaluation = at_state(S.REPORT_SUBMITTED)
    assert refused("rate", evaluation, alice, RATIONALE) == [str(NOT_ALLOWED)]
    assert not EvidenceRating.objects.exists()


def test_a_rating_needs_a_level(at_state, colette):
    evaluation = at_state(S.REPORT_SUBMITTED)
    with pytest.raises(TransitionRefused) as caught:
        services.evaluation_rate(
            evaluation=evaluation, by=colette, nesta_level=None, reason=RATIONALE
        )
    assert caught.value.reasons == [str(models.LEVEL_REQUIRED)]
    assert_unchanged(evaluation, S.REPORT_SUBMITTED)


def test_staff_hand_in_the_report_of_an_external_body(at_state, sam, eve):
    evaluation = at_state(S.IN_PROGRESS, evaluator=None, external_evaluator="Cabinet Pluricité")
    assert sam.has_perm("evaluations.record_evaluation", evaluation)
    services.evaluation_submit_report(evaluation=evaluation, by=sam)
    evaluation.refresh_from_db()
    assert evaluation.state == S.REPORT_SUBMITTED
    assert not eve.has_perm("evaluations.record_evaluation", evaluation)


def test_staff_do_not_record_for_an_evaluator_who_has_an_account(at_state, sam):
    evaluation = at_state(S.IN_PROGRESS)
    assert not sam.has_perm("evaluations.record_evaluation", evaluation)
    assert refused("submit_report", evaluation, sam) == [str(NOT_ALLOWED)]

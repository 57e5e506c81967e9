"""The initiative's chain: every transition, by the right and the wrong person, from the
right and the wrong stage, with its guard passing and failing."""

import threading

import pytest
from django.db import connection
from django_fsm_log.models import StateLog

from accelerator.fsm import CHANGED_MEANWHILE, NOT_ALLOWED, NOT_FROM_THIS_STATE, TransitionRefused
from initiatives import models, services
from initiatives.models import Criterion, IdentificationScore, Initiative, Stage

from ..factories import InitiativeFactory, OrganisationFactory, UserFactory
from ..transitions import run_transition_named

S = Stage

# The design's table (shared/DESIGN.md): transition -> (sources, target).
DESIGN = {
    "submit": ({S.DRAFT}, S.SUBMITTED),
    "request_changes": ({S.SUBMITTED}, S.DRAFT),
    "identify": ({S.SUBMITTED}, S.IDENTIFIED),
    "decline": ({S.SUBMITTED, S.IDENTIFIED, S.EVALUATED}, S.DECLINED),
    "start_evaluation": ({S.IDENTIFIED, S.REWORK}, S.IN_EVALUATION),
    "complete_evaluation": ({S.IN_EVALUATION}, S.EVALUATED),
    "send_back": ({S.EVALUATED}, S.IN_EVALUATION),
    "validate": ({S.EVALUATED}, S.VALIDATED),
    "open_spreading": ({S.VALIDATED}, S.SPREADING),
    "start_scale_up": ({S.SPREADING, S.VALIDATED}, S.SCALING),
    "suspend": (
        {S.IDENTIFIED, S.IN_EVALUATION, S.EVALUATED, S.VALIDATED, S.SPREADING, S.SCALING},
        S.REWORK,
    ),
    "withdraw": ({S.DRAFT, S.SUBMITTED, S.IDENTIFIED}, S.WITHDRAWN),
    "archive": ({S.DECLINED, S.WITHDRAWN, S.SCALING}, S.ARCHIVED),
}

FULL_SCORECARD = {criterion: (2, f"Constat : {criterion.label}") for criterion in Criterion}


def run(name, initiative, user, text=""):
    scores = {"scores": FULL_SCORECARD} if name == "identify" else {}
    return run_transition_named(initiative, name, by=user, text=text, **scores)


def logs(initiative):
    return StateLog.objects.for_(initiative)


def at_stage(stage, owner):
    return InitiativeFactory(
        owner=owner, carrier=owner.organisations.get(), complete=True, stage=stage
    )


def refused(name, initiative, user, text="Un motif."):
    with pytest.raises(TransitionRefused) as caught:
        run(name, initiative, user, text)
    return caught.value.reasons


def test_the_machine_is_the_designs_table():
    found = {}
    for t in Initiative().get_all_stage_transitions():
        sources, _target = found.setdefault(t.name, (set(), t.target))
        sources.add(t.source)
    assert found == DESIGN


# The transitions whose guards can pass with what exists today, by the right person.
HAPPY = [
    ("submit", S.DRAFT, "alice", "", S.SUBMITTED),
    ("request_changes", S.SUBMITTED, "sam", "Précisez le budget, s'il vous plaît.", S.DRAFT),
    ("identify", S.SUBMITTED, "sam", "Bienvenue dans l'accélérateur.", S.IDENTIFIED),
    ("decline", S.SUBMITTED, "sam", "Hors du champ de l'appel.", S.DECLINED),
    ("decline", S.IDENTIFIED, "sam", "Le porteur ne souhaite pas transposer.", S.DECLINED),
    ("decline", S.EVALUATED, "sam", "Les résultats ne suffisent pas.", S.DECLINED),
    ("send_back", S.EVALUATED, "colette", "L'échantillon est trop petit.", S.IN_EVALUATION),
    ("withdraw", S.DRAFT, "alice", "", S.WITHDRAWN),
    ("withdraw", S.SUBMITTED, "alice", "Nous arrêtons le projet.", S.WITHDRAWN),
    ("withdraw", S.IDENTIFIED, "alice", "", S.WITHDRAWN),
    ("archive", S.DECLINED, "sam", "", S.ARCHIVED),
    ("archive", S.WITHDRAWN, "sam", "", S.ARCHIVED),
    ("archive", S.SCALING, "sam", "Changement d'échelle achevé.", S.ARCHIVED),
]


@pytest.mark.parametrize(("name", "source", "who", "text", "target"), HAPPY)
def test_the_right_person_moves_the_stage_and_it_is_logged(
    request, alice, name, source, who, text, target
):
    user = request.getfixturevalue(who)
    initiative = at_stage(source, alice)

    run(name, initiative, user, text)

    initiative.refresh_from_db()
    assert initiative.stage == target
    (log,) = logs(initiative)
    assert (log.transition, log.source_state, log.state) == (name, source, target)
    assert log.by == user
    assert (log.description or "") == text


# For each transition, someone who may not run it, from a stage it starts from.
WRONG_PERSON = [
    ("submit", S.DRAFT, ["bob", "sam", "colette", "paul", "eve"]),
    ("request_changes", S.SUBMITTED, ["alice", "colette", "eve", "paul"]),
    ("identify", S.SUBMITTED, ["alice", "bob", "colette", "eve", "paul"]),
    ("decline", S.SUBMITTED, ["alice", "colette", "eve", "paul"]),
    ("start_evaluation", S.IDENTIFIED, ["alice", "colette", "eve"]),
    ("complete_evaluation", S.IN_EVALUATION, ["alice", "colette", "eve"]),
    ("send_back", S.EVALUATED, ["alice", "sam", "eve", "paul"]),
    ("validate", S.EVALUATED, ["alice", "sam", "eve", "paul"]),
    ("open_spreading", S.VALIDATED, ["alice", "colette", "paul"]),
    ("start_scale_up", S.SPREADING, ["alice", "sam", "paul"]),
    ("suspend", S.EVALUATED, ["alice", "colette", "eve"]),
    ("withdraw", S.SUBMITTED, ["bob", "sam", "colette"]),
    ("archive", S.DECLINED, ["alice", "colette", "paul"]),
]


@pytest.mark.parametrize(("name", "source", "people"), WRONG_PERSON)
def test_the_wrong_person_is_refused_and_nothing_changes(request, alice, name, source, people):
    initiative = at_stage(source, alice)
    for who in people:
        reasons = refused(name, initiative, request.getfixturevalue(who))
        assert reasons == [str(NOT_ALLOWED)], who
    initiative.refresh_from_db()
    assert initiative.stage == source
    assert not logs(initiative).exists()


@pytest.mark.parametrize("name", sorted(DESIGN))
def test_a_transition_from_a_wrong_stage_is_refused(request, alice, sam, colette, name):
    sources, _target = DESIGN[name]
    wrong = next(stage for stage in Stage if stage not in sources)
    initiative = at_stage(wrong, alice)
    who = {
        "submit": alice,
        "withdraw": alice,
        "send_back": colette,
        "validate": colette,
        "start_scale_up": colette,
    }.get(name, sam)

    reasons = refused(name, initiative, who)

    assert reasons == [str(NOT_FROM_THIS_STATE % {"state": wrong.label})]
    initiative.refresh_from_db()
    assert initiative.stage == wrong
    assert not logs(initiative).exists()


def test_the_committee_never_decides_on_an_initiative_its_member_carries(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    initiative.carrier.members.add(colette)

    assert refused("send_back", initiative, colette) == [str(NOT_ALLOWED)]
    assert refused("validate", initiative, colette) == [str(NOT_ALLOWED)]


def test_submission_lists_what_is_missing(alice):
    initiative = InitiativeFactory(owner=alice, carrier=None, summary="Un résumé.")

    reasons = refused("submit", initiative, alice, "")

    assert len(reasons) == 1
    for label in (
        "problème traité",
        "publics cibles",
        "thématiques",
        "structure porteuse",
        "maturité",
        "théorie du changement",
        "budget annuel (€)",
    ):
        assert label in reasons[0]
    assert "résumé" not in reasons[0]
    initiative.refresh_from_db()
    assert initiative.stage == S.DRAFT
    assert initiative.submitted_at is None
    assert not logs(initiative).exists()


def test_submission_records_when(alice):
    initiative = at_stage(S.DRAFT, alice)
    run("submit", initiative, alice)
    initiative.refresh_from_db()
    assert initiative.submitted_at is not None


@pytest.mark.parametrize(
    ("name", "source", "who", "message"),
    [
        ("request_changes", S.SUBMITTED, "sam", models.MESSAGE_REQUIRED),
        ("decline", S.IDENTIFIED, "sam", models.REASON_REQUIRED),
        ("send_back", S.EVALUATED, "colette", models.REASON_REQUIRED),
    ],
)
def test_a_decision_without_its_reason_is_refused(request, alice, name, source, who, message):
    initiative = at_stage(source, alice)
    assert refused(name, initiative, request.getfixturevalue(who), "   ") == [str(message)]
    initiative.refresh_from_db()
    assert initiative.stage == source
    assert not logs(initiative).exists()


def test_identification_needs_every_criterion_and_a_refusal_keeps_no_score(alice, sam):
    initiative = at_stage(S.SUBMITTED, alice)
    partial = {Criterion.PRIORITY_PUBLIC: (3, "DELD à 80 %")}

    with pytest.raises(TransitionRefused) as caught:
        services.initiative_identify(initiative=initiative, by=sam, scores=partial)

    (reason,) = caught.value.reasons
    assert reason.startswith("Grille de repérage incomplète")
    assert str(Criterion.NOT_FOR_PROFIT.label) in reason
    assert str(Criterion.PRIORITY_PUBLIC.label) not in reason
    assert not IdentificationScore.objects.filter(initiative=initiative).exists()
    initiative.refresh_from_db()
    assert initiative.stage == S.SUBMITTED


def test_identification_keeps_the_scorecard(alice, sam):
    initiative = at_stage(S.SUBMITTED, alice)
    run("identify", initiative, sam)
    scores = dict(initiative.identification_scores.values_list("criterion", "score"))
    assert scores == {c.value: 2 for c in Criterion}


# Guards that read what the evaluation and essaimage apps will record: they exist, and
# until that data exists they refuse with their reason.
DOWNSTREAM_GUARDS = [
    ("start_evaluation", S.IDENTIFIED, "sam", [models.NO_PLANNED_EVALUATION]),
    ("start_evaluation", S.REWORK, "sam", [models.NO_PLANNED_EVALUATION]),
    ("complete_evaluation", S.IN_EVALUATION, "sam", [models.NO_RATED_EVALUATION]),
    ("validate", S.EVALUATED, "colette", [models.NO_RATED_EVALUATION]),
    ("open_spreading", S.VALIDATED, "sam", [models.NO_PUBLISHED_KIT, models.NO_CARRIER_CONSENT]),
    ("start_scale_up", S.SPREADING, "colette", [models.NO_APPROVED_SCALE_UP_PLAN]),
    ("start_scale_up", S.VALIDATED, "colette", [models.NO_APPROVED_SCALE_UP_PLAN]),
    ("suspend", S.SCALING, "sam", [models.NO_NULL_OR_NEGATIVE_RESULT]),
]


@pytest.mark.parametrize(("name", "source", "who", "expected"), DOWNSTREAM_GUARDS)
def test_guards_on_evidence_refuse_with_their_reason(request, alice, name, source, who, expected):
    initiative = at_stage(source, alice)
    reasons = refused(name, initiative, request.getfixturevalue(who), "Motif écrit.")
    assert reasons == [str(m) for m in expected]
    initiative.refresh_from_db()
    assert initiative.stage == source
    assert not logs(initiative).exists()


def test_validation_also_needs_the_cost_per_beneficiary(alice, colette):
    initiative = at_stage(S.EVALUATED, alice)
    Initiative.objects.filter(pk=initiative.pk).update(cost_per_beneficiary=None)
    initiative.refresh_from_db()
    reasons = refused("validate", initiative, colette, "Justification.")
    assert str(models.NO_COST_PER_BENEFICIARY) in reasons


def test_the_stage_cannot_be_assigned(alice):
    initiative = at_stage(S.DRAFT, alice)
    with pytest.raises(AttributeError):
        initiative.stage = S.VALIDATED


def test_a_stale_page_is_refused(alice, sam):
    """The form carries the stage the user saw: if it moved since, nothing happens."""
    initiative = at_stage(S.SUBMITTED, alice)
    with pytest.raises(TransitionRefused) as caught:
        services.initiative_decline(
            initiative=initiative, by=sam, reason="Hors champ", expected_state=S.IDENTIFIED
        )
    assert caught.value.reasons == [str(CHANGED_MEANWHILE % {"state": S.SUBMITTED.label})]
    initiative.refresh_from_db()
    assert initiative.stage == S.SUBMITTED


def test_a_copy_loaded_before_another_change_is_refused(alice, sam):
    first = at_stage(S.SUBMITTED, alice)
    second = Initiative.objects.get(pk=first.pk)
    services.initiative_decline(initiative=first, by=sam, reason="Hors champ")

    with pytest.raises(TransitionRefused):
        run("identify", second, sam)

    second.refresh_from_db()
    assert second.stage == S.DECLINED
    assert logs(second).count() == 1
    assert not IdentificationScore.objects.filter(initiative=second).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_transitions_one_wins_the_other_is_refused(django_db_blocker):
    staff_a = UserFactory(roles=["staff"])
    staff_b = UserFactory(roles=["staff"])
    owner = UserFactory(roles=["innovator"])
    OrganisationFactory(members=[owner])
    initiative = at_stage(S.SUBMITTED, owner)
    barrier = threading.Barrier(2)
    outcomes = {}

    def attempt(label, action):
        copy = Initiative.objects.get(pk=initiative.pk)
        barrier.wait()
        try:
            action(copy)
            outcomes[label] = "won"
        except TransitionRefused as refusal:
            outcomes[label] = refusal.reasons
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=attempt,
            args=("identify", lambda i: run("identify", i, staff_a, "Repérée.")),
        ),
        threading.Thread(
            target=attempt,
            args=("decline", lambda i: run("decline", i, staff_b, "Hors champ.")),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(v == "won" for v in outcomes.values()) == [False, True], outcomes
    loser = next(k for k, v in outcomes.items() if v != "won")
    assert outcomes[loser][0].startswith("Quelqu'un d'autre vient de faire évoluer ce dossier")
    initiative.refresh_from_db()
    winner = next(k for k, v in outcomes.items() if v == "won")
    assert initiative.stage == {"identify": S.IDENTIFIED, "decline": S.DECLINED}[winner]
    assert logs(initiative).count() == 1

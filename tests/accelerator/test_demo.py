"""The demo data set and `manage.py demo`, the first command of the README's quick start."""

import datetime
import itertools
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.demo import ACCOUNTS, DEMO_PASSWORD, load_demo_data
from accelerator.management.commands import demo as demo_command
from evaluations.models import (
    SMS_LEVELS,
    Direction,
    Evaluation,
    EvidenceRating,
    Outcome,
    State,
)
from initiatives.models import (
    EVIDENCE_BASED_LEVEL,
    Call,
    Criterion,
    IdentificationScore,
    Initiative,
    Organisation,
    Stage,
)
from initiatives.models.initiative import (
    evaluation_rated,
    evidence_sufficient,
    null_or_negative_result,
)
from initiatives.selectors import initiative_timeline

pytestmark = pytest.mark.django_db

ROLE_EMAILS = {
    roles.INNOVATOR: "porteur@essaim.demo",
    roles.STAFF: "charge@essaim.demo",
    roles.EVALUATOR: "evaluatrice@essaim.demo",
    roles.COMMITTEE: "comite@essaim.demo",
    roles.PARTNER: "partenaire@essaim.demo",
}


def counts():
    return {
        "users": get_user_model().objects.count(),
        "organisations": Organisation.objects.count(),
        "members": Organisation.members.through.objects.count(),
        "calls": Call.objects.count(),
        "initiatives": Initiative.objects.count(),
        "state_logs": StateLog.objects.count(),
        "scores": IdentificationScore.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "outcomes": Outcome.objects.count(),
        "ratings": EvidenceRating.objects.count(),
    }


@pytest.fixture
def demo():
    return load_demo_data()


def test_loading_twice_creates_nothing_new(demo):
    assert not demo["already_loaded"]
    assert demo["created"]["initiatives"] >= 30
    first = counts()

    out = StringIO()
    again = load_demo_data(stdout=out)

    assert again["already_loaded"]
    assert set(again["created"].values()) == {0}
    assert counts() == first
    assert "déjà chargées" in out.getvalue()


def test_a_missing_initiative_is_the_only_thing_loaded_again(demo):
    before = counts()
    Initiative.objects.get(title="Garage solidaire Roue Libre").delete()

    result = load_demo_data()

    assert result["created"] == {
        "users": 0,
        "organisations": 0,
        "calls": 0,
        "initiatives": 1,
        "evaluations": 2,
    }
    assert counts()["initiatives"] == before["initiatives"]
    assert counts()["evaluations"] == before["evaluations"]


def test_every_stage_has_initiatives(demo):
    assert Initiative.objects.count() >= 30
    present = set(Initiative.objects.values_list("stage", flat=True))
    assert present == set(Stage.values)


def test_initiatives_are_complete_and_spread_over_the_organisations(demo):
    submitted = Initiative.objects.exclude(stage__in=[Stage.DRAFT, Stage.WITHDRAWN])
    for initiative in submitted:
        assert initiative.missing_for_submission() == [], initiative.title
        assert initiative.carrier.members.filter(pk=initiative.owner_id).exists()
    assert Organisation.objects.filter(initiatives__isnull=False).distinct().count() >= 8


def test_histories_follow_the_chain_in_time(demo):
    earliest = timezone.now() - datetime.timedelta(days=31 * 18)
    for initiative in Initiative.objects.all():
        logs = [
            e.entry for e in initiative_timeline(initiative, internal=True) if e.kind == "stage"
        ]
        if initiative.stage == Stage.DRAFT and not logs:
            continue
        assert logs, initiative.title
        assert logs[0].source_state == Stage.DRAFT
        assert logs[-1].state == initiative.stage, initiative.title
        for previous, log in itertools.pairwise(logs):
            assert log.source_state == previous.state, initiative.title
            assert log.timestamp > previous.timestamp, initiative.title
        assert earliest < logs[0].timestamp and logs[-1].timestamp < timezone.now()
        assert all(log.by_id is not None for log in logs)


def test_decisions_are_made_by_the_right_people(demo):
    by_transition = {
        "validate": ROLE_EMAILS[roles.COMMITTEE],
        "start_scale_up": ROLE_EMAILS[roles.COMMITTEE],
        "identify": ROLE_EMAILS[roles.STAFF],
        "decline": ROLE_EMAILS[roles.STAFF],
    }
    for transition, email in by_transition.items():
        logs = StateLog.objects.filter(transition=transition)
        assert logs.exists(), transition
        assert set(logs.values_list("by__email", flat=True)) == {email}
    for log in StateLog.objects.filter(transition__in=["submit", "withdraw"]):
        assert log.by_id == log.content_object.owner_id
    reasons = StateLog.objects.filter(
        transition__in=["decline", "request_changes", "validate", "suspend", "send_back"]
    )
    assert all(log.description for log in reasons)


def test_identified_initiatives_have_a_full_scorecard(demo):
    passed = Initiative.objects.filter(
        pk__in=StateLog.objects.filter(transition="identify").values("object_id")
    )
    assert passed.filter(stage=Stage.IDENTIFIED).count() >= 1
    for initiative in passed:
        scored = set(initiative.identification_scores.values_list("criterion", flat=True))
        assert scored == set(Criterion.values), initiative.title


# The evidence behind the chain.

EVALUATION_STEPS = {
    "start": (State.PLANNED, State.IN_PROGRESS),
    "submit_report": (State.IN_PROGRESS, State.REPORT_SUBMITTED),
    "rate": (State.REPORT_SUBMITTED, State.RATED),
}
EVALUATED_AND_BEYOND = {
    Stage.EVALUATED,
    Stage.VALIDATED,
    Stage.SPREADING,
    Stage.SCALING,
    Stage.REWORK,
}
VALIDATED_AND_BEYOND = {Stage.VALIDATED, Stage.SPREADING, Stage.SCALING}


def stage_logs(initiative):
    return [e.entry for e in initiative_timeline(initiative, internal=True) if e.kind == "stage"]


def evaluation_logs(evaluation):
    return list(StateLog.objects.for_(evaluation).select_related("by").order_by("timestamp", "pk"))


def rated_at(evaluation):
    rating = EvidenceRating.objects.filter(evaluation=evaluation).first()
    return rating.rated_at if rating else None


def test_every_initiative_past_identified_has_the_evidence_of_its_stage(demo, settings):
    past_identified = Initiative.objects.exclude(
        stage__in=[Stage.DRAFT, Stage.SUBMITTED, Stage.IDENTIFIED, Stage.WITHDRAWN]
    )
    checked = 0
    for initiative in past_identified:
        went = {log.transition for log in stage_logs(initiative)}
        evaluations = initiative.evaluations
        if initiative.stage == Stage.IN_EVALUATION:
            assert evaluations.filter(
                state__in=[State.PLANNED, State.IN_PROGRESS, State.REPORT_SUBMITTED]
            ).exists(), initiative.title
        if initiative.stage in EVALUATED_AND_BEYOND or "complete_evaluation" in went:
            assert evaluations.rated().exists(), initiative.title
            assert evaluation_rated.refusals(initiative) == [], initiative.title
        if initiative.stage in VALIDATED_AND_BEYOND or "validate" in went:
            assert evaluations.best_nesta_level() >= settings.VALIDATION_MIN_NESTA_LEVEL
            assert not evaluations.with_unresolved_negative_result().exists(), initiative.title
            assert initiative.cost_per_beneficiary is not None, initiative.title
            assert evidence_sufficient.refusals(initiative) == [], initiative.title
        if initiative.stage == Stage.REWORK:
            assert evaluations.with_null_or_negative_result().exists(), initiative.title
            assert null_or_negative_result.refusals(initiative) == [], initiative.title
        if "start_evaluation" in went:
            assert evaluations.exists(), initiative.title
            checked += 1
    assert checked >= 15
    # Some validated initiatives reach the level that earns them the "fondé sur la preuve"
    # label; a few stop below it.
    levels = [
        i.evaluations.best_nesta_level()
        for i in Initiative.objects.filter(stage__in=VALIDATED_AND_BEYOND)
    ]
    assert any(level >= EVIDENCE_BASED_LEVEL for level in levels)
    assert any(level < EVIDENCE_BASED_LEVEL for level in levels)


def assert_each_guard_held_in_time(min_level):
    """At the moment of each step, the evaluations then in place satisfied its guard."""
    initiative_type = ContentType.objects.get_for_model(Initiative)
    steps = StateLog.objects.filter(
        content_type=initiative_type,
        transition__in=["start_evaluation", "complete_evaluation", "validate", "suspend"],
    )
    assert steps.count() >= 30
    for log in steps:
        initiative = Initiative.objects.get(pk=log.object_id)
        at = log.timestamp
        evaluations = list(initiative.evaluations.all())
        rated_before = [e for e in evaluations if rated_at(e) and rated_at(e) < at]
        if log.transition == "start_evaluation":
            # Planned (with an evaluator and a design) before, started only after.
            ready = [
                e
                for e in evaluations
                if e.created_at < at
                and e.design
                and (e.evaluator_id or e.external_evaluator)
                and all(
                    later.timestamp > at
                    for later in evaluation_logs(e)
                    if later.transition == "start"
                )
            ]
            assert ready, initiative.title
        elif log.transition == "complete_evaluation":
            assert rated_before, initiative.title
        elif log.transition == "validate":
            best = max(e.rating.nesta_level for e in rated_before)
            assert best >= min_level, initiative.title
            for evaluation in rated_before:
                for outcome in evaluation.outcomes.filter(direction=Direction.NEGATIVE):
                    assert outcome.resolved_at and outcome.resolved_at < at, initiative.title
        elif log.transition == "suspend":
            assert any(
                e.outcomes.filter(direction__in=[Direction.NULL, Direction.NEGATIVE]).exists()
                for e in rated_before
            ), initiative.title


def test_each_guard_held_when_the_initiative_passed_it(demo, settings):
    assert_each_guard_held_in_time(settings.VALIDATION_MIN_NESTA_LEVEL)


def test_evaluation_histories_follow_their_machine_by_the_right_people(demo):
    staff = get_user_model().objects.get(email=ROLE_EMAILS[roles.STAFF])
    committee = get_user_model().objects.get(email=ROLE_EMAILS[roles.COMMITTEE])
    now = timezone.now()
    for evaluation in Evaluation.objects.select_related("initiative", "evaluator"):
        title = evaluation.initiative.title
        assert evaluation.planned_by_id == staff.pk, title
        identified = next(
            log.timestamp
            for log in stage_logs(evaluation.initiative)
            if log.transition == "identify"
        )
        assert identified < evaluation.created_at < now, title
        logs = evaluation_logs(evaluation)
        state, previous = State.PLANNED, evaluation.created_at
        for log in logs:
            assert (log.source_state, log.state) == EVALUATION_STEPS[log.transition], title
            assert log.source_state == state, title
            assert previous < log.timestamp < now, title
            state, previous = log.state, log.timestamp
            if log.transition == "rate":
                assert log.by_id == committee.pk, title
            elif evaluation.evaluator_id:
                assert log.by_id == evaluation.evaluator_id, title
            else:
                assert log.by_id == staff.pk, title
        assert state == evaluation.state, title
        assert evaluation.updated_at >= previous, title
        submitted = [log.timestamp for log in logs if log.transition == "submit_report"]
        assert evaluation.submitted_at == (submitted[0] if submitted else None), title


def test_evaluations_are_complete_for_their_state(demo):
    evaluator_group = roles.EVALUATOR
    for evaluation in Evaluation.objects.select_related("initiative", "evaluator"):
        title = evaluation.initiative.title
        assert evaluation.questions.strip() and evaluation.commissioner.strip(), title
        assert evaluation.design and evaluation.kind, title
        assert bool(evaluation.evaluator_id) != bool(evaluation.external_evaluator), title
        if evaluation.evaluator_id:
            assert evaluation.evaluator.groups.filter(name=evaluator_group).exists()
        assert evaluation.territory_id is not None, title
        assert evaluation.period_start and evaluation.period_end, title
        assert evaluation.period_start <= evaluation.period_end, title
        assert evaluation.period_start >= evaluation.initiative.created_at.date(), title
        if evaluation.state in (State.REPORT_SUBMITTED, State.RATED):
            assert evaluation.summary.strip(), title
            assert evaluation.treated_size and evaluation.sites, title
            assert evaluation.attrition is not None, title
            assert evaluation.cost_per_beneficiary is not None, title
            assert evaluation.period_end <= timezone.localdate(evaluation.submitted_at), title
            assert evaluation.outcomes.exists(), title
            for outcome in evaluation.outcomes.all():
                assert outcome.indicator and outcome.horizon and outcome.unit, title
                assert outcome.ci_low <= outcome.effect_size <= outcome.ci_high, title
                assert outcome.direction in Direction.values, title
        else:
            assert not EvidenceRating.objects.filter(evaluation=evaluation).exists(), title
    for initiative in Initiative.objects.filter(stage__in=VALIDATED_AND_BEYOND):
        assert initiative.cost_per_beneficiary is not None, initiative.title


def test_ratings_are_the_committees_and_fit_the_design(demo):
    committee = get_user_model().objects.get(email=ROLE_EMAILS[roles.COMMITTEE])
    ratings = EvidenceRating.objects.select_related("evaluation__initiative__carrier")
    assert ratings.count() == Evaluation.objects.rated().count() >= 15
    for rating in ratings:
        evaluation = rating.evaluation
        assert rating.rater_id == committee.pk
        assert evaluation.evaluator_id != committee.pk
        assert not evaluation.initiative.carrier.members.filter(pk=committee.pk).exists()
        assert committee.has_perm("evaluations.rate_evaluation", evaluation)
        assert rating.sms_level == SMS_LEVELS[evaluation.design]
        assert rating.rationale.strip()
        rate_log = next(log for log in evaluation_logs(evaluation) if log.transition == "rate")
        assert rating.rated_at == rate_log.timestamp
        assert rate_log.description == rating.rationale
    assert {rating.nesta_level for rating in ratings} >= {1, 2, 3, 4}


def test_the_demo_leaves_work_for_the_evaluator_and_the_committee(demo):
    evaluator = get_user_model().objects.get(email=ROLE_EMAILS[roles.EVALUATOR])
    mine = Evaluation.objects.for_evaluator(evaluator)
    assert mine.exists()
    # One to start, one report for the committee to rate.
    assert mine.ready_to_start().exists()
    assert Evaluation.objects.filter(state=State.REPORT_SUBMITTED).exists()
    assert Evaluation.objects.filter(state=State.IN_PROGRESS).exists()
    assert Evaluation.objects.exclude(external_evaluator="").exists()


def test_evaluations_are_added_to_a_demo_loaded_before_they_existed(demo, settings):
    """A demo database loaded weeks ago, before the evaluations app: loading again adds the
    evaluations, dated on the initiatives' recorded history."""
    total = counts()
    Evaluation.objects.all().delete()
    StateLog.objects.filter(content_type=ContentType.objects.get_for_model(Evaluation)).delete()
    initiative_logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative)
    )
    for log in initiative_logs:
        StateLog.objects.filter(pk=log.pk).update(
            timestamp=log.timestamp - datetime.timedelta(days=40)
        )

    result = load_demo_data()

    assert not result["already_loaded"]
    assert result["created"]["initiatives"] == 0
    assert result["created"]["evaluations"] == total["evaluations"]
    assert counts() == total
    assert_each_guard_held_in_time(settings.VALIDATION_MIN_NESTA_LEVEL)
    assert load_demo_data()["already_loaded"]


def test_one_call_is_closed_and_the_other_open(demo):
    assert not Call.objects.get(title="AIS#Emploi 2025").is_open
    assert Call.objects.get(title="AIS#Emploi 2026").is_open


@pytest.mark.parametrize("role", list(ROLE_EMAILS))
def test_each_role_has_an_account_that_logs_in(demo, role):
    user = get_user_model().objects.get(email=ROLE_EMAILS[role])

    assert user.groups.filter(name=role).exists()
    assert Client().login(username=user.email, password=DEMO_PASSWORD)


def test_the_admin_is_a_superuser_who_logs_in(demo):
    admin = get_user_model().objects.get(email="admin@essaim.demo")

    assert admin.is_superuser and admin.is_staff
    assert Client().login(username=admin.email, password=DEMO_PASSWORD)


def test_every_demo_account_logs_in(demo):
    for account in ACCOUNTS:
        assert Client().login(username=account.email, password=DEMO_PASSWORD), account.email


def test_the_command_prints_every_role_and_does_not_serve(monkeypatch):
    served = []
    real_call_command = demo_command.call_command

    def spy(name, *args, **kwargs):
        if name == "runserver":
            served.append(args)
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", spy)
    out = StringIO()

    call_command("demo", "--no-serve", stdout=out)

    printed = out.getvalue()
    for role, email in ROLE_EMAILS.items():
        line = next(line for line in printed.splitlines() if email in line)
        assert str(roles.ROLES[role]) in line
        assert DEMO_PASSWORD in line
    assert "admin@essaim.demo" in printed
    assert "http://127.0.0.1:8000" in printed
    assert served == []
    assert Initiative.objects.count() >= 30


def test_the_command_serves_on_the_address_asked(monkeypatch):
    served = []
    real_call_command = demo_command.call_command

    def spy(name, *args, **kwargs):
        if name == "runserver":
            served.append((args, kwargs))
            return None
        return real_call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command, "call_command", spy)
    out = StringIO()

    call_command("demo", "--addrport", "127.0.0.1:8123", stdout=out)

    assert served == [(("127.0.0.1:8123",), {"use_reloader": False})]
    assert "http://127.0.0.1:8123" in out.getvalue()


def test_the_command_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="PRODUCTION"):
        call_command("demo", "--no-serve", stdout=StringIO())

    assert not get_user_model().objects.filter(email__endswith="@essaim.demo").exists()


@pytest.mark.parametrize(
    ("addrport", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("8001", "http://127.0.0.1:8001"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
        ("localhost:9000", "http://localhost:9000"),
    ],
)
def test_url_of_addrport(addrport, url):
    assert demo_command.url_of(addrport) == url

"""The demo data set and `manage.py demo`, the first command of the README's quick start."""

import dataclasses
import datetime
import itertools
import shutil
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_fsm_log.models import StateLog
from pypdf import PdfReader

from accelerator import roles
from catalogue.selectors import Level, level_of, public_initiatives
from demo import loader
from demo.loader import DEMO_PASSWORD, load_demo_data
from demo.management.commands import demo as demo_command
from demo.schema import DATA_DIR, DemoDataError, Step, read_data
from evaluations.models import (
    SMS_LEVELS,
    Direction,
    Evaluation,
    EvidenceRating,
    Outcome,
    State,
    has_rating,
    ready_to_start,
    report_complete,
)
from initiatives.models import (
    CHAIN_STEP,
    EVIDENCE_BASED_LEVEL,
    Call,
    Criterion,
    IdentificationScore,
    Initiative,
    Organisation,
    Stage,
)
from initiatives.models.initiative import (
    NO_PLANNED_EVALUATION,
    evaluation_rated,
    evidence_sufficient,
    kit_published_and_consented,
    null_or_negative_result,
    scale_up_plan_approved,
)
from initiatives.selectors import initiative_timeline
from swarming.models import (
    KIT_SECTIONS,
    FidelityReport,
    IndicatorReport,
    KitIndicator,
    KitInvariant,
    KitState,
    Milestone,
    PlanState,
    Replication,
    ReplicationState,
    ScaleUpPlan,
    SpreadingConsent,
    TransferKit,
)

pytestmark = pytest.mark.django_db
ACCOUNTS = read_data().accounts

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
        "reports": Evaluation.objects.exclude(report="").count(),
        **essaimage_counts(),
    }


def essaimage_counts():
    return {
        "kits": TransferKit.objects.count(),
        "invariants": KitInvariant.objects.count(),
        "indicators": KitIndicator.objects.count(),
        "consents": SpreadingConsent.objects.count(),
        "replications": Replication.objects.count(),
        "milestones": Milestone.objects.count(),
        "fidelity_reports": FidelityReport.objects.count(),
        "indicator_reports": IndicatorReport.objects.count(),
        "plans": ScaleUpPlan.objects.count(),
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
    # Kits, replications, their reports and plans included: none is duplicated.
    assert all(essaimage_counts().values())
    assert "déjà chargées" in out.getvalue()


def test_a_missing_initiative_is_the_only_thing_loaded_again(demo):
    before = counts()
    garage = Initiative.objects.get(title="Garage solidaire Roue Libre")
    # Replications keep their initiative: they go first, with their reports.
    Replication.objects.filter(initiative=garage).delete()
    garage.delete()

    result = load_demo_data()

    assert result["created"] == {
        "users": 0,
        "organisations": 0,
        "calls": 0,
        "initiatives": 1,
        "evaluations": 2,
        "reports": 1,
        "kits": 2,
        "consents": 1,
        "replications": 2,
        "plans": 0,
    }
    after = counts()
    for kind in ("initiatives", "evaluations", "reports", *essaimage_counts()):
        assert after[kind] == before[kind], kind


def test_an_initiative_already_there_is_left_as_it_is(demo):
    """The unit of loading is the initiative with its whole story: the parts of one already
    there are not added one by one, as its history passed the machine without them."""
    garage = Initiative.objects.get(title="Garage solidaire Roue Libre")
    garage.evaluations.filter(state=State.PLANNED).delete()
    logs = list(StateLog.objects.for_(garage).values_list("pk", "timestamp"))
    before = counts()

    again = load_demo_data()

    assert again["already_loaded"] and set(again["created"].values()) == {0}
    assert counts() == before
    assert list(StateLog.objects.for_(garage).values_list("pk", "timestamp")) == logs


# The histories are the machine's: every log row is a transition it allows from its source,
# written when the step ran (the dates the runner stamps match it), in the order of time.


def machine_objects():
    """Every object of the demo that has a state machine, with its initial state."""
    return [
        *((i, Stage.DRAFT) for i in Initiative.objects.all()),
        *((e, State.PLANNED) for e in Evaluation.objects.all()),
        *((k, KitState.DRAFT) for k in TransferKit.objects.all()),
        *((r, ReplicationState.INTEREST) for r in Replication.objects.all()),
        *((p, PlanState.DRAFT) for p in ScaleUpPlan.objects.all()),
    ]


def test_every_logged_step_is_a_transition_the_machine_allows_from_its_source(demo):
    logs = StateLog.objects.select_related("content_type")
    assert logs.count() > 150
    for log in logs:
        model = log.content_type.model_class()
        allowed = getattr(model, log.transition)._django_fsm.get_transition(log.source_state)
        assert allowed is not None, (model.__name__, log.transition, log.source_state)
        assert allowed.target == log.state, (model.__name__, log.transition)


def test_every_history_chains_from_the_initial_state_to_the_current_one(demo):
    for instance, initial in machine_objects():
        state, previous = initial, None
        for log in StateLog.objects.for_(instance).order_by("timestamp", "pk"):
            assert log.source_state == state, str(instance)
            assert previous is None or previous < log.timestamp, str(instance)
            state, previous = log.state, log.timestamp
        current = getattr(instance, "stage", None) or instance.state
        assert state == current, str(instance)


def test_no_log_row_was_written_by_hand(demo):
    """Each row was written by the transition runner at the moment of its step: the rows
    follow one another in time as they were inserted, and the dates the runner and the
    transitions stamp on the objects are those of their rows, to the microsecond."""
    stamps = list(StateLog.objects.order_by("pk").values_list("timestamp", flat=True))
    assert stamps == sorted(stamps)
    for initiative in Initiative.objects.all():
        last = StateLog.objects.for_(initiative).order_by("-timestamp").first()
        entered = last.timestamp if last else initiative.created_at
        assert initiative.stage_entered_at == entered, initiative.title
        identified = StateLog.objects.for_(initiative).filter(transition="identify").first()
        if identified is not None:
            scored = set(initiative.identification_scores.values_list("scored_at", flat=True))
            assert scored == {identified.timestamp}, initiative.title
    for evaluation in Evaluation.objects.exclude(submitted_at=None):
        handed = StateLog.objects.for_(evaluation).get(transition="submit_report")
        assert evaluation.submitted_at == handed.timestamp
    for kit in TransferKit.objects.exclude(published_at=None):
        assert kit.published_at == StateLog.objects.for_(kit).get(transition="publish").timestamp


def test_a_step_the_machine_refuses_stops_the_loading_and_says_where(db):
    """A validation without any rated evaluation: the guard refuses it, the loading stops
    with the file, the entry and the step named, and nothing is saved."""
    data = read_data()
    spec = data.by_title["Médiation numérique pour les allocataires du RSA"]
    wrong = dataclasses.replace(
        spec,
        history=(*spec.history, Step("start_evaluation", 100, "Lancée sans évaluation.")),
    )
    initiatives = tuple(wrong if s is spec else s for s in data.initiatives)
    data = dataclasses.replace(data, initiatives=initiatives)

    with pytest.raises(DemoDataError) as refused:
        load_demo_data(data=data)

    message = str(refused.value)
    assert "initiatives.yaml: « Médiation numérique pour les allocataires du RSA »" in message
    assert "history[2] (start_evaluation, 100 days ago)" in message
    assert str(NO_PLANNED_EVALUATION) in message
    assert not Initiative.objects.exists() and not StateLog.objects.exists()


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


def test_the_dashboard_reads_the_stays_of_the_story_as_dated(demo):
    """The story is told under its own clock: the stays the dashboard reads, kept from the
    log as each step is written, are those of the dated story (from the previous log row, or
    the creation), not of the loading."""
    for initiative in Initiative.objects.all():
        logs = list(
            StateLog.objects.for_(initiative).order_by("timestamp", "pk").values("pk", "timestamp")
        )
        stays = dict(initiative.stays.values_list("log_id", "seconds"))
        assert set(stays) == {log["pk"] for log in logs}, initiative.title
        start = initiative.created_at
        for log in logs:
            expected = max((log["timestamp"] - start).total_seconds(), 0)
            assert stays[log["pk"]] == pytest.approx(expected, abs=1), initiative.title
            start = log["timestamp"]
        reached = [CHAIN_STEP.get(initiative.stage, 0)]
        reached += [
            CHAIN_STEP.get(state, 0)
            for state in StateLog.objects.for_(initiative).values_list("state", flat=True)
        ]
        assert initiative.furthest_step == max(reached), initiative.title


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


def report_pdf(evaluation):
    """The evaluation's report file: its bytes, and pypdf's reader of them."""
    with evaluation.report.open("rb") as file:
        data = file.read()
    return data, PdfReader(BytesIO(data))


def assert_evaluation_guards_held_in_time():
    """Each step of an evaluation passed its machine's guard at the time: planned with an
    evaluator and a design before it started, handed in with its summary, its outcomes and
    its report file (a PDF dated no later than the submission), rated once the rating
    existed."""
    steps = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Evaluation),
        transition__in=["start", "submit_report", "rate"],
    )
    assert steps.filter(transition="submit_report").count() >= 15
    for log in steps:
        evaluation = Evaluation.objects.select_related("initiative").get(pk=log.object_id)
        title, at = evaluation.initiative.title, log.timestamp
        if log.transition == "start":
            assert evaluation.created_at < at, title
            assert ready_to_start.refusals(evaluation) == [], title
        elif log.transition == "submit_report":
            assert report_complete.refusals(evaluation) == [], title
            _data, reader = report_pdf(evaluation)
            assert reader.metadata.creation_date <= at, title
        else:
            assert has_rating.refusals(evaluation) == [], title
            assert evaluation.rating.rated_at <= at, title


def assert_each_guard_held_in_time(min_level):
    """At the moment of each step, the evaluations then in place satisfied its guard, and
    each step of the evaluations passed theirs."""
    assert_evaluation_guards_held_in_time()
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


def test_the_catalogue_shows_an_inspiring_experience(demo, client):
    """An identified initiative whose public sheet staff published, after its identification."""
    inspiring = [i for i in public_initiatives() if level_of(i) == Level.INSPIRATION]
    assert inspiring
    for initiative in inspiring:
        identified = StateLog.objects.for_(initiative).get(state=Stage.IDENTIFIED)
        assert identified.timestamp < initiative.sheet_published_at < timezone.now()
        page = client.get(
            reverse("catalogue:initiative", args=[initiative.pk, initiative.slug])
        ).content.decode()
        assert escape(initiative.public_sheet.split("\n")[0][:60]) in page


def test_the_demo_leaves_work_for_the_evaluator_and_the_committee(demo):
    evaluator = get_user_model().objects.get(email=ROLE_EMAILS[roles.EVALUATOR])
    mine = Evaluation.objects.for_evaluator(evaluator)
    assert mine.exists()
    # One to start, one report for the committee to rate.
    assert mine.ready_to_start().exists()
    assert Evaluation.objects.filter(state=State.REPORT_SUBMITTED).exists()
    assert Evaluation.objects.filter(state=State.IN_PROGRESS).exists()
    assert Evaluation.objects.exclude(external_evaluator="").exists()


def handed_in(evaluations):
    """The evaluations whose history went through "Remettre le rapport"."""
    submitted = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Evaluation), transition="submit_report"
    )
    return evaluations.filter(pk__in=submitted.values("object_id"))


def squeezed(text):
    """`text` without its spaces and line breaks (where the PDF's lines break)."""
    return "".join(text.split())


def page_text(reader):
    return squeezed(" ".join(page.extract_text() for page in reader.pages))


def test_every_evaluation_handed_in_has_its_report_as_a_pdf(demo):
    evaluations = Evaluation.objects.select_related("initiative")
    reported = handed_in(evaluations).prefetch_related("outcomes")
    assert set(reported.values_list("state", flat=True)) == {State.REPORT_SUBMITTED, State.RATED}
    assert reported.count() >= 15
    for evaluation in reported:
        title = evaluation.initiative.title
        assert evaluation.report and evaluation.report.size > 0, title
        data, reader = report_pdf(evaluation)
        assert data.startswith(b"%PDF-"), title
        text = page_text(reader)
        assert squeezed(f"Rapport d'évaluation — {title}") in text
        for question in evaluation.questions.splitlines():
            assert squeezed(question) in text, title
        assert squeezed(str(evaluation.get_design_display())) in text, title
        assert squeezed(evaluation.commissioner) in text, title
        for outcome in evaluation.outcomes.all():
            assert squeezed(outcome.indicator) in text, title
        # Handed in on the day of submit_report, by its evaluator.
        assert reader.metadata.title == f"Rapport d'évaluation — {title}"
        assert reader.metadata.author == evaluation.evaluator_name
        assert reader.metadata.creation_date == evaluation.submitted_at.replace(microsecond=0)
    assert not evaluations.exclude(pk__in=reported).exclude(report="").exists()


def test_the_committee_reads_the_report_of_the_evaluations_it_rates(demo):
    committee = Client()
    assert committee.login(username=ROLE_EMAILS[roles.COMMITTEE], password=DEMO_PASSWORD)
    for evaluation in handed_in(Evaluation.objects.all()):
        page = committee.get(reverse("evaluations:detail", args=[evaluation.pk]))

        assert page.status_code == 200
        content = page.content.decode()
        assert "Pas encore de rapport" not in content
        download = reverse("evaluations:report", args=[evaluation.pk])
        assert download in content
        report = committee.get(download)
        assert report.status_code == 200
        assert b"".join(report.streaming_content).startswith(b"%PDF-")


# Essaimage: kits, consents, replications and plans, consistent with the chain.

PARTNER = "partenaire@essaim.demo"
RUNNING = {ReplicationState.LAUNCHED, ReplicationState.AUTONOMOUS}


def step_log(initiative, transition):
    return next((log for log in stage_logs(initiative) if log.transition == transition), None)


def object_logs(instance):
    return list(StateLog.objects.for_(instance).select_related("by").order_by("timestamp", "pk"))


def test_initiatives_spreading_or_scaling_pass_their_guards(demo):
    spreading = Initiative.objects.filter(stage=Stage.SPREADING)
    scaling = Initiative.objects.filter(stage=Stage.SCALING)
    assert spreading.count() >= 2 and scaling.count() >= 2
    for initiative in spreading:
        assert initiative.transfer_kits.published().exists(), initiative.title
        assert initiative.spreading_consents.exists(), initiative.title
        assert kit_published_and_consented.refusals(initiative) == [], initiative.title
    for initiative in scaling:
        assert initiative.scale_up_plans.approved().exists(), initiative.title
        assert scale_up_plan_approved.refusals(initiative) == [], initiative.title


def assert_essaimage_guards_held_in_time():
    """A kit was published by staff and the owner had consented before the initiative
    opened to spreading (or scaled up); a plan was approved before it scaled up."""
    staff = get_user_model().objects.get(email=ROLE_EMAILS[roles.STAFF])
    committee = get_user_model().objects.get(email=ROLE_EMAILS[roles.COMMITTEE])
    initiative_type = ContentType.objects.get_for_model(Initiative)
    opened = StateLog.objects.filter(
        content_type=initiative_type, transition__in=["open_spreading", "start_scale_up"]
    )
    assert opened.filter(transition="open_spreading").count() >= 4
    for log in opened:
        initiative = Initiative.objects.get(pk=log.object_id)
        at = log.timestamp
        published = [
            kit
            for kit in initiative.transfer_kits.exclude(published_at=None)
            if kit.published_at < at
        ]
        assert published, initiative.title
        for kit in published:
            publish = next(entry for entry in object_logs(kit) if entry.transition == "publish")
            assert publish.by_id == staff.pk and publish.timestamp == kit.published_at
        consents = initiative.spreading_consents.filter(given_at__lt=at)
        assert consents.filter(given_by=initiative.owner).exists(), initiative.title
        if log.transition == "start_scale_up":
            approved = [
                entry
                for plan in initiative.scale_up_plans.all()
                for entry in object_logs(plan)
                if entry.transition == "approve" and entry.timestamp < at
            ]
            assert approved, initiative.title
            assert {entry.by_id for entry in approved} == {committee.pk}


def test_essaimage_guards_held_when_the_initiative_passed_them(demo):
    assert_essaimage_guards_held_in_time()


def test_published_kits_are_complete_and_written_from_the_evidence(demo):
    staff = get_user_model().objects.get(email=ROLE_EMAILS[roles.STAFF])
    kits = TransferKit.objects.filter(state=KitState.PUBLISHED).select_related("initiative")
    # Every initiative that went through spreading or scaling, archived ones included.
    went = Initiative.objects.filter(
        pk__in=StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative),
            transition__in=["open_spreading", "start_scale_up"],
        ).values("object_id")
    )
    assert went.filter(stage=Stage.ARCHIVED).exists()
    assert set(kits.values_list("initiative", flat=True)) == set(went.values_list("pk", flat=True))
    for kit in kits:
        initiative, title = kit.initiative, kit.initiative.title
        assert all(getattr(kit, name).strip() for name in KIT_SECTIONS), title
        assert 3 <= kit.invariants.count() <= 5, title
        assert 2 <= kit.indicators.count() <= 3, title
        assert kit.created_by_id in (initiative.owner_id, staff.pk), title
        assert step_log(initiative, "validate").timestamp < kit.created_at < kit.published_at
        logs = object_logs(kit)
        assert [(log.source_state, log.state) for log in logs] == [
            (KitState.DRAFT, KitState.PUBLISHED)
        ]
        assert logs[0].by_id == staff.pk and logs[0].description
        outcomes = Outcome.objects.filter(
            evaluation__in=initiative.evaluations.rated(),
            evaluation__rating__rated_at__lt=kit.published_at,
        )
        from_evidence = 0
        for indicator in kit.indicators.all():
            assert indicator.reference_value is not None and indicator.reference_note, title
            matching = outcomes.filter(indicator=indicator.label)
            if matching.exists():
                from_evidence += 1
                effects = set(matching.values_list("effect_size", flat=True))
                assert indicator.reference_value in effects, indicator.label
        assert from_evidence >= (1 if outcomes.exists() else 0), title
        consent = initiative.spreading_consents.get()
        assert consent.given_by_id == initiative.owner_id and consent.terms.strip()


def test_kits_in_progress_show_on_the_kit_pages(demo):
    # A validated initiative's first kit, written by the chargée de mission and the carrier.
    draft = TransferKit.objects.get(initiative__stage=Stage.VALIDATED, state=KitState.DRAFT)
    assert draft.version == 1 and draft.invariants.exists() and draft.project_sheet
    assert not draft.initiative.transfer_kits.published().exists()
    assert draft.created_at < draft.updated_at < timezone.now()
    # A spreading initiative prepares its version 2, copied from the published version 1.
    second = TransferKit.objects.get(
        initiative__stage=Stage.SPREADING, state=KitState.DRAFT, version=2
    )
    first = second.initiative.transfer_kits.get(version=1)
    assert first.state == KitState.PUBLISHED and first.published_at < second.created_at
    labels = set(second.invariants.values_list("label", flat=True))
    assert set(first.invariants.values_list("label", flat=True)) < labels
    assert second.adaptable_parts != first.adaptable_parts
    assert first.replications.exists() and not second.replications.exists()
    staff = Client()
    staff.login(username=ROLE_EMAILS[roles.STAFF], password=DEMO_PASSWORD)
    for kit in (draft, first, second):
        assert staff.get(reverse("swarming:kit_detail", args=[kit.pk])).status_code == 200
    assert staff.get(reverse("swarming:kits", args=[second.initiative_id])).status_code == 200


REPLICATION_STEPS = {
    "agree": (ReplicationState.INTEREST, ReplicationState.AGREEMENT),
    "start_preparation": (ReplicationState.AGREEMENT, ReplicationState.PREPARATION),
    "launch": (ReplicationState.PREPARATION, ReplicationState.LAUNCHED),
    "make_autonomous": (ReplicationState.LAUNCHED, ReplicationState.AUTONOMOUS),
}


def spreading_window(initiative):
    """When the initiative stood at spreading: (from, until or None)."""
    logs = stage_logs(initiative)
    for index, log in enumerate(logs):
        if log.transition == "open_spreading":
            return log.timestamp, logs[index + 1].timestamp if index + 1 < len(logs) else None
    return None


def test_replications_follow_their_machine_by_the_right_people(demo):
    staff = get_user_model().objects.get(email=ROLE_EMAILS[roles.STAFF])
    now = timezone.now()
    for initiative in Initiative.objects.filter(stage__in=[Stage.SPREADING, Stage.SCALING]):
        if spreading_window(initiative) is not None:
            assert 1 <= initiative.replications.count() <= 4, initiative.title
    replications = Replication.objects.select_related("initiative", "kit", "organisation")
    assert {r.state for r in replications} == set(ReplicationState.values)
    assert len({r.strategy for r in replications}) >= 4
    assert len({r.organisation.territory_id for r in replications}) >= 4
    for replication in replications:
        title = str(replication)
        initiative, kit = replication.initiative, replication.kit
        # Declared while the initiative was open to spreading, on its latest published kit.
        opened, closed = spreading_window(initiative)
        assert opened < replication.created_at < (closed or now), title
        published = initiative.transfer_kits.filter(published_at__lt=replication.created_at)
        assert kit == published.order_by("-version").first(), title
        assert replication.organisation.members.filter(pk=replication.declared_by_id).exists()
        assert replication.organisation_id != initiative.carrier_id
        assert replication.motivation.strip(), title
        logs = object_logs(replication)
        state, previous = ReplicationState.INTEREST, replication.created_at
        for log in logs:
            assert log.by_id == staff.pk, title
            assert log.source_state == state and previous < log.timestamp < now, title
            if log.transition == "abandon":
                assert log.state == ReplicationState.ABANDONED and log.description, title
            else:
                assert (log.source_state, log.state) == REPLICATION_STEPS[log.transition]
            state, previous = log.state, log.timestamp
        assert state == replication.state and replication.updated_at >= previous, title
        agreed = next((log for log in logs if log.transition == "agree"), None)
        if agreed is None:
            assert replication.agreement_signed_on is None, title
            assert not replication.milestones.exists(), title
        else:
            signed = replication.agreement_signed_on
            assert timezone.localdate(replication.created_at) <= signed, title
            assert signed <= timezone.localdate(agreed.timestamp), title
            assert replication.milestones.exists(), title
        for milestone in replication.milestones.all():
            assert replication.agreement_signed_on <= milestone.reached_on, title
            assert milestone.reported_by_id == replication.declared_by_id, title
        fidelity = replication.fidelity_reports.all()
        measures = replication.indicator_reports.select_related("indicator")
        if replication.state not in RUNNING:
            assert not fidelity.exists() and not measures.exists(), title
            continue
        launched = timezone.localdate(next(g for g in logs if g.transition == "launch").timestamp)
        invariants = set(kit.invariants.values_list("pk", flat=True))
        dates = sorted(set(fidelity.values_list("reported_on", flat=True)))
        assert len(dates) == 2 and launched <= dates[0], title
        for day in dates:
            reported = fidelity.filter(reported_on=day)
            assert sorted(reported.values_list("invariant", flat=True)) == sorted(invariants)
        assert all(r.reported_by_id == replication.declared_by_id for r in fidelity)
        indicators = set(kit.indicators.values_list("pk", flat=True))
        days = sorted(set(measures.values_list("measured_on", flat=True)))
        assert len(days) == 2 and launched <= days[0], title
        for day in days:
            measured = measures.filter(measured_on=day)
            assert set(measured.values_list("indicator", flat=True)) == indicators, title
        for measure in measures:
            reference = measure.indicator.reference_value
            assert abs(measure.value - reference) <= reference * Decimal("0.3"), title
            assert measure.reported_by_id == replication.declared_by_id, title


def test_the_partner_sees_its_replications(demo):
    partner = get_user_model().objects.get(email=PARTNER)
    mine = Replication.objects.filter(organisation__members=partner).select_related("initiative")
    states = set(mine.values_list("state", flat=True))
    assert {ReplicationState.INTEREST, ReplicationState.LAUNCHED} <= states
    client = Client()
    assert client.login(username=PARTNER, password=DEMO_PASSWORD)

    page = client.get(reverse("swarming:my_replications"))

    assert page.status_code == 200
    content = page.content.decode()
    for replication in mine:
        assert escape(replication.initiative.title) in content
        detail = client.get(reverse("swarming:replication", args=[replication.pk]))
        assert detail.status_code == 200
    others = Replication.objects.exclude(organisation__members=partner)
    assert others.exists()
    assert client.get(reverse("swarming:replication", args=[others[0].pk])).status_code == 404
    # The launched one is hers to report on.
    launched = mine.get(state=ReplicationState.LAUNCHED)
    assert partner.has_perm("swarming.report_replication", launched)


def test_scale_up_plans_were_approved_before_the_scale_up(demo):
    staff = get_user_model().objects.get(email=ROLE_EMAILS[roles.STAFF])
    committee = get_user_model().objects.get(email=ROLE_EMAILS[roles.COMMITTEE])
    plan_steps = {
        "approve": (PlanState.DRAFT, PlanState.APPROVED, committee.pk),
        "start": (PlanState.APPROVED, PlanState.IN_PROGRESS, staff.pk),
        "complete": (PlanState.IN_PROGRESS, PlanState.COMPLETED, staff.pk),
    }
    for plan in ScaleUpPlan.objects.select_related("initiative"):
        initiative, title = plan.initiative, plan.initiative.title
        assert plan.created_by_id == initiative.owner_id, title
        assert plan.target_territories.exists() and plan.budget > 0, title
        assert len(plan.milestones.splitlines()) >= 3, title
        assert step_log(initiative, "validate").timestamp < plan.created_at, title
        state, previous = PlanState.DRAFT, plan.created_at
        for log in object_logs(plan):
            assert (log.source_state, log.state, log.by_id) == plan_steps[log.transition]
            assert previous < log.timestamp < timezone.now(), title
            state, previous = log.state, log.timestamp
        assert state == plan.state, title
        scaled = step_log(initiative, "start_scale_up")
        if scaled is not None:
            approve = next(log for log in object_logs(plan) if log.transition == "approve")
            assert plan.created_at < approve.timestamp < scaled.timestamp, title
    for initiative in Initiative.objects.filter(stage=Stage.SCALING):
        assert initiative.scale_up_plans.filter(
            state__in=[PlanState.APPROVED, PlanState.IN_PROGRESS]
        ).exists()
    # One spreading initiative prepares its change of scale.
    assert ScaleUpPlan.objects.filter(
        initiative__stage=Stage.SPREADING, state=PlanState.DRAFT
    ).exists()


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


def test_the_command_refuses_a_bad_data_file_and_says_where(monkeypatch, tmp_path):
    spoiled = tmp_path / "data"
    shutil.copytree(DATA_DIR, spoiled)
    (spoiled / "calls.yaml").write_text("- title: AIS#Emploi 2025\n", encoding="utf-8")
    monkeypatch.setattr(loader, "read_data", lambda: read_data(spoiled))

    with pytest.raises(CommandError) as refused:
        call_command("demo", "--no-serve", stdout=StringIO())

    assert str(refused.value) == (
        "Données de démonstration refusées : calls.yaml: entry 1 (« AIS#Emploi 2025 »): "
        "field 'description': missing"
    )
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

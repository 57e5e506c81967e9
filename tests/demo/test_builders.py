"""The builders bring an initiative to any stage through the services: the histories they
leave are ones the machine allows, dated by the story's clock."""

import datetime

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.fsm import TransitionRefused
from demo.builders import actor, initiative_step, route
from demo.clock import StoryClock
from initiatives.models import NO_RATED_EVALUATION, Initiative, Stage
from tests.factories import InitiativeFactory, UserFactory, initiative_with_history

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stage", Stage.values)
def test_an_initiative_reaches_each_stage_with_a_history_the_machine_allows(stage):
    initiative = initiative_with_history(stage, days=60)

    assert initiative.stage == stage
    logs = list(StateLog.objects.for_(initiative).order_by("timestamp", "pk"))
    assert len(logs) == len(route(Initiative, Stage.DRAFT, stage))
    state, previous = Stage.DRAFT, initiative.created_at
    for log in logs:
        allowed = getattr(Initiative, log.transition)._django_fsm.get_transition(state)
        assert allowed is not None and allowed.target == log.state
        assert previous < log.timestamp < timezone.now()
        state, previous = log.state, log.timestamp
    assert timezone.now() - initiative.created_at < datetime.timedelta(days=61)
    assert initiative.stage_entered_at == previous
    # The stays the dashboard reads are those of the story, one per step.
    assert initiative.stays.count() == len(logs)


def test_the_shortest_way_is_read_from_the_machine():
    assert route(Initiative, Stage.DRAFT, Stage.SCALING) == [
        "submit",
        "identify",
        "start_evaluation",
        "complete_evaluation",
        "validate",
        "start_scale_up",
    ]
    assert route(Initiative, Stage.VALIDATED, Stage.VALIDATED) == []


def test_who_runs_a_step_is_whom_the_machine_allows():
    staff = UserFactory(roles=[roles.STAFF])
    committee = UserFactory(roles=[roles.COMMITTEE])
    initiative = InitiativeFactory(complete=True)
    cast = [initiative.owner, staff, committee]

    assert actor(initiative, "submit", cast) == initiative.owner
    assert actor(initiative, "withdraw", cast) == initiative.owner
    assert actor(initiative, "submit", [staff, committee]) == staff  # nobody may: the first


def test_a_step_whose_guard_fails_is_refused_and_nothing_changes():
    initiative = initiative_with_history(Stage.IN_EVALUATION)
    staff = UserFactory(roles=[roles.STAFF])
    logs = StateLog.objects.for_(initiative).count()

    with pytest.raises(TransitionRefused) as refused:
        initiative_step(initiative, "complete_evaluation", by=staff)

    assert refused.value.reasons == [str(NO_RATED_EVALUATION)]
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IN_EVALUATION
    assert StateLog.objects.for_(initiative).count() == logs


def test_the_story_clock_goes_forward_only():
    start = timezone.now() - datetime.timedelta(days=3)
    with StoryClock(start) as clock:
        assert timezone.now() == start
        # Asked for the same moment, the next step runs a second later.
        assert clock.move_to(start) == start + datetime.timedelta(seconds=1)
        with pytest.raises(ValueError, match="forward only"):
            clock.move_to(start - datetime.timedelta(days=1))
    assert timezone.now() - start > datetime.timedelta(days=2)

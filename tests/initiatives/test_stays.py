"""What the dashboard reads of the transition log (initiatives.stays): kept by every
transition in its own transaction, and rebuilt from the log when it is written in bulk."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_fsm_log.models import StateLog

from initiatives import stays
from initiatives.models import CHAIN_STEP, Criterion, Initiative, Stage, StageStay

from ..factories import InitiativeFactory
from ..transitions import run_transition_named

SCORECARD = {criterion: (2, f"Constat : {criterion.label}") for criterion in Criterion}


class Boom(Exception):
    pass


@pytest.fixture
def draft(alice):
    return InitiativeFactory(owner=alice, carrier=alice.organisations.get(), complete=True)


def run(name, initiative, user):
    scores = {"scores": SCORECARD} if name == "identify" else {}
    return run_transition_named(initiative, name, by=user, text="Un motif.", **scores)


def test_each_transition_ends_a_stay_and_moves_the_furthest_step(draft, alice, sam):
    Initiative.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=3))
    draft.refresh_from_db()
    run("submit", draft, alice)
    (stay,) = StageStay.objects.filter(initiative=draft)
    assert stay.stage == Stage.DRAFT
    assert stay.seconds == pytest.approx(3 * 86400, abs=60)
    assert Initiative.objects.get(pk=draft.pk).furthest_step == CHAIN_STEP[Stage.SUBMITTED]

    run("identify", draft, sam)
    assert list(
        StageStay.objects.filter(initiative=draft)
        .order_by("log_id")
        .values_list("stage", flat=True)
    ) == [
        Stage.DRAFT,
        Stage.SUBMITTED,
    ]
    assert Initiative.objects.get(pk=draft.pk).furthest_step == CHAIN_STEP[Stage.IDENTIFIED]

    run("decline", draft, sam)  # off the chain: the furthest step stays Repérage
    assert Initiative.objects.get(pk=draft.pk).furthest_step == CHAIN_STEP[Stage.IDENTIFIED]
    assert StageStay.objects.filter(initiative=draft).count() == 3


def test_a_transition_rolled_back_leaves_no_stay(draft, alice):
    with pytest.raises(Boom), transaction.atomic():
        run("submit", draft, alice)
        assert StageStay.objects.filter(initiative=draft).count() == 1
        raise Boom
    assert not StageStay.objects.filter(initiative=draft).exists()
    assert Initiative.objects.get(pk=draft.pk).furthest_step == 0


def test_refresh_rebuilds_what_the_transitions_kept(draft, alice, sam):
    run("submit", draft, alice)
    run("identify", draft, sam)
    kept = list(StageStay.objects.order_by("log_id").values_list("log_id", "stage", "seconds"))
    StageStay.objects.all().delete()
    Initiative.objects.update(furthest_step=0)
    stays.refresh()
    rebuilt = list(StageStay.objects.order_by("log_id").values_list("log_id", "stage", "seconds"))
    assert rebuilt == kept
    assert Initiative.objects.get(pk=draft.pk).furthest_step == CHAIN_STEP[Stage.IDENTIFIED]


def test_deleting_the_log_deletes_its_stays(draft, alice):
    run("submit", draft, alice)
    StateLog.objects.for_(draft).delete()
    assert not StageStay.objects.exists()

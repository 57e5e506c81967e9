"""The event log: what the domain records with each change, and who hears of it after the
commit, never before and never after a rollback."""

import pytest
from django.core import mail
from django.db import transaction

from accelerator import events
from accelerator.fsm import TransitionRefused
from accelerator.models import Event
from catalogue import cache as catalogue
from initiatives import services
from initiatives.models import Criterion, Initiative, Stage
from notifications.emails import Kind
from notifications.subscribers import SUBSCRIPTIONS

pytestmark = pytest.mark.django_db

FULL_SCORECARD = dict.fromkeys(Criterion, (2, "Constat."))


@pytest.fixture
def heard():
    """A subscriber of the tests' own, to the initiative's submission."""
    received = []
    kind = events.transition_kind(Initiative, "submit")
    events.subscribe([kind], received.append)
    yield received
    events._HANDLERS[kind].remove(received.append)


def test_a_transition_records_its_event_in_its_transaction(
    initiative, alice, sam, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the mail's task runs here
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_submit(initiative=initiative, by=alice, expected_state=Stage.DRAFT)

    event = Event.objects.get()
    assert event.kind == "initiatives.initiative.submit"
    assert event.subject == initiative
    assert event.actor == alice
    assert event.data == {"source": "draft", "target": "submitted", "description": ""}
    # The staff's e-mail went out from the event, after the commit.
    assert [message.to for message in mail.outbox] == [[sam.email]]


def test_subscribers_hear_of_the_change_only_once_it_is_committed(
    initiative, alice, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.initiative_submit(initiative=initiative, by=alice)
        assert heard == []
    for callback in callbacks:
        callback()

    assert [event.subject for event in heard] == [initiative]


def test_a_rolled_back_change_leaves_no_event_and_tells_nobody(
    initiative, alice, sam, heard, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.initiative_submit(initiative=initiative, by=alice)
        raise RuntimeError("the request failed after the transition")

    initiative.refresh_from_db()
    assert initiative.stage == Stage.DRAFT
    assert not Event.objects.exists()
    assert callbacks == []
    assert heard == []
    assert mail.outbox == []


def test_a_refused_transition_records_nothing(initiative, bob):
    with pytest.raises(TransitionRefused):
        services.initiative_submit(initiative=initiative, by=bob)

    assert not Event.objects.exists()


def test_publishing_a_sheet_records_who_did_it_and_makes_the_catalogue_stale(
    initiative, alice, sam, django_capture_on_commit_callbacks
):
    services.initiative_submit(initiative=initiative, by=alice)
    services.initiative_identify(initiative=initiative, by=sam, scores=FULL_SCORECARD)
    version = catalogue.version()

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publish_sheet(initiative=initiative, by=sam, text="Une fiche.")

    event = Event.objects.get(kind=services.SHEET_PUBLISHED)
    assert (event.subject, event.actor) == (initiative, sam)
    assert catalogue.version() > version


def test_every_kind_of_e_mail_but_the_digest_is_sent_by_an_event():
    assert {kind for kind, _recipients, _name in SUBSCRIPTIONS.values()} == set(Kind) - {
        Kind.STALLED_DIGEST
    }


def test_a_failing_subscriber_keeps_neither_the_others_nor_the_change_from_happening(
    initiative, alice, heard, django_capture_on_commit_callbacks, caplog
):
    kind = events.transition_kind(Initiative, "submit")

    def broken(event):
        raise ConnectionError("broker down")

    events._HANDLERS[kind].insert(0, broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.initiative_submit(initiative=initiative, by=alice)
    finally:
        events._HANDLERS[kind].remove(broken)

    assert Initiative.objects.get(pk=initiative.pk).stage == Stage.SUBMITTED
    assert [event.subject for event in heard] == [initiative]
    assert "a handler failed" in caplog.text

"""The demo data set and `manage.py demo`, the first command of the README's quick start."""

import datetime
import itertools
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.demo import ACCOUNTS, DEMO_PASSWORD, load_demo_data
from accelerator.management.commands import demo as demo_command
from initiatives.models import (
    Call,
    Criterion,
    IdentificationScore,
    Initiative,
    Organisation,
    Stage,
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

    assert result["created"] == {"users": 0, "organisations": 0, "calls": 0, "initiatives": 1}
    assert counts()["initiatives"] == before["initiatives"]


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

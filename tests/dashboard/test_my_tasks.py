"""'Mes tâches' on the home page: each role finds what waits for it, and only that."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from dashboard.my_tasks import my_tasks
from evaluations.models import State as EvaluationState
from initiatives.models import Initiative, Stage
from swarming.models import Milestone, ScaleUpPlan, SpreadingConsent

from ..factories import (
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    ScaleUpPlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def sections_of(user):
    """{section title: [item labels]} over all of the user's roles."""
    return {
        str(section.title): [task.label for task in section.items]
        for _role, sections in my_tasks(user)
        for section in sections
    }


def urls_of(user):
    return {
        str(section.title): [task.url for task in section.items]
        for _role, sections in my_tasks(user)
        for section in sections
    }


def html(response):
    return response.content.decode()


def test_anonymous_visitors_keep_the_front_page():
    response = Client().get(reverse("home"))
    assert response.status_code == 200
    assert "chômage de longue durée" in html(response)
    assert "Mes tâches" not in html(response)


@pytest.mark.parametrize("who", ["alice", "sam", "eve", "colette", "paul"])
def test_every_role_lands_on_its_tasks_with_empty_states(request, login, who):
    user = request.getfixturevalue(who)
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    page = html(response)
    assert "Mes tâches" in page
    assert "Rien ne vous attend." in page


def test_staff_tasks(sam, settings):
    settings.STALLED_AFTER_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    submitted = InitiativeFactory(complete=True, stage=Stage.SUBMITTED, title="À trier")
    InitiativeFactory(complete=True, stage=Stage.IDENTIFIED, title="Déjà repérée")
    interest = ReplicationFactory(state="interest")
    ReplicationFactory(state="agreement")
    stalled = InitiativeFactory(
        complete=True, stage=Stage.IDENTIFIED, lead=sam, title="Au point mort"
    )
    Initiative.objects.filter(pk=stalled.pk).update(stage_entered_at=long_ago)
    recent = InitiativeFactory(complete=True, stage=Stage.IDENTIFIED, lead=sam, title="Récente")
    other_lead = InitiativeFactory(
        complete=True, stage=Stage.IDENTIFIED, lead=UserFactory(roles=["staff"]), title="Autre"
    )
    ended = InitiativeFactory(complete=True, stage=Stage.DECLINED, lead=sam, title="Déclinée")
    Initiative.objects.filter(pk__in=[other_lead.pk, ended.pk]).update(stage_entered_at=long_ago)

    sections = sections_of(sam)
    assert sections["Soumissions à trier"] == ["À trier"]
    assert sections["Réplications en attente d'une décision"] == [
        f"{interest.initiative.title} — {interest.organisation}"
    ]
    assert sections["Dossiers que vous suivez, à l'arrêt"] == ["Au point mort (Repérée)"]
    assert recent.title not in str(sections)
    urls = urls_of(sam)
    assert urls["Soumissions à trier"] == [reverse("initiatives:file", args=[submitted.pk])]
    assert urls["Réplications en attente d'une décision"] == [
        reverse("swarming:replication", args=[interest.pk])
    ]


def test_evaluator_tasks_oldest_first(eve):
    newer = EvaluationFactory(evaluator=eve, state=EvaluationState.IN_PROGRESS)
    older = EvaluationFactory(evaluator=eve, state=EvaluationState.PLANNED)
    type(older).objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=9))
    EvaluationFactory(evaluator=eve, state=EvaluationState.REPORT_SUBMITTED)
    EvaluationFactory(state=EvaluationState.PLANNED)  # someone else's

    urls = urls_of(eve)["Évaluations à mener"]
    assert urls == [
        reverse("evaluations:detail", args=[older.pk]),
        reverse("evaluations:detail", args=[newer.pk]),
    ]


def test_committee_tasks_leave_out_their_own_and_their_organisations(colette):
    to_rate = EvaluationFactory(state=EvaluationState.REPORT_SUBMITTED, submitted_at=timezone.now())
    EvaluationFactory(state=EvaluationState.REPORT_SUBMITTED, evaluator=colette)
    carried = OrganisationFactory(members=[colette])
    EvaluationFactory(
        state=EvaluationState.REPORT_SUBMITTED,
        initiative=InitiativeFactory(complete=True, stage=Stage.IN_EVALUATION, carrier=carried),
    )
    EvaluationFactory(state=EvaluationState.IN_PROGRESS)
    evaluated = InitiativeFactory(complete=True, stage=Stage.EVALUATED, title="À décider")
    InitiativeFactory(complete=True, stage=Stage.EVALUATED, carrier=carried, title="La sienne")
    InitiativeFactory(complete=True, stage=Stage.VALIDATED, title="Déjà validée")

    urls = urls_of(colette)
    assert urls["Évaluations à noter"] == [reverse("evaluations:detail", args=[to_rate.pk])]
    assert urls["Décisions à prendre"] == [reverse("initiatives:file", args=[evaluated.pk])]


def test_the_committee_sees_the_draft_plans_to_approve_oldest_first(colette):
    newer = ScaleUpPlanFactory(initiative__title="Garage solidaire")
    older = ScaleUpPlanFactory(initiative__title="Épicerie solidaire")
    ScaleUpPlan.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=9))
    ScaleUpPlanFactory(initiative__title="Déjà approuvé", state="approved")
    ScaleUpPlanFactory(initiative__title="En cours", state="in_progress")
    carried = OrganisationFactory(members=[colette])
    ScaleUpPlanFactory(initiative__title="La sienne", initiative__carrier=carried)

    title = "Plans de changement d'échelle à approuver"
    assert sections_of(colette)[title] == ["Épicerie solidaire", "Garage solidaire"]
    assert urls_of(colette)[title] == [
        reverse("swarming:plan_detail", args=[older.pk]),
        reverse("swarming:plan_detail", args=[newer.pk]),
    ]
    [(_role, sections)] = my_tasks(colette)
    [section] = [s for s in sections if str(s.title) == title]
    assert section.items[0].date == ScaleUpPlan.objects.get(pk=older.pk).created_at


def test_the_home_page_links_the_committee_to_the_plan_to_approve(login, colette):
    plan = ScaleUpPlanFactory(initiative__title="Garage solidaire")
    ScaleUpPlanFactory(initiative__title="Déjà approuvé", state="approved")
    page = unescape(html(login(colette).get(reverse("home"))))
    assert "Plans de changement d'échelle à approuver" in page
    link = reverse("swarming:plan_detail", args=[plan.pk])
    assert f'<a href="{link}">Garage solidaire</a>' in page
    assert "Déjà approuvé" not in page
    staff_page = unescape(html(login(UserFactory(roles=["staff"])).get(reverse("home"))))
    assert "Plans de changement d'échelle à approuver" not in staff_page


def sent_back(initiative, by):
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Initiative),
        object_id=initiative.pk,
        transition="request_changes",
        source_state=Stage.SUBMITTED,
        state=Stage.DRAFT,
        by=by,
        description="Précisez le budget.",
    )


def test_innovator_tasks(alice, bob, sam):
    returned = InitiativeFactory(owner=alice, complete=True, title="À reprendre")
    sent_back(returned, sam)
    InitiativeFactory(owner=alice, complete=True, title="Brouillon neuf")
    sent_back(InitiativeFactory(owner=bob, complete=True, title="Celle de Bob"), sam)
    validated = InitiativeFactory(
        owner=alice, complete=True, stage=Stage.VALIDATED, title="Accord attendu"
    )
    consented = InitiativeFactory(
        owner=alice, complete=True, stage=Stage.VALIDATED, title="Accord donné"
    )
    SpreadingConsent.objects.create(initiative=consented, given_by=alice, terms="Diffusion libre")

    sections = sections_of(alice)
    assert sections["Modifications demandées"] == ["À reprendre"]
    assert sections["Accords à l'essaimage demandés"] == ["Accord attendu"]
    assert urls_of(alice)["Accords à l'essaimage demandés"] == [
        reverse("swarming:consent", args=[validated.pk])
    ]
    assert "Celle de Bob" not in str(sections)


def test_a_draft_whose_last_change_is_not_a_request_for_changes_drops_out(alice, sam):
    initiative = InitiativeFactory(owner=alice, complete=True, title="Reprise")
    sent_back(initiative, sam)
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Initiative),
        object_id=initiative.pk,
        transition="withdraw",
        source_state=Stage.DRAFT,
        state=Stage.DRAFT,
        by=alice,
        timestamp=timezone.now() + timedelta(seconds=1),
    )
    assert sections_of(alice)["Modifications demandées"] == []


def test_partner_tasks(paul):
    organisation = OrganisationFactory(members=[paul])
    quiet = ReplicationFactory(organisation=organisation, state="preparation")
    old = ReplicationFactory(organisation=organisation, state="launched")
    milestone = Milestone.objects.create(
        replication=old, title="Ouverture", reached_on=timezone.localdate(), reported_by=paul
    )
    Milestone.objects.filter(pk=milestone.pk).update(
        reported_at=timezone.now() - timedelta(days=40)
    )
    reported = ReplicationFactory(organisation=organisation, state="agreement")
    Milestone.objects.create(
        replication=reported, title="Convention", reached_on=timezone.localdate(), reported_by=paul
    )
    ReplicationFactory(organisation=organisation, state="interest")
    ReplicationFactory(organisation=organisation, state="autonomous")
    ReplicationFactory(state="launched")  # another organisation's

    assert urls_of(paul)["Jalons à déclarer"] == [
        reverse("swarming:replication", args=[quiet.pk]),
        reverse("swarming:replication", args=[old.pk]),
    ]


def test_the_home_page_links_to_the_task(login, colette):
    evaluation = EvaluationFactory(
        state=EvaluationState.REPORT_SUBMITTED, submitted_at=timezone.now()
    )
    page = html(login(colette).get(reverse("home")))
    assert reverse("evaluations:detail", args=[evaluation.pk]) in page
    assert "Évaluations à noter" in page


def make_items(n, sam, eve, colette, alice, paul, organisation):
    for _ in range(n):
        InitiativeFactory(complete=True, stage=Stage.SUBMITTED)
        ReplicationFactory(state="interest")
        stalled = InitiativeFactory(complete=True, stage=Stage.IDENTIFIED, lead=sam)
        Initiative.objects.filter(pk=stalled.pk).update(
            stage_entered_at=timezone.now() - timedelta(days=60)
        )
        EvaluationFactory(evaluator=eve, state=EvaluationState.PLANNED)
        EvaluationFactory(state=EvaluationState.REPORT_SUBMITTED)
        InitiativeFactory(complete=True, stage=Stage.EVALUATED)
        sent_back(InitiativeFactory(owner=alice, complete=True), sam)
        InitiativeFactory(owner=alice, complete=True, stage=Stage.VALIDATED)
        ReplicationFactory(organisation=organisation, state="launched")
        ScaleUpPlanFactory()


def test_queries_are_constant(login, sam, eve, colette, alice, paul):
    organisation = OrganisationFactory(members=[paul])
    everyone = [sam, eve, colette, alice, paul]

    def count():
        counts = []
        for user in everyone:
            client = login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("home")).status_code == 200
            counts.append(len(queries))
        return counts

    make_items(2, sam, eve, colette, alice, paul, organisation)
    with_two = count()
    make_items(8, sam, eve, colette, alice, paul, organisation)
    with_ten = count()
    assert with_two == with_ten
    assert all(len(section.items) == 10 for section in my_tasks(sam)[0][1])

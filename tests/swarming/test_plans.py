"""Scale-up plans (changement d'échelle): the plan's machine for the right and the wrong
persons, each step logged; the initiative's start_scale_up, which needs an approved plan;
the plan's form, refusing bad input in French; the panels of the initiative's pages; and
every URL from the outside (anonymous visitors, other innovators, partners, wrong methods,
CSRF)."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.fsm import CHANGED_MEANWHILE, NOT_ALLOWED, NOT_FROM_THIS_STATE, TransitionRefused
from initiatives import models as initiative_models
from initiatives import services as initiative_services
from initiatives.models import Initiative, Stage, Territory
from swarming.models import PlanState, ScaleUpPlan
from swarming.plans.access import APPROVAL_CONFLICT, DENIALS, NOT_AT_THIS_STAGE
from swarming.plans.forms import NEGATIVE_BUDGET, NO_TERRITORY

from ..factories import InitiativeFactory, OrganisationFactory, ScaleUpPlanFactory, UserFactory
from ..transitions import run_transition_named

P = PlanState
S = Stage
NO_APPROVED_PLAN = str(initiative_models.NO_APPROVED_SCALE_UP_PLAN)
REQUIRED = "Ce champ est obligatoire."
PREPARE = "Préparer un plan de changement d'échelle"

# The design's table: transition -> (sources, target).
DESIGN = {
    "approve": ({P.DRAFT}, P.APPROVED),
    "start": ({P.APPROVED}, P.IN_PROGRESS),
    "complete": ({P.IN_PROGRESS}, P.COMPLETED),
}


def url(name, *args):
    return reverse(f"swarming:{name}", args=args)


def page_of(response):
    return unescape(response.content.decode())


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def field_errors(response, name):
    return re.findall(rf'<p class="field__error" id="id_{name}_error">(.*?)</p>', page_of(response))


def typed(response, name):
    """What the field `name` shows: an input's value, a textarea's content, or the options
    selected in a multiple select."""
    html = page_of(response)
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    if found:
        return found.group(1).strip()
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    if found:
        return sorted(re.findall(r'<option value="(\d+)" selected>', found.group(1)))
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def territories(*codes):
    return list(Territory.objects.filter(kind="department", code__in=codes).order_by("code"))


def logs(obj):
    return StateLog.objects.for_(obj)


def initiative_of(owner, stage=S.SPREADING, title="Garage solidaire"):
    return InitiativeFactory(
        owner=owner, carrier=owner.organisations.get(), complete=True, stage=stage, title=title
    )


@pytest.fixture
def spreading(alice):
    """Alice's initiative, whose method is spreading."""
    return initiative_of(alice)


@pytest.fixture
def plan(spreading, alice):
    """Alice's draft plan, to the Pas-de-Calais and the Somme."""
    return ScaleUpPlanFactory(initiative=spreading, created_by=alice)


@pytest.fixture
def colette_carries(alice, colette):
    """Colette, of the committee, is also a member of Alice's organisation."""
    alice.organisations.get().members.add(colette)
    return colette


@pytest.fixture
def claire(db):
    """Another committee member, who carries nothing."""
    return UserFactory(email="claire@comite.fr", first_name="Claire", roles=[roles.COMMITTEE])


# The plan's machine


def run(name, plan, user, text="", expected_state=None):
    return run_transition_named(plan, name, by=user, text=text, expected_state=expected_state)


def refused(name, plan, user, text="", expected_state=None):
    with pytest.raises(TransitionRefused) as caught:
        run(name, plan, user, text, expected_state)
    return caught.value.reasons


def assert_unchanged(plan, state):
    plan.refresh_from_db()
    assert plan.state == state
    assert not logs(plan).exists()


def test_the_machine_is_the_designs_table():
    found = {}
    for t in ScaleUpPlan().get_all_state_transitions():
        sources, _target = found.setdefault(t.name, (set(), t.target))
        sources.add(t.source)
    assert found == DESIGN


HAPPY = [
    ("approve", P.DRAFT, "colette", "Budget réaliste, territoires prêts.", P.APPROVED),
    ("start", P.APPROVED, "sam", "", P.IN_PROGRESS),
    ("complete", P.IN_PROGRESS, "sam", "Les deux antennes tournent.", P.COMPLETED),
]


@pytest.mark.parametrize(("name", "source", "who", "text", "target"), HAPPY)
def test_the_right_person_moves_the_plan_and_it_is_logged(
    request, spreading, name, source, who, text, target
):
    user = request.getfixturevalue(who)
    plan = ScaleUpPlanFactory(initiative=spreading, state=source)

    run(name, plan, user, text)

    plan.refresh_from_db()
    assert plan.state == target
    (log,) = logs(plan)
    assert (log.transition, log.source_state, log.state) == (name, source, target)
    assert log.by == user
    assert (log.description or "") == text


WRONG_PERSONS = [
    ("approve", P.DRAFT, ["alice", "bob", "sam", "eve", "paul"]),
    ("start", P.APPROVED, ["alice", "bob", "colette", "eve", "paul"]),
    ("complete", P.IN_PROGRESS, ["alice", "bob", "colette", "eve", "paul"]),
]


@pytest.mark.parametrize(
    ("name", "source", "who"),
    [(name, source, who) for name, source, people in WRONG_PERSONS for who in people],
)
def test_the_wrong_person_may_not_move_the_plan(request, spreading, name, source, who):
    plan = ScaleUpPlanFactory(initiative=spreading, state=source)

    assert refused(name, plan, request.getfixturevalue(who), "En douce.") == [str(NOT_ALLOWED)]
    assert_unchanged(plan, source)


def test_a_committee_member_of_the_carrier_may_not_approve_its_plan(plan, colette_carries):
    assert refused("approve", plan, colette_carries) == [str(roles.APPROVING_OWN_PLAN)]
    assert_unchanged(plan, P.DRAFT)


def test_another_committee_member_approves_it(plan, colette_carries, claire):
    run("approve", plan, claire)
    plan.refresh_from_db()
    assert plan.state == P.APPROVED
    assert logs(plan).get().by == claire


WRONG_STATES = [
    ("approve", [P.APPROVED, P.IN_PROGRESS, P.COMPLETED], "colette"),
    ("start", [P.DRAFT, P.IN_PROGRESS, P.COMPLETED], "sam"),
    ("complete", [P.DRAFT, P.APPROVED, P.COMPLETED], "sam"),
]


@pytest.mark.parametrize(
    ("name", "state", "who"),
    [(name, state, who) for name, states, who in WRONG_STATES for state in states],
)
def test_no_step_from_the_wrong_state(request, spreading, name, state, who):
    plan = ScaleUpPlanFactory(initiative=spreading, state=state)

    reasons = refused(name, plan, request.getfixturevalue(who))

    assert reasons == [str(NOT_FROM_THIS_STATE % {"state": P(state).label})]
    assert_unchanged(plan, state)


def test_a_step_decided_on_a_stale_page_is_refused(plan, colette):
    reasons = refused("approve", plan, colette, expected_state=P.APPROVED)
    assert reasons == [str(CHANGED_MEANWHILE % {"state": P.DRAFT.label})]
    assert_unchanged(plan, P.DRAFT)


def test_an_unknown_step_is_not_run(plan, sam):
    with pytest.raises(ValueError):
        run("save", plan, sam)
    assert_unchanged(plan, P.DRAFT)


# The initiative's change of scale needs an approved plan


def start_scale_up(initiative, user):
    return initiative_services.initiative_start_scale_up(initiative=initiative, by=user)


@pytest.mark.parametrize("stage", [S.VALIDATED, S.SPREADING])
@pytest.mark.parametrize("plans", [[], [P.DRAFT], [P.COMPLETED], [P.DRAFT, P.COMPLETED]])
def test_the_change_of_scale_is_refused_without_an_approved_plan(alice, colette, stage, plans):
    initiative = initiative_of(alice, stage)
    for state in plans:
        ScaleUpPlanFactory(initiative=initiative, state=state)

    with pytest.raises(TransitionRefused) as caught:
        start_scale_up(initiative, colette)

    assert caught.value.reasons == [NO_APPROVED_PLAN]
    initiative.refresh_from_db()
    assert initiative.stage == stage
    assert not logs(initiative).exists()


@pytest.mark.parametrize("stage", [S.VALIDATED, S.SPREADING])
@pytest.mark.parametrize("state", [P.APPROVED, P.IN_PROGRESS])
def test_the_change_of_scale_starts_with_an_approved_plan(alice, colette, stage, state):
    initiative = initiative_of(alice, stage)
    ScaleUpPlanFactory(initiative=initiative, state=P.DRAFT)
    ScaleUpPlanFactory(initiative=initiative, state=state)

    start_scale_up(initiative, colette)

    initiative.refresh_from_db()
    assert initiative.stage == S.SCALING
    (log,) = logs(initiative)
    assert (log.transition, log.source_state, log.state, log.by) == (
        "start_scale_up",
        stage,
        S.SCALING,
        colette,
    )


def test_the_plan_approved_through_its_page_opens_the_change_of_scale(
    spreading, alice, sam, colette, login
):
    plan = ScaleUpPlanFactory(initiative=spreading)
    with pytest.raises(TransitionRefused):
        start_scale_up(spreading, colette)

    response = login(colette).post(
        url("plan_transition", plan.pk, "approve"), {"stage": P.DRAFT, "message": "Approuvé."}
    )
    assert response.status_code == 302

    start_scale_up(Initiative.objects.get(pk=spreading.pk), colette)
    assert Initiative.objects.get(pk=spreading.pk).stage == S.SCALING


# The plan's pages


def plan_data(**changes):
    data = {
        "target_territories": [str(t.pk) for t in territories("62", "80")],
        "budget": "250000",
        "milestones": "T1 2027 : ouverture à Arras\nT3 2027 : ouverture à Amiens",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("who", ["alice", "carrier", "sam"])
def test_the_carrier_or_staff_prepare_a_plan(request, spreading, alice, login, who):
    if who == "carrier":
        user = UserFactory(roles=[roles.INNOVATOR])
        alice.organisations.get().members.add(user)
    else:
        user = request.getfixturevalue(who)
    client = login(user)
    assert client.get(url("plan_create", spreading.pk)).status_code == 200

    response = client.post(url("plan_create", spreading.pk), plan_data(budget="250000.50"))

    plan = ScaleUpPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("plan_detail", plan.pk)
    assert (plan.initiative, plan.state, plan.created_by) == (spreading, P.DRAFT, user)
    assert str(plan.budget) == "250000.50"
    assert list(plan.target_territories.order_by("code")) == territories("62", "80")
    assert plan.milestones.startswith("T1 2027 : ouverture à Arras")
    html = page_of(client.get(response["Location"]))
    assert "Pas-de-Calais (62)" in html and "Somme (80)" in html
    assert "250\u00a0000,50 €" in html
    assert "Brouillon" in html


def test_a_region_may_be_targeted(spreading, alice, login):
    region = Territory.objects.get(kind="region", code="32")

    response = login(alice).post(
        url("plan_create", spreading.pk), plan_data(target_territories=[str(region.pk)])
    )

    assert response.status_code == 302
    assert list(ScaleUpPlan.objects.get().target_territories.all()) == [region]
    assert "Région Hauts-de-France" in page_of(login(alice).get(response["Location"]))


@pytest.mark.parametrize("stage", [S.VALIDATED, S.SPREADING, S.SCALING])
def test_a_plan_is_prepared_once_the_initiative_is_validated(alice, login, stage):
    initiative = initiative_of(alice, stage)
    response = login(alice).post(url("plan_create", initiative.pk), plan_data())
    assert response.status_code == 302
    assert ScaleUpPlan.objects.filter(initiative=initiative).exists()


@pytest.mark.parametrize(
    "stage", [S.DRAFT, S.SUBMITTED, S.IDENTIFIED, S.IN_EVALUATION, S.EVALUATED, S.ARCHIVED]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_plan_before_validation(alice, login, stage, method):
    initiative = initiative_of(alice, stage)

    response = getattr(login(alice), method)(url("plan_create", initiative.pk), plan_data())

    assert response.status_code == 403
    assert str(NOT_AT_THIS_STAGE) in page_of(response)
    assert not ScaleUpPlan.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_committee_does_not_prepare_plans(spreading, colette, login, method):
    response = getattr(login(colette), method)(url("plan_create", spreading.pk), plan_data())

    assert response.status_code == 403
    assert str(DENIALS["swarming.edit_plan"]) in page_of(response)
    assert not ScaleUpPlan.objects.exists()


def test_a_negative_budget_is_refused_in_french_and_what_was_typed_is_kept(spreading, alice, login):
    data = plan_data(budget="-5000", milestones="Ouverture à Arras en 2027")

    response = login(alice).post(url("plan_create", spreading.pk), data)

    assert response.status_code == 422
    assert field_errors(response, "budget") == [str(NEGATIVE_BUDGET)]
    assert typed(response, "budget") == "-5000"
    assert typed(response, "milestones") == "Ouverture à Arras en 2027"
    assert typed(response, "target_territories") == sorted(data["target_territories"])
    assert "Le plan n'a pas été enregistré : corrigez le formulaire." in texts(response)
    assert not ScaleUpPlan.objects.exists()


def test_a_plan_without_territory_is_refused_in_french(spreading, alice, login):
    response = login(alice).post(
        url("plan_create", spreading.pk), plan_data(target_territories=None, budget="80000")
    )

    assert response.status_code == 422
    assert field_errors(response, "target_territories") == [str(NO_TERRITORY)]
    assert typed(response, "budget") == "80000"
    assert typed(response, "milestones").startswith("T1 2027 : ouverture à Arras")
    assert not ScaleUpPlan.objects.exists()


def test_an_empty_plan_is_refused_field_by_field(spreading, alice, login):
    response = login(alice).post(url("plan_create", spreading.pk), {})

    assert response.status_code == 422
    assert field_errors(response, "target_territories") == [str(NO_TERRITORY)]
    assert field_errors(response, "budget") == [REQUIRED]
    assert field_errors(response, "milestones") == [REQUIRED]
    assert not ScaleUpPlan.objects.exists()


@pytest.mark.parametrize(
    ("budget", "error"),
    [
        ("beaucoup", "Saisissez un nombre."),
        ("12.345", "Assurez-vous qu’il n’y a pas plus de 2 chiffres après la virgule."),
    ],
)
def test_a_budget_that_is_not_an_amount_is_refused(spreading, alice, login, budget, error):
    response = login(alice).post(url("plan_create", spreading.pk), plan_data(budget=budget))

    assert response.status_code == 422
    assert [e.replace("'", "’") for e in field_errors(response, "budget")] == [error]
    assert not ScaleUpPlan.objects.exists()


def test_an_unknown_territory_is_refused(spreading, alice, login):
    response = login(alice).post(
        url("plan_create", spreading.pk), plan_data(target_territories=["999999"])
    )
    assert response.status_code == 422
    assert field_errors(response, "target_territories")
    assert not ScaleUpPlan.objects.exists()


def test_the_plans_page_offers_each_person_their_steps(spreading, alice, sam, colette, login):
    plan = ScaleUpPlanFactory(initiative=spreading)
    approve = f'action="{url("plan_transition", plan.pk, "approve")}"'
    start = f'action="{url("plan_transition", plan.pk, "start")}"'

    assert approve in page_of(login(colette).get(url("plan_detail", plan.pk)))
    for user in (alice, sam):
        html = page_of(login(user).get(url("plan_detail", plan.pk)))
        assert approve not in html and "Actions possibles" not in html

    run("approve", plan, colette)
    assert start in page_of(login(sam).get(url("plan_detail", plan.pk)))
    html = page_of(login(colette).get(url("plan_detail", plan.pk)))
    assert start not in html and "Actions possibles" not in html


AWAITING = "En attente de l'approbation du comité"


def test_those_who_cannot_approve_see_the_draft_waits_for_the_committee(
    plan, alice, sam, colette, login
):
    for user in (sam, alice):
        assert AWAITING in page_of(login(user).get(url("plan_detail", plan.pk)))
    assert AWAITING not in page_of(login(colette).get(url("plan_detail", plan.pk)))

    run("approve", plan, colette)
    for user in (sam, alice):
        assert AWAITING not in page_of(login(user).get(url("plan_detail", plan.pk)))


def test_the_committee_member_of_the_carrier_is_told_why_and_refused(plan, colette_carries, login):
    client = login(colette_carries)
    html = page_of(client.get(url("plan_detail", plan.pk)))
    assert str(APPROVAL_CONFLICT) in html
    assert url("plan_transition", plan.pk, "approve") not in html

    response = client.post(url("plan_transition", plan.pk, "approve"), {"stage": P.DRAFT})

    assert response.status_code == 422
    assert texts(response) == [str(APPROVAL_CONFLICT)]
    assert_unchanged(plan, P.DRAFT)


def test_the_plan_goes_its_way_through_its_page_and_each_step_is_on_its_timeline(
    plan, sam, colette, login
):
    steps = [
        (colette, "approve", P.DRAFT, "Budget réaliste.", "Approuvé"),
        (sam, "start", P.APPROVED, "Convention signée avec le Département.", "En cours"),
        (sam, "complete", P.IN_PROGRESS, "Les deux antennes tournent.", "Achevé"),
    ]
    for user, name, state, message, label in steps:
        client = login(user)
        response = client.post(
            url("plan_transition", plan.pk, name), {"stage": state, "message": message}
        )
        assert response.status_code == 302
        assert response["Location"] == url("plan_detail", plan.pk)
        (told,) = texts(client.get(response["Location"]))
        assert told.endswith(f"Le plan est maintenant « {label} ».")

    plan.refresh_from_db()
    assert plan.state == P.COMPLETED
    assert [(log.transition, log.by, log.description) for log in logs(plan).order_by("pk")] == [
        (name, user, message) for user, name, _state, message, _label in steps
    ]
    html = page_of(login(sam).get(url("plan_detail", plan.pk)))
    for _user, _name, _state, message, _label in steps:
        assert message in html
    assert "Brouillon → Approuvé" in html and "En cours → Achevé" in html


def test_the_success_message_names_the_new_state(plan, colette, login):
    client = login(colette)
    response = client.post(
        url("plan_transition", plan.pk, "approve"), {"stage": P.DRAFT}, follow=True
    )
    assert "« Approuver le plan » : fait. Le plan est maintenant « Approuvé »." in texts(response)


def test_a_step_refused_on_a_stale_page_says_why(plan, colette, sam, login):
    run("approve", plan, colette)

    response = login(sam).post(url("plan_transition", plan.pk, "start"), {"stage": P.DRAFT})

    assert response.status_code == 422
    assert texts(response) == [str(CHANGED_MEANWHILE % {"state": P.APPROVED.label})]
    plan.refresh_from_db()
    assert plan.state == P.APPROVED


def test_a_step_without_the_state_seen_is_refused(plan, colette, login):
    response = login(colette).post(url("plan_transition", plan.pk, "approve"), {})
    assert response.status_code == 422
    assert "Le formulaire contient des erreurs." in texts(response)
    assert_unchanged(plan, P.DRAFT)


@pytest.mark.parametrize("name", ["validate", "save", "delete", "start_scale_up"])
def test_a_step_that_does_not_exist_answers_404(plan, colette, login, name):
    response = login(colette).post(url("plan_transition", plan.pk, name), {"stage": P.DRAFT})
    assert response.status_code == 404
    assert_unchanged(plan, P.DRAFT)


def test_a_plan_that_does_not_exist_answers_404(sam, login):
    assert login(sam).get(url("plan_detail", 999999)).status_code == 404
    assert login(sam).get(url("plan_create", 999999)).status_code == 404


# The panels of the initiative's pages


def file_page(user, login, initiative):
    return page_of(login(user).get(reverse("initiatives:file", args=[initiative.pk])))


def innovator_page(user, login, initiative):
    return page_of(login(user).get(reverse("initiatives:detail", args=[initiative.pk])))


def test_the_innovators_page_lists_the_plans_and_offers_a_new_one(plan, spreading, alice, login):
    html = innovator_page(alice, login, spreading)

    assert "Changement d'échelle" in html
    assert url("plan_detail", plan.pk) in html and "Brouillon" in html
    assert PREPARE in html and url("plan_create", spreading.pk) in html


def test_the_staffs_file_lists_the_plans_and_offers_a_new_one(plan, spreading, sam, login):
    html = file_page(sam, login, spreading)

    assert url("plan_detail", plan.pk) in html and "Brouillon" in html
    assert url("plan_create", spreading.pk) in html


def test_the_committee_reads_the_plans_but_prepares_none(plan, spreading, colette, login):
    html = file_page(colette, login, spreading)

    assert url("plan_detail", plan.pk) in html
    assert url("plan_create", spreading.pk) not in html


@pytest.mark.parametrize("stage", [S.SUBMITTED, S.IN_EVALUATION, S.EVALUATED])
def test_before_validation_no_plan_is_offered(alice, sam, login, stage):
    initiative = initiative_of(alice, stage)

    for html in (innovator_page(alice, login, initiative), file_page(sam, login, initiative)):
        assert PREPARE not in html
        assert url("plan_create", initiative.pk) not in html


# Who reads which page of the initiative: the innovator's page, the staff's file.
PAGES = [
    ("alice", "initiatives:detail"),
    ("sam", "initiatives:file"),
    ("sam", "initiatives:detail"),
]


def test_the_panels_make_no_query_per_plan(request, spreading, login):
    ScaleUpPlanFactory(initiative=spreading)

    def queries():
        counts = {}
        for who, page in PAGES:
            client = login(request.getfixturevalue(who))
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse(page, args=[spreading.pk]))
            assert response.status_code == 200
            counts[who, page] = len(captured)
        return counts

    queries()  # Django's caches (content types, say) warm up on the first round
    one = queries()
    for state in (P.APPROVED, P.IN_PROGRESS, P.COMPLETED):
        ScaleUpPlanFactory(initiative=spreading, state=state)
    assert queries() == one


# Access from the outside

NAMES = ["create", "create_post", "detail", "transition"]
POSTS = ["create_post", "transition"]


def request_for(name, plan):
    requests = {
        "create": ("get", url("plan_create", plan.initiative_id), {}),
        "create_post": ("post", url("plan_create", plan.initiative_id), plan_data()),
        "detail": ("get", url("plan_detail", plan.pk), {}),
        "transition": (
            "post",
            url("plan_transition", plan.pk, "approve"),
            {"stage": plan.state, "message": "Approuvé en douce."},
        ),
    }
    return requests[name]


def send(client, name, plan):
    method, target, data = request_for(name, plan)
    return getattr(client, method)(target, data)


def snapshot(plan):
    return {
        "plans": list(
            ScaleUpPlan.objects.order_by("pk").values_list("pk", "state", "budget", "milestones")
        ),
        "territories": list(
            ScaleUpPlan.target_territories.through.objects.order_by("pk").values_list(
                "scaleupplan_id", "territory_id"
            )
        ),
        "logs": StateLog.objects.count(),
    }


@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(plan, name):
    before = snapshot(plan)
    _method, target, _data = request_for(name, plan)

    response = send(Client(), name, plan)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"
    assert snapshot(plan) == before


@pytest.mark.parametrize("who", ["bob", "paul", "eve"])
@pytest.mark.parametrize("name", NAMES)
def test_others_never_learn_of_the_plan(request, plan, login, who, name):
    before = snapshot(plan)
    assert send(login(request.getfixturevalue(who)), name, plan).status_code == 404
    assert snapshot(plan) == before


def test_a_partner_member_of_another_organisation_finds_nothing_either(plan, paul, login):
    OrganisationFactory(name="Partenaire Emploi 62", members=[paul])
    for name in NAMES:
        assert send(login(paul), name, plan).status_code == 404


# Everything works for whom it is meant: the control of the CSRF test below.
WHO_MAY = {"create_post": "alice", "transition": "colette"}


@pytest.mark.parametrize("name", POSTS)
def test_each_post_works_for_whom_it_is_meant(request, plan, login, name):
    before = snapshot(plan)
    response = send(login(request.getfixturevalue(WHO_MAY[name])), name, plan)
    assert response.status_code == 302
    assert snapshot(plan) != before


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_its_csrf_token(request, plan, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        request.getfixturevalue(WHO_MAY[name]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    before = snapshot(plan)
    assert send(client, name, plan).status_code == 403
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("name", "method", "who"),
    [
        ("create", "put", "alice"),
        ("create", "delete", "alice"),
        ("detail", "post", "colette"),
        ("detail", "put", "alice"),
        ("transition", "delete", "colette"),
        ("transition", "put", "colette"),
    ],
)
def test_a_wrong_method_answers_405(request, plan, login, name, method, who):
    _method, target, _data = request_for(name, plan)
    before = snapshot(plan)
    client = login(request.getfixturevalue(who))
    assert getattr(client, method)(target).status_code == 405
    assert snapshot(plan) == before

"""The evaluations' pages, from the outside: who reaches which URL (anonymous visitors,
evaluators, innovators, partners, the committee, staff), wrong methods and CSRF; the
workspace's lists; planning with suggestions by maturity; and bad input, refused with a
French message, what was typed kept and nothing saved."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator import roles
from evaluations import forms, models, selectors
from evaluations.access import DENIALS
from evaluations.models import Design, Direction, Evaluation, EvidenceRating, Kind, Outcome
from evaluations.models import State as E
from initiatives.models import Initiative, Maturity, Stage

from ..factories import REPORT_PDF, EvaluationFactory, InitiativeFactory, UserFactory

MEGABYTE = 1024 * 1024
NOT_EDITABLE = str(DENIALS["evaluations.record_evaluation"])
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def url(name, *args):
    return reverse(f"evaluations:{name}", args=args)


def page_of(response):
    return unescape(response.content.decode())


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def field_errors(response, name):
    """The errors shown under the field `name` (with its form's prefix)."""
    return re.findall(rf'<p class="field__error" id="id_{name}_error">(.*?)</p>', page_of(response))


def typed(response, name):
    """What the field `name` shows: an input's value or a textarea's content."""
    html = page_of(response)
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    if found:
        return found.group(1).strip()
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def listed(response):
    """The titles of the initiatives whose evaluations the workspace lists."""
    found = re.findall(r'<td><a href="/evaluations/\d+/">(.*?)</a></td>', response.content.decode())
    return sorted(unescape(title) for title in found)


@pytest.fixture
def yves(db):
    """Another evaluator, to whom Eve's evaluations are not assigned."""
    return UserFactory(email="yves@evaluation.fr", first_name="Yves", roles=[roles.EVALUATOR])


def evaluation_of(owner, evaluator, state=E.IN_PROGRESS, title="Garage solidaire", **fields):
    initiative = InitiativeFactory(
        owner=owner,
        carrier=owner.organisations.get(),
        complete=True,
        stage=Stage.IN_EVALUATION,
        title=title,
    )
    fields.setdefault("reported", True)
    return EvaluationFactory(initiative=initiative, evaluator=evaluator, state=state, **fields)


@pytest.fixture
def evaluation(alice, eve):
    """Eve's evaluation of Alice's initiative, in progress, with a positive and a negative
    result and its report."""
    return evaluation_of(alice, eve, outcomes=[Direction.NEGATIVE])


# Access from the outside

NAMES = [
    "workspace",
    "plan",
    "plan_post",
    "detail",
    "record",
    "add_outcome",
    "remove_outcome",
    "remove_outcome_post",
    "resolve_outcome",
    "report",
    "report_post",
    "transition",
]
STAFF_ONLY = {"plan", "plan_post"}
EVALUATION_PAGES = [n for n in NAMES if n not in STAFF_ONLY | {"workspace"}]
POSTS = [n for n in NAMES if n not in {"workspace", "plan", "detail", "remove_outcome", "report"}]
RECORDING = ["record", "add_outcome", "remove_outcome", "remove_outcome_post", "report_post"]


def request_for(name, evaluation):
    """The method, URL and data of a real request to each evaluations URL."""
    pk = evaluation.pk
    positive = evaluation.outcomes.get(direction=Direction.POSITIVE)
    negative = evaluation.outcomes.filter(direction=Direction.NEGATIVE).first() or positive
    plan_data = {
        "kind": Kind.IMPACT,
        "questions": "Quel effet sur l'emploi ?",
        "design": Design.COMPARISON_GROUP,
        "commissioner": "Région Hauts-de-France",
        "external_evaluator": "Cabinet Quadrant",
    }
    requests = {
        "workspace": ("get", url("workspace"), {}),
        "plan": ("get", url("plan", evaluation.initiative_id), {}),
        "plan_post": ("post", url("plan", evaluation.initiative_id), plan_data),
        "detail": ("get", url("detail", pk), {}),
        "record": ("post", url("record", pk), {"summary": "Réécrit en douce.", "sites": "9"}),
        "add_outcome": (
            "post",
            url("add_outcome", pk),
            {"outcome-indicator": "Ajouté en douce", "outcome-direction": Direction.POSITIVE},
        ),
        "remove_outcome": ("get", url("remove_outcome", pk, positive.pk), {}),
        "remove_outcome_post": ("post", url("remove_outcome", pk, positive.pk), {}),
        "resolve_outcome": (
            "post",
            url("resolve_outcome", pk, negative.pk),
            {"resolution": "Public mal ciblé : recrutement revu."},
        ),
        "report": ("get", url("report", pk), {}),
        "report_post": (
            "post",
            url("report", pk),
            {"report": SimpleUploadedFile("nouveau.pdf", REPORT_PDF + b"% v2\n")},
        ),
        "transition": (
            "post",
            url("transition", pk, "cancel"),
            {"stage": evaluation.state, "message": "Annulée en douce."},
        ),
    }
    return requests[name]


def send(client, name, evaluation):
    method, target, data = request_for(name, evaluation)
    return getattr(client, method)(target, data)


def snapshot(evaluation):
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    return {
        "state": evaluation.state,
        "summary": evaluation.summary,
        "sites": evaluation.sites,
        "report": evaluation.report.name,
        "outcomes": list(evaluation.outcomes.values_list("indicator", "resolution")),
        "evaluations": Evaluation.objects.count(),
        "logs": StateLog.objects.count(),
        "ratings": EvidenceRating.objects.count(),
    }


@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(evaluation, name):
    before = snapshot(evaluation)
    _method, target, _data = request_for(name, evaluation)

    response = send(Client(), name, evaluation)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"
    assert snapshot(evaluation) == before


@pytest.mark.parametrize("name", EVALUATION_PAGES)
def test_an_evaluator_never_learns_of_an_evaluation_not_assigned_to_them(
    evaluation, yves, login, name
):
    before = snapshot(evaluation)
    assert send(login(yves), name, evaluation).status_code == 404
    assert snapshot(evaluation) == before


def test_the_workspace_of_another_evaluator_does_not_list_it(evaluation, yves, login):
    response = login(yves).get(url("workspace"))
    assert response.status_code == 200
    assert listed(response) == []
    assert url("detail", evaluation.pk) not in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "bob", "paul"])
@pytest.mark.parametrize("name", ["workspace", *EVALUATION_PAGES])
def test_innovators_and_partners_find_no_evaluation_page(request, evaluation, login, who, name):
    before = snapshot(evaluation)
    response = send(login(request.getfixturevalue(who)), name, evaluation)
    assert response.status_code == 404
    assert snapshot(evaluation) == before


@pytest.mark.parametrize("who", ["alice", "bob", "paul", "eve", "yves", "colette"])
@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_only_staff_plan_an_evaluation(request, evaluation, login, who, name):
    before = snapshot(evaluation)
    response = send(login(request.getfixturevalue(who)), name, evaluation)
    assert response.status_code == 403
    assert snapshot(evaluation) == before


def test_the_committee_reads_the_evaluation_and_its_report(evaluation, colette, login):
    client = login(colette)

    html = page_of(client.get(url("detail", evaluation.pk)))
    assert "Effet net de 12 points sur l'emploi durable." in html
    assert f'action="{url("record", evaluation.pk)}"' not in html
    assert f'action="{url("add_outcome", evaluation.pk)}"' not in html
    assert f'action="{url("report", evaluation.pk)}"' not in html

    response = client.get(url("report", evaluation.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == REPORT_PDF


@pytest.mark.parametrize("name", RECORDING)
def test_the_committee_may_not_record_results(evaluation, colette, login, name):
    before = snapshot(evaluation)
    assert send(login(colette), name, evaluation).status_code == 403
    assert snapshot(evaluation) == before


def test_the_committee_treats_a_negative_result(evaluation, colette, login):
    negative = evaluation.outcomes.get(direction=Direction.NEGATIVE)
    client = login(colette)
    assert "Traiter ce résultat négatif" in page_of(client.get(url("detail", evaluation.pk)))

    response = send(client, "resolve_outcome", evaluation)

    assert response.status_code == 302
    negative.refresh_from_db()
    assert negative.resolution == "Public mal ciblé : recrutement revu."
    assert negative.resolved_by == colette
    html = page_of(client.get(url("detail", evaluation.pk)))
    assert "Public mal ciblé : recrutement revu." in html
    assert "Traiter ce résultat négatif" not in html


def test_the_committee_rates_a_submitted_report(alice, eve, colette, login):
    evaluation = evaluation_of(alice, eve, state=E.REPORT_SUBMITTED)
    client = login(colette)
    html = page_of(client.get(url("detail", evaluation.pk)))
    assert "Noter la preuve" in html
    assert "Niveau SMS (Maryland) d'après le protocole : 3" in html

    response = client.post(
        url("transition", evaluation.pk, "rate"),
        {"stage": E.REPORT_SUBMITTED, "nesta_level": "3", "rationale": "Doubles différences."},
    )

    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == E.RATED
    assert (evaluation.rating.nesta_level, evaluation.rating.sms_level) == (3, 3)
    html = page_of(client.get(url("detail", evaluation.pk)))
    assert "Niveau 3 : causalité" in html and "Fondé sur la preuve" in html
    assert "Doubles différences." in html


def test_a_rating_without_its_level_or_rationale_is_refused(alice, eve, colette, login):
    evaluation = evaluation_of(alice, eve, state=E.REPORT_SUBMITTED)

    response = login(colette).post(
        url("transition", evaluation.pk, "rate"), {"stage": E.REPORT_SUBMITTED}
    )

    assert response.status_code == 422
    assert "Le formulaire contient des erreurs." in texts(response)
    assert field_errors(response, "nesta_level") and field_errors(response, "rationale")
    evaluation.refresh_from_db()
    assert evaluation.state == E.REPORT_SUBMITTED
    assert not EvidenceRating.objects.exists()


def test_the_evaluator_is_told_why_they_may_not_rate_their_own_evaluation(alice, eve, login):
    evaluation = evaluation_of(alice, eve, state=E.REPORT_SUBMITTED)

    response = login(eve).post(
        url("transition", evaluation.pk, "rate"),
        {"stage": E.REPORT_SUBMITTED, "nesta_level": "5", "rationale": "Excellent travail."},
    )

    assert response.status_code == 422
    assert texts(response) == [str(roles.RATING_OWN_EVALUATION)]
    evaluation.refresh_from_db()
    assert evaluation.state == E.REPORT_SUBMITTED
    assert not EvidenceRating.objects.exists()


@pytest.mark.parametrize("state", [E.PLANNED, E.IN_PROGRESS])
def test_the_assigned_evaluator_records_until_the_report_is_submitted(alice, eve, login, state):
    evaluation = evaluation_of(alice, eve, state=state)
    client = login(eve)

    response = client.post(
        url("record", evaluation.pk),
        {
            "treated_size": "240",
            "comparison_size": "260",
            "sites": "3",
            "attrition": "12.5",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "cost_per_beneficiary": "1800",
            "summary": "Effet net de 12 points.",
        },
    )

    assert response["Location"] == url("detail", evaluation.pk)
    evaluation.refresh_from_db()
    assert (evaluation.treated_size, evaluation.comparison_size, evaluation.sites) == (240, 260, 3)
    assert evaluation.summary == "Effet net de 12 points."
    assert evaluation.state == state


@pytest.mark.parametrize("state", [E.REPORT_SUBMITTED, E.RATED, E.CANCELLED])
@pytest.mark.parametrize("name", RECORDING)
def test_once_the_report_is_submitted_the_evaluator_is_told_it_is_closed(
    alice, eve, login, state, name
):
    evaluation = evaluation_of(alice, eve, state=state, rating=2 if state == E.RATED else None)
    before = snapshot(evaluation)

    response = send(login(eve), name, evaluation)

    assert response.status_code == 403
    assert NOT_EDITABLE in page_of(response)
    assert snapshot(evaluation) == before


def test_after_submission_the_evaluator_still_reads_the_evaluation(alice, eve, login):
    evaluation = evaluation_of(alice, eve, state=E.REPORT_SUBMITTED)
    client = login(eve)
    html = page_of(client.get(url("detail", evaluation.pk)))
    assert "Effet net de 12 points sur l'emploi durable." in html
    assert f'action="{url("record", evaluation.pk)}"' not in html
    assert client.get(url("report", evaluation.pk)).status_code == 200


# Everything works for whom it is meant: the control of the CSRF test below.
WHO_MAY = {
    "plan_post": "sam",
    "record": "eve",
    "add_outcome": "eve",
    "remove_outcome_post": "eve",
    "resolve_outcome": "sam",
    "report_post": "eve",
    "transition": "sam",
}


@pytest.mark.parametrize("name", POSTS)
def test_each_post_works_for_whom_it_is_meant(request, evaluation, login, name):
    before = snapshot(evaluation)
    response = send(login(request.getfixturevalue(WHO_MAY[name])), name, evaluation)
    assert response.status_code == 302
    assert snapshot(evaluation) != before


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_its_csrf_token(request, evaluation, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        request.getfixturevalue(WHO_MAY[name]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    before = snapshot(evaluation)
    assert send(client, name, evaluation).status_code == 403
    assert snapshot(evaluation) == before


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("plan", "put"),
        ("record", "put"),
        ("add_outcome", "put"),
        ("remove_outcome", "put"),
        ("resolve_outcome", "put"),
        ("report", "put"),
        ("transition", "delete"),
    ],
)
def test_a_wrong_method_answers_405(evaluation, sam, eve, login, name, method):
    _method, target, _data = request_for(name, evaluation)
    before = snapshot(evaluation)
    client = login(sam if name in {"plan", "resolve_outcome", "transition"} else eve)
    assert getattr(client, method)(target).status_code == 405
    assert snapshot(evaluation) == before


def test_an_evaluation_that_does_not_exist_answers_404(sam, login):
    assert login(sam).get(url("detail", 999999)).status_code == 404


def test_a_transition_that_does_not_exist_answers_404(evaluation, sam, login):
    response = login(sam).post(url("transition", evaluation.pk, "validate"), {"stage": "planned"})
    assert response.status_code == 404


def test_a_refused_transition_says_why_on_the_page(alice, eve, login):
    evaluation = evaluation_of(alice, eve, reported=False)

    response = login(eve).post(
        url("transition", evaluation.pk, "submit_report"), {"stage": E.IN_PROGRESS}
    )

    assert response.status_code == 422
    missing = [models.NO_SUMMARY, models.NO_REPORT, models.NO_OUTCOME]
    assert texts(response) == [str(m) for m in missing]
    evaluation.refresh_from_db()
    assert evaluation.state == E.IN_PROGRESS


# The workspace


@pytest.fixture
def several(alice, bob, eve, yves):
    """Evaluations at each step, Eve's and Yves's."""
    return {
        "planned": evaluation_of(alice, eve, E.PLANNED, "Garage solidaire", reported=False),
        "in_progress": evaluation_of(bob, eve, E.IN_PROGRESS, "Tremplin numérique"),
        "submitted": evaluation_of(alice, eve, E.REPORT_SUBMITTED, "Auto-école sociale"),
        "rated": evaluation_of(bob, eve, E.RATED, "Jardin d'insertion", rating=2),
        "yves_submitted": evaluation_of(alice, yves, E.REPORT_SUBMITTED, "Café associatif"),
        "yves_planned": evaluation_of(bob, yves, E.PLANNED, "Recyclerie", reported=False),
    }


def test_the_evaluator_sees_only_their_evaluations(several, eve, login):
    response = login(eve).get(url("workspace"))

    assert response.status_code == 200
    assert "Mes évaluations" in page_of(response)
    assert listed(response) == sorted(
        ["Garage solidaire", "Tremplin numérique", "Auto-école sociale", "Jardin d'insertion"]
    )


def test_the_evaluator_filters_their_evaluations_by_state(several, eve, login):
    response = login(eve).get(url("workspace"), {"state": E.REPORT_SUBMITTED})
    assert listed(response) == ["Auto-école sociale"]


def test_the_committee_sees_the_evaluations_awaiting_its_rating(several, colette, login):
    response = login(colette).get(url("workspace"))

    assert response.status_code == 200
    assert "Évaluations à noter" in page_of(response)
    assert listed(response) == ["Auto-école sociale", "Café associatif"]


def test_staff_see_every_evaluation(several, sam, login):
    response = login(sam).get(url("workspace"))
    assert len(listed(response)) == len(several)


# Planning, with suggestions by maturity

SUGGESTED = 'class="suggested">'


def choices(html, name):
    """{value: (label, suggested, checked)} of the radio buttons `name`."""
    found = re.findall(
        rf'<label[^>]*>\s*<input type="radio" name="{name}" value="(\w+)"([^>]*)>(.*?)</label>',
        html,
        flags=re.S,
    )
    return {
        value: (re.sub(r"<[^>]+>", "", label).strip(), SUGGESTED in label, "checked" in attrs)
        for value, attrs, label in found
    }


def suggested(html, name):
    return {value for value, (_l, marked, _c) in choices(html, name).items() if marked}


D = Design
SUGGESTIONS = [
    pytest.param(
        Maturity.EXPERIMENTATION,
        Stage.IDENTIFIED,
        {D.THEORY_OF_CHANGE},
        {Kind.PROCESS},
        "formaliser la théorie du changement et évaluer le processus",
        id="experimentation",
    ),
    pytest.param(
        Maturity.MODELLING,
        Stage.IDENTIFIED,
        {D.BEFORE_AFTER, D.COMPARISON_GROUP},
        {Kind.IMPACT},
        "une mesure avant / après montre un changement",
        id="modelling",
    ),
    pytest.param(
        Maturity.DEPLOYMENT,
        Stage.REWORK,
        {D.DIFFERENCE_IN_DIFFERENCES, D.QUASI_RANDOM, D.RCT},
        {Kind.IMPACT, Kind.ECONOMIC},
        "qui établisse la causalité",
        id="deployment",
    ),
    pytest.param(
        Maturity.MODELLING,
        Stage.SPREADING,
        {D.DIFFERENCE_IN_DIFFERENCES, D.QUASI_RANDOM, D.RCT},
        {Kind.FIDELITY, Kind.IMPACT},
        "(évaluation de fidélité)",
        id="spreading",
    ),
    pytest.param(
        Maturity.EXPERIMENTATION,
        Stage.SCALING,
        {D.DIFFERENCE_IN_DIFFERENCES, D.QUASI_RANDOM, D.RCT},
        {Kind.FIDELITY, Kind.IMPACT},
        "(évaluation de fidélité)",
        id="scaling",
    ),
]


@pytest.mark.parametrize(("maturity", "stage", "designs", "kinds", "why"), SUGGESTIONS)
def test_planning_suggests_what_fits_the_initiatives_maturity(
    alice, sam, login, maturity, stage, designs, kinds, why
):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=stage
    )
    initiative.maturity = maturity
    initiative.save()

    response = login(sam).get(url("plan", initiative.pk))

    assert response.status_code == 200
    html = page_of(response)
    assert f"(maturité : {maturity.label})" in html
    assert why in html
    assert suggested(html, "design") == designs
    assert suggested(html, "kind") == kinds
    # The badge agrees with what it marks: "Évaluation d'impact suggérée", and the designs,
    # whose labels mix genders, a "protocole suggéré".
    assert {label for label, marked, _c in choices(html, "kind").values() if marked} == {
        f"{Kind(kind).label} suggérée" for kind in kinds
    }
    assert {label for label, marked, _c in choices(html, "design").values() if marked} == {
        f"{Design(design).label} protocole suggéré" for design in designs
    }
    # Every choice stays open; the first suggested one is preselected.
    assert set(choices(html, "design")) == set(Design.values)
    (checked,) = [v for v, (_l, _m, on) in choices(html, "design").items() if on]
    assert checked == selectors.suggestions(initiative)["designs"][0]


def test_the_explanations_differ_by_maturity():
    whys = {
        str(selectors.suggestions(Initiative(maturity=maturity, stage=Stage.IDENTIFIED))["why"])
        for maturity in Maturity
    }
    whys.add(str(selectors.suggestions(Initiative(stage=Stage.SPREADING))["why"]))
    assert len(whys) == 4


PLAN = {
    "kind": Kind.IMPACT,
    "questions": "Le garage augmente-t-il l'accès à l'emploi durable ?",
    "design": Design.COMPARISON_GROUP,
    "commissioner": "Département du Nord",
    "external_evaluator": "",
    "independent": "on",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
}


@pytest.fixture
def identified(alice):
    return InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=Stage.IDENTIFIED
    )


def test_staff_plan_an_evaluation(identified, sam, eve, login):
    response = login(sam).post(url("plan", identified.pk), {**PLAN, "evaluator": eve.pk})

    evaluation = Evaluation.objects.get()
    assert response["Location"] == url("detail", evaluation.pk)
    assert (evaluation.initiative, evaluation.planned_by, evaluation.evaluator) == (
        identified,
        sam,
        eve,
    )
    assert evaluation.state == E.PLANNED
    assert evaluation.design == Design.COMPARISON_GROUP and evaluation.sms_level == 2
    assert str(evaluation.period_end) == "2026-12-31"


def test_a_plan_whose_period_ends_before_it_starts_is_refused(identified, sam, eve, login):
    data = {**PLAN, "evaluator": eve.pk, "period_start": "2026-06-30", "period_end": "2026-01-01"}

    response = login(sam).post(url("plan", identified.pk), data)

    assert response.status_code == 422
    assert field_errors(response, "period_end") == [str(forms.PERIOD_ORDER)]
    assert typed(response, "questions") == PLAN["questions"]
    assert typed(response, "period_start") == "2026-06-30"
    assert typed(response, "period_end") == "2026-01-01"
    assert not Evaluation.objects.exists()


# Results: bad input is refused, what was typed is kept, nothing is saved


@pytest.fixture
def fresh(alice, eve):
    """Eve's evaluation in progress, nothing recorded yet."""
    return evaluation_of(alice, eve, reported=False)


RESULTS = {
    "treated_size": "240",
    "comparison_size": "260",
    "sites": "3",
    "cost_per_beneficiary": "1800",
    "summary": "Synthèse provisoire : effet de 12 points.",
}


@pytest.mark.parametrize("field", ["treated_size", "comparison_size", "sites"])
def test_a_negative_sample_size_is_refused(fresh, eve, login, field):
    response = login(eve).post(url("record", fresh.pk), {**RESULTS, field: "-5"})

    assert response.status_code == 422
    assert field_errors(response, field) == ["Un effectif ne peut pas être négatif."]
    assert typed(response, field) == "-5"
    assert typed(response, "summary") == RESULTS["summary"]
    fresh.refresh_from_db()
    assert (fresh.treated_size, fresh.comparison_size, fresh.sites, fresh.summary) == (
        None,
        None,
        None,
        "",
    )


def test_results_whose_period_ends_before_it_starts_are_refused(fresh, eve, login):
    data = {**RESULTS, "period_start": "2025-12-31", "period_end": "2025-01-01"}

    response = login(eve).post(url("record", fresh.pk), data)

    assert response.status_code == 422
    assert field_errors(response, "period_end") == [str(forms.PERIOD_ORDER)]
    assert "rien n'a été enregistré" in " ".join(texts(response))
    assert typed(response, "period_start") == "2025-12-31"
    assert typed(response, "summary") == RESULTS["summary"]
    fresh.refresh_from_db()
    assert (fresh.period_start, fresh.period_end, fresh.summary) == (None, None, "")


OUTCOME = {
    "outcome-indicator": "Taux d'accès à l'emploi durable",
    "outcome-horizon": "12 mois",
    "outcome-direction": Direction.POSITIVE,
    "outcome-unit": "points de %",
}


@pytest.mark.parametrize(
    ("effect", "low", "high", "field", "message"),
    [
        pytest.param("0.12", "", "", "ci_low", forms.INTERVAL_NEEDED, id="no-bounds"),
        pytest.param("0.12", "0.05", "", "ci_high", forms.INTERVAL_NEEDED, id="no-high"),
        pytest.param("0.12", "", "0.19", "ci_low", forms.INTERVAL_NEEDED, id="no-low"),
        pytest.param("0.30", "0.05", "0.19", "ci_low", forms.INTERVAL_ORDER, id="above"),
        pytest.param("0.01", "0.05", "0.19", "ci_low", forms.INTERVAL_ORDER, id="below"),
        pytest.param("0.12", "0.19", "0.05", "ci_low", forms.INTERVAL_ORDER, id="reversed"),
        pytest.param("", "0.05", "0.19", "effect_size", forms.EFFECT_NEEDED, id="no-effect"),
        pytest.param("", "", "0.19", "effect_size", forms.EFFECT_NEEDED, id="high-only"),
    ],
)
def test_an_effect_goes_with_its_confidence_interval(
    fresh, eve, login, effect, low, high, field, message
):
    data = {
        **OUTCOME,
        "outcome-effect_size": effect,
        "outcome-ci_low": low,
        "outcome-ci_high": high,
    }

    response = login(eve).post(url("add_outcome", fresh.pk), data)

    assert response.status_code == 422
    assert field_errors(response, f"outcome-{field}") == [str(message)]
    assert "Le résultat n'a pas été ajouté : corrigez le formulaire." in texts(response)
    assert typed(response, "outcome-indicator") == OUTCOME["outcome-indicator"]
    assert typed(response, "outcome-effect_size") == effect
    assert typed(response, "outcome-ci_low") == low
    assert typed(response, "outcome-ci_high") == high
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("effect", "low", "high"),
    [("0.12", "0.05", "0.19"), ("0.05", "0.05", "0.19"), ("", "", ""), ("-0.1", "-0.2", "0")],
)
def test_an_effect_within_its_interval_is_recorded(fresh, eve, login, effect, low, high):
    data = {
        **OUTCOME,
        "outcome-effect_size": effect,
        "outcome-ci_low": low,
        "outcome-ci_high": high,
    }

    response = login(eve).post(url("add_outcome", fresh.pk), data)

    assert response["Location"] == url("detail", fresh.pk)
    outcome = Outcome.objects.get()
    assert outcome.indicator == OUTCOME["outcome-indicator"]
    assert (str(outcome.effect_size) if outcome.effect_size is not None else "") == (
        f"{float(effect):.3f}" if effect else ""
    )


# The report: a PDF, 20 Mo at most, read from its content


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def with_report(alice, eve):
    """Eve's evaluation in progress, whose first report is already deposited."""
    return evaluation_of(alice, eve)


def stored_files(settings):
    root = settings.STORAGES["default"]["OPTIONS"]["location"] / "evaluations"
    return sorted(p.name for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("rapport.pdf", PNG, id="png-named-pdf"),
        pytest.param("rapport.pdf", EXE, id="executable-named-pdf"),
        pytest.param("rapport.png", PNG, id="png"),
    ],
)
def test_a_report_that_is_not_a_pdf_is_refused(settings, with_report, eve, login, name, content):
    before, files = snapshot(with_report), stored_files(settings)

    response = login(eve).post(url("report", with_report.pk), {"report": upload(name, content)})

    assert response.status_code == 422
    assert "Le rapport n'a pas été déposé." in texts(response)
    (error,) = field_errors(response, "report")
    assert f"« {name} » n'est pas accepté" in error
    # The evaluation's report is a PDF and nothing else: the message must not say otherwise.
    assert "PDF" in error
    for other in ("DOCX", "ODT", "PNG", "JPEG"):
        assert other not in error, error
    assert snapshot(with_report) == before
    assert stored_files(settings) == files


def test_a_report_over_20_mb_is_refused(settings, with_report, eve, login):
    before, files = snapshot(with_report), stored_files(settings)
    heavy = REPORT_PDF + b"0" * (20 * MEGABYTE + 1 - len(REPORT_PDF))

    response = login(eve).post(
        url("report", with_report.pk), {"report": upload("rapport.pdf", heavy)}
    )

    assert response.status_code == 422
    (error,) = field_errors(response, "report")
    assert "la limite est de 20 Mo" in error
    assert snapshot(with_report) == before
    assert stored_files(settings) == files


def test_an_empty_report_is_refused(settings, with_report, eve, login):
    before = snapshot(with_report)
    response = login(eve).post(url("report", with_report.pk), {"report": upload("vide.pdf", b"")})
    assert response.status_code == 422
    assert field_errors(response, "report")
    assert snapshot(with_report) == before


def test_a_new_report_replaces_the_previous_one(
    settings, with_report, eve, login, django_capture_on_commit_callbacks
):
    (previous,) = stored_files(settings)
    new = REPORT_PDF + b"% version 2\n"

    with django_capture_on_commit_callbacks(execute=True):
        response = login(eve).post(
            url("report", with_report.pk), {"report": upload("rapport-v2.pdf", new)}
        )

    assert response["Location"] == url("detail", with_report.pk)
    with_report.refresh_from_db()
    assert with_report.report.read() == new
    assert previous not in stored_files(settings)
    assert len(stored_files(settings)) == 1

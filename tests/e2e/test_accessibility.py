"""Accessibility, in the browser: axe-core (through axe-playwright-python, which ships its own
copy of axe.min.js: nothing is fetched at run time) checks the public pages, as a visitor
sees them: the catalogue (as it opens, searched, filtered), an initiative's public page, the
sign-up forms (empty, and sent back with errors) and the login page; and the pages people
work in every day, logged in: for staff, "Mes tâches", the triage board (filtered), an
initiative's file (the scorecard opened) and the dashboard (its charts, map and tables
drawn); for an innovator, their initiatives, the draft's form sent back with errors,
their profile (notification preferences) and an initiative sent back for changes; an
evaluation, as its evaluator fills in its results and as the committee rates it; the
partners' space.

No violation of impact "serious" or "critical" may remain, nor any such result axe-core
leaves to review (but contrast, see `audit`); the others (moderate, minor) are printed for
information (`pytest -s`, or in the captured output of a failing test)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_fsm_log.models import StateLog
from playwright.sync_api import expect

from accelerator import roles
from evaluations.models import Design, Direction
from evaluations.models import State as EvaluationState
from initiatives import search, services
from initiatives.models import Initiative, Stage, Territory
from tests.factories import (
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    TransferKitFactory,
    UserFactory,
)

from .helpers import field, log_in, nav, summary

BLOCKING = {"serious", "critical"}
SPREADING_TITLE = "Garage solidaire de Roubaix"
IDENTIFIED_TITLE = "Ambassadeurs de l'énergie"
EVALUATOR_EMAIL = "eva.leroy@evaluation.fr"


def _described(node):
    checks = node["any"] + node["all"] + node["none"]
    return f"{' '.join(node['target'])} ({'; '.join(check['message'] for check in checks)})"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def audit(page, axe, where):
    """The serious and critical violations of axe-core on the page as it is, described; the
    others are printed.

    What axe-core leaves to a human ("incomplete": needs review) counts too when serious or
    critical: a duplicate id that a label points to is one (duplicate-id-aria). Except the
    contrast of text over a CSS gradient or in an SVG, which axe-core cannot compute: the
    arrow of every <select> and the bar over the steps of the chain are gradients, and the
    dashboard's charts are SVG; these were checked by hand (6.9:1 at the least) and are
    printed."""
    results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]})
    blocking = []
    for violation in results.response["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        line = (
            f"[{where}] {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {len(targets)} élément(s) : {', '.join(targets[:5])}"
        )
        if violation["impact"] in BLOCKING:
            blocking.append(line + "\n" + results.generate_report(violation["id"]))
        else:
            print(line)
    for review in results.response["incomplete"]:
        nodes = [_described(node) for node in review["nodes"]]
        line = (
            f"[{where}] à vérifier : {review['id']} ({review['impact']}): {review['help']}"
            f" — {len(nodes)} élément(s) : {', '.join(nodes[:5])}"
        )
        if review["impact"] in BLOCKING and review["id"] != "color-contrast":
            blocking.append(line)
        else:
            print(line)
    return blocking


@pytest.fixture
def public_data():
    """A spreading initiative (a rated evaluation, a published kit, a replication) and an
    identified one whose plain-language sheet staff published."""
    spreading = InitiativeFactory(
        complete=True,
        stage=Stage.SPREADING,
        title=SPREADING_TITLE,
        carrier=OrganisationFactory(name="Garage Solidaire Roubaix"),
    )
    EvaluationFactory(
        initiative=spreading,
        state=EvaluationState.RATED,
        reported=True,
        outcomes=[Direction.NULL],
        rating=3,
    )
    kit = TransferKitFactory(initiative=spreading)
    ReplicationFactory(kit=kit, state="launched")
    identified = InitiativeFactory(
        complete=True,
        stage=Stage.IDENTIFIED,
        title=IDENTIFIED_TITLE,
        summary="Des ambassadeurs visitent les foyers en précarité énergétique.",
    )
    services.initiative_publish_sheet(
        initiative=identified,
        by=UserFactory(roles=["staff"]),
        text="Des habitants formés repèrent les foyers en précarité énergétique.",
    )
    search.reindex()
    return spreading, identified


def test_the_catalogue_and_a_public_page_are_accessible(page, axe, public_data):
    problems = []

    page.goto("/ce-qui-marche/")
    expect(page.get_by_role("heading", level=1, name="Ce qui marche")).to_be_visible()
    expect(page.get_by_role("link", name=SPREADING_TITLE)).to_be_visible()
    problems += audit(page, axe, "catalogue")

    page.get_by_role("searchbox", name="Rechercher").fill("garage")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"[?&]q=garage"))
    expect(page.get_by_role("status")).to_have_text("1 initiative")
    problems += audit(page, axe, "catalogue, recherche")

    page.goto("/ce-qui-marche/")
    page.get_by_label("Niveau de diffusion").select_option(label="Expérience inspirante")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"[?&]level=inspiration"))
    expect(page.get_by_role("link", name=IDENTIFIED_TITLE)).to_be_visible()
    problems += audit(page, axe, "catalogue, filtre")

    page.goto("/ce-qui-marche/?q=introuvable")
    expect(page.get_by_text("Aucune initiative ne correspond à ces critères.")).to_be_visible()
    problems += audit(page, axe, "catalogue, aucun résultat")

    page.goto("/ce-qui-marche/")
    page.get_by_role("link", name=SPREADING_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=SPREADING_TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Le kit d'essaimage")).to_be_visible()
    problems += audit(page, axe, "page publique, essaimable")

    page.goto("/ce-qui-marche/")
    page.get_by_role("link", name=IDENTIFIED_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=IDENTIFIED_TITLE)).to_be_visible()
    problems += audit(page, axe, "page publique, expérience inspirante")

    assert not problems, "\n\n".join(problems)


def test_the_sign_up_and_login_forms_are_accessible(page, axe):
    problems = []

    page.goto("/inscription/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte porteur de projet")
    problems += audit(page, axe, "inscription")

    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    problems += audit(page, axe, "inscription, erreurs")

    page.goto("/partenaires/inscription/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte partenaire")
    problems += audit(page, axe, "inscription partenaire")

    page.get_by_role("button", name="Créer mon compte partenaire").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    problems += audit(page, axe, "inscription partenaire, erreurs")

    page.goto("/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    problems += audit(page, axe, "connexion")

    page.get_by_label("Adresse e-mail").fill("personne@exemple.fr")
    page.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    problems += audit(page, axe, "connexion, erreur")

    assert not problems, "\n\n".join(problems)


# --- The pages people work in every day, logged in --------------------------------------------

SUBMITTED_TITLE = "Épicerie solidaire d'Amiens"
STALLED_TITLE = "Conciergerie de quartier de Lens"


def _with_history(stage, steps, **kwargs):
    """A complete initiative now at `stage`, created 120 days ago, that went through `steps`:
    [(days ago, source, target)], as the transition log records them."""
    initiative = InitiativeFactory(complete=True, **kwargs)
    now = timezone.now()
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=now - timedelta(days=120),
        stage=stage,
        stage_entered_at=now - timedelta(days=steps[-1][0]) if steps else now,
    )
    content_type = ContentType.objects.get_for_model(Initiative)
    for days_ago, source, target in steps:
        StateLog.objects.create(
            content_type=content_type,
            object_id=initiative.pk,
            timestamp=now - timedelta(days=days_ago),
            source_state=source,
            state=target,
            transition="test",
        )
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def working_data(alice, sam):
    """What staff, innovators, evaluators, the committee and partners work on: initiatives
    at every step with their history (so the dashboard's funnel, times and stalled table are
    drawn), evaluations in progress, reported and rated, and replications in two régions."""
    submitted = _with_history(
        Stage.SUBMITTED,
        [(20, Stage.DRAFT, Stage.SUBMITTED)],
        title=SUBMITTED_TITLE,
        owner=alice,
        carrier=alice.organisations.get(),
    )
    _with_history(
        Stage.IDENTIFIED,
        [(100, Stage.DRAFT, Stage.SUBMITTED), (90, Stage.SUBMITTED, Stage.IDENTIFIED)],
        title=STALLED_TITLE,
        lead=sam,
    )
    _with_history(
        Stage.DECLINED,
        [
            (110, Stage.DRAFT, Stage.SUBMITTED),
            (95, Stage.SUBMITTED, Stage.IDENTIFIED),
            (80, Stage.IDENTIFIED, Stage.DECLINED),
        ],
    )
    in_evaluation = _with_history(
        Stage.IN_EVALUATION,
        [
            (115, Stage.DRAFT, Stage.SUBMITTED),
            (105, Stage.SUBMITTED, Stage.IDENTIFIED),
            (70, Stage.IDENTIFIED, Stage.IN_EVALUATION),
        ],
    )
    spreading = _with_history(
        Stage.SPREADING,
        [
            (118, Stage.DRAFT, Stage.SUBMITTED),
            (112, Stage.SUBMITTED, Stage.IDENTIFIED),
            (100, Stage.IDENTIFIED, Stage.IN_EVALUATION),
            (40, Stage.IN_EVALUATION, Stage.VALIDATED),
            (20, Stage.VALIDATED, Stage.SPREADING),
        ],
        title=SPREADING_TITLE,
    )
    InitiativeFactory(owner=alice, carrier=alice.organisations.get(), title="Brouillon d'Alice")
    in_progress = EvaluationFactory(
        initiative=in_evaluation,
        state=EvaluationState.IN_PROGRESS,
        evaluator=UserFactory(email=EVALUATOR_EMAIL, roles=[roles.EVALUATOR]),
        outcomes=[Direction.POSITIVE, Direction.NEGATIVE],
    )
    submitted_report = EvaluationFactory(
        initiative=in_evaluation,
        state=EvaluationState.REPORT_SUBMITTED,
        submitted_at=timezone.now(),
        reported=True,
    )
    EvaluationFactory(
        initiative=spreading,
        state=EvaluationState.RATED,
        reported=True,
        rating=3,
        design=Design.RCT,
    )
    kit = TransferKitFactory(initiative=spreading)
    ReplicationFactory(kit=kit, state="launched")
    ReplicationFactory(
        kit=kit,
        territory=Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="69"),
        strategy="social_franchise",
    )
    search.reindex()
    return {
        "submitted": submitted,
        "in_progress": in_progress,
        "submitted_report": submitted_report,
    }


def test_the_staff_pages_are_accessible(page, axe, sam, working_data, settings):
    settings.STALLED_AFTER_DAYS = 30
    problems = []

    log_in(page, sam.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    problems += audit(page, axe, "mes tâches, équipe")

    nav(page).get_by_role("link", name="Suivi des initiatives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suivi des initiatives")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(1 + 6)
    problems += audit(page, axe, "suivi")

    filters = page.get_by_role("form", name="Filtres")
    filters.get_by_label("Étape", exact=True).select_option(label="Soumise")
    filters.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"[?&]stage=submitted(&|$)"))
    expect(page.get_by_role("link", name=SUBMITTED_TITLE)).to_be_visible()
    problems += audit(page, axe, "suivi, filtré")

    page.get_by_role("link", name=SUBMITTED_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBMITTED_TITLE)
    summary(page, "Repérer").click()
    expect(page.get_by_role("group", name=re.compile("Grille de repérage"))).to_be_visible()
    problems += audit(page, axe, "dossier, grille de repérage ouverte")

    nav(page).get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.get_by_role("img", name=re.compile("Carte des réplications"))).to_be_visible()
    expect(page.get_by_role("link", name=STALLED_TITLE)).to_be_visible()
    problems += audit(page, axe, "tableau de bord")

    # On a phone, the wide tables scroll in their own frame: the page keeps the screen's
    # width (WCAG 1.4.10), its hidden data tables included.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # There the bar charts, whose labels would shrink to nothing, give way to their tables.
    expect(page.get_by_role("img", name="Initiatives ayant atteint chaque étape")).to_be_hidden()
    funnel = page.get_by_role("table", name="Entonnoir : initiatives par étape de la chaîne")
    expect(funnel).to_be_visible()
    expect(funnel.get_by_role("rowheader", name="Repérage")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("img", name="Initiatives ayant atteint chaque étape")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 800})
    problems += audit(page, axe, "tableau de bord, petit écran")

    assert not problems, "\n\n".join(problems)


def test_the_innovator_pages_are_accessible(page, axe, alice, sam, working_data):
    problems = []

    log_in(page, alice.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(page).get_by_role("link", name="Mes initiatives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes initiatives")
    expect(page.get_by_role("heading", name="Brouillon d'Alice")).to_be_visible()
    problems += audit(page, axe, "mes initiatives")

    page.get_by_role("link", name="Reprendre le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Brouillon d'Alice")
    field(page, "Titre").fill("")
    page.get_by_label("Budget annuel (€)").fill("-10")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    problems += audit(page, axe, "brouillon, erreurs")

    # A submitted initiative sent back: the staff's request heads the innovator's page.
    services.initiative_request_changes(
        initiative=working_data["submitted"], by=sam, reason="Précisez le budget, s'il vous plaît."
    )
    page.goto(f"/mes-initiatives/{working_data['submitted'].pk}/")
    banner = page.get_by_role(
        "region", name="L'équipe de l'accélérateur vous demande des compléments :"
    )
    expect(banner).to_contain_text("Précisez le budget, s'il vous plaît.")
    problems += audit(page, axe, "initiative renvoyée en brouillon")

    nav(page).get_by_role("link", name="Mon profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    expect(page.get_by_role("group", name="Notifications par e-mail")).to_be_visible()
    problems += audit(page, axe, "profil et notifications")

    assert not problems, "\n\n".join(problems)


def test_the_evaluation_pages_are_accessible(page, axe, new_page, colette, working_data):
    problems = []

    log_in(page, EVALUATOR_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    page.goto(f"/evaluations/{working_data['in_progress'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation d'impact")
    expect(page.get_by_role("heading", name="Résultats")).to_be_visible()
    problems += audit(page, axe, "évaluation en cours, évaluateur·rice")

    committee = new_page()
    log_in(committee, colette.email)
    expect(committee.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    committee.goto(f"/evaluations/{working_data['submitted_report'].pk}/")
    expect(committee.get_by_role("heading", level=1)).to_have_text("Évaluation d'impact")
    summary(committee, "Noter la preuve").click()
    expect(committee.get_by_role("button", name="Confirmer : Noter la preuve")).to_be_visible()
    problems += audit(committee, axe, "évaluation à noter, comité")

    assert not problems, "\n\n".join(problems)


def test_the_partner_catalogue_is_accessible(page, axe, paul, working_data):
    problems = []

    log_in(page, paul.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(page).get_by_role("link", name="Espace partenaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatives ouvertes à l'essaimage")
    expect(page.get_by_role("link", name=SPREADING_TITLE)).to_be_visible()
    problems += audit(page, axe, "espace partenaires")

    assert not problems, "\n\n".join(problems)

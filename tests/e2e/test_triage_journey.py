"""A chargée de mission, in the browser: filter the board, identify (repérer) an initiative
with the scorecard, by htmx; then its innovator reads the new stage and the message."""

import re

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog
from playwright.sync_api import expect

from accelerator import roles
from initiatives.models import Criterion, IdentificationScore, Initiative, Stage, Territory
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory

from .conftest import TIMEOUT_MS
from .helpers import field, log_in, nav

STAFF_EMAIL = "sam.durand@ansa.fr"
INNOVATOR_EMAIL = "alice.petit@garage-solidaire.fr"
TITLE = "Garage solidaire de Roubaix"
MESSAGE = "Votre garage solidaire est repéré : nous vous appelons pour préparer l'évaluation."
# Criterion -> (score, comment) typed in the scorecard.
SCORECARD = {
    Criterion.PRIORITY_PUBLIC: (3, "Public très éloigné de l'emploi."),
    Criterion.SMALL_SCALE_EFFICACY: (2, "Premiers résultats encourageants sur 40 personnes."),
    Criterion.WILLING_TO_TRANSPOSE: (3, "Deux territoires voisins intéressés."),
    Criterion.FORMALISED_PROCESS: (1, "Processus encore peu écrit."),
    Criterion.NOT_FOR_PROFIT: (3, "Association loi 1901."),
}


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def initiative_in(code, **kwargs):
    initiative = InitiativeFactory(complete=True, **kwargs)
    initiative.territories.set([department(code)])
    return initiative


def test_staff_identifies_a_submitted_initiative_and_its_innovator_reads_it(
    page, browser, live_server, browser_problems
):
    staff = UserFactory(
        email=STAFF_EMAIL, first_name="Sam", last_name="Durand", roles=[roles.STAFF]
    )
    innovator = UserFactory(email=INNOVATOR_EMAIL, first_name="Alice", roles=[roles.INNOVATOR])
    organisation = OrganisationFactory(name="Garage Solidaire Roubaix", members=[innovator])
    # Submitted in Hauts-de-France (32): in the Nord (59) and in the Somme (80).
    target = initiative_in(
        "59", stage=Stage.SUBMITTED, title=TITLE, owner=innovator, carrier=organisation
    )
    initiative_in("80", stage=Stage.SUBMITTED, title="Épicerie d'insertion d'Amiens")
    # Submitted elsewhere: the Rhône (69), in Auvergne-Rhône-Alpes (84).
    initiative_in("69", stage=Stage.SUBMITTED, title="Conciergerie solidaire de Lyon")
    # In Hauts-de-France, but at another stage.
    initiative_in("59", stage=Stage.IDENTIFIED, title="Ressourcerie de Lille")
    region = Territory.objects.get(kind=Territory.Kind.REGION, code="32")

    # The staff member logs in and lands on the board, which lists all four.
    log_in(page, STAFF_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(page).get_by_role("link", name="Suivi des initiatives").click()
    expect(page).to_have_url(re.compile(r"/suivi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suivi des initiatives")
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(1 + 4)

    # Filtered to the submitted initiatives of Hauts-de-France.
    filters = page.get_by_role("form", name="Filtres")
    filters.get_by_label("Étape", exact=True).select_option(label="Soumise")
    filters.get_by_label("Région", exact=True).select_option(label="Hauts-de-France")
    filters.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"[?&]stage=submitted(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]region={region.pk}(&|$)"))
    expect(page.get_by_text("2 initiatives", exact=True)).to_be_visible()
    rows = table.get_by_role("row")
    expect(rows).to_have_count(1 + 2)
    titles = [row.get_by_role("link").first for row in rows.all()[1:]]
    assert sorted(link.inner_text() for link in titles) == sorted(
        [TITLE, "Épicerie d'insertion d'Amiens"]
    )
    expect(filters.get_by_label("Étape", exact=True)).to_have_value("submitted")
    expect(filters.get_by_label("Région", exact=True)).to_have_value(str(region.pk))
    row = rows.filter(has=page.get_by_role("link", name=TITLE))
    expect(row).to_contain_text("Garage Solidaire Roubaix")
    expect(row).to_contain_text("Nord")
    expect(row).to_contain_text("Soumise")

    # The initiative's file.
    row.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{target.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".page-header .stage")).to_have_text("Soumise")

    # "Repérer": the scorecard and the message to the innovator.
    page.locator("summary", has_text=re.compile(r"^\s*Repérer\s*$")).click()
    action = page.locator("form").filter(has=page.get_by_role("button", name="Confirmer : Repérer"))
    expect(action.get_by_role("group", name=re.compile("Grille de repérage"))).to_be_visible()
    total = action.locator(".scorecard__total")
    expect(total).to_have_text("Total : 0 / 15")
    typed = 0
    for criterion, (score, comment) in SCORECARD.items():
        # Each criterion's row: its score, then a comment labelled "Commentaire".
        criterion_row = action.locator(".scorecard__row").filter(
            has=field(page, str(criterion.label))
        )
        field(criterion_row, str(criterion.label)).select_option(str(score))
        criterion_row.get_by_label("Commentaire").fill(comment)
        typed += score
        expect(total).to_have_text(f"Total : {typed} / 15")  # kept up to date as it is scored
    field(action, "Message au porteur de projet (facultatif)").fill(MESSAGE)

    # Confirmed, by htmx: the page is not reloaded.
    page.evaluate("window.essaimMarker = 'toujours là'")
    with page.expect_response(
        lambda response: (
            response.request.method == "POST"
            and response.url.endswith(f"/suivi/initiatives/{target.pk}/etapes/identify/")
        ),
        timeout=TIMEOUT_MS,
    ) as posted:
        action.get_by_role("button", name="Confirmer : Repérer").click()
    assert posted.value.ok
    assert posted.value.request.headers.get("hx-request") == "true"
    expect(page.get_by_role("status")).to_contain_text(
        "« Repérer » : fait. L'initiative est maintenant à l'étape « Repérée »."
    )
    expect(page.locator(".page-header .stage")).to_have_text("Repérée")
    expect(page.get_by_role("button", name="Confirmer : Repérer")).to_have_count(0)
    assert page.evaluate("window.essaimMarker") == "toujours là"

    # The timeline reloads itself with the change and the message.
    timeline = page.get_by_role("region", name="Historique")
    expect(timeline).to_contain_text("Soumise → Repérée")
    expect(timeline).to_contain_text(MESSAGE)
    expect(timeline).to_contain_text("Sam Durand")
    assert page.evaluate("window.essaimMarker") == "toujours là"

    # What the database holds.
    target.refresh_from_db()
    assert target.stage == Stage.IDENTIFIED
    scores = IdentificationScore.objects.filter(initiative=target)
    assert {s.criterion: (s.score, s.comment) for s in scores} == {
        criterion.value: typed for criterion, typed in SCORECARD.items()
    }
    assert all(s.scored_by == staff for s in scores)
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative), object_id=target.pk
    )
    assert [(log.source_state, log.state, log.by, log.description) for log in logs] == [
        ("submitted", "identified", staff, MESSAGE)
    ]
    assert Initiative.objects.filter(stage=Stage.SUBMITTED).count() == 2

    # The innovator, in a browser of their own.
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    try:
        context.set_default_timeout(TIMEOUT_MS)
        innovator_page = context.new_page()
        browser_problems.watch(innovator_page)
        log_in(innovator_page, INNOVATOR_EMAIL)
        expect(innovator_page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
        nav(innovator_page).get_by_role("link", name="Mes initiatives").click()
        expect(innovator_page).to_have_url(re.compile(r"/mes-initiatives/$"))
        expect(innovator_page.get_by_role("heading", level=1)).to_have_text("Mes initiatives")
        card = innovator_page.get_by_role("listitem").filter(
            has=innovator_page.get_by_role("heading", name=TITLE)
        )
        expect(card).to_have_count(1)
        expect(card.locator(".stage")).to_have_text("Repérée")

        card.get_by_role("link", name=TITLE).click()
        expect(innovator_page).to_have_url(re.compile(rf"/mes-initiatives/{target.pk}/$"))
        expect(innovator_page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(innovator_page.locator(".page-header .stage")).to_have_text("Repérée")
        history = innovator_page.get_by_role("region", name="Historique")
        expect(history).to_contain_text("Soumise → Repérée")
        expect(history).to_contain_text(MESSAGE)
    finally:
        context.close()

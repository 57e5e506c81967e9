"""The whole way of the evidence, in the browser: a chargée de mission plans an evaluation of
an identified initiative and starts the initiative's evaluation; the evaluator starts it,
records the results, an impact result and the report, and hands the report in; a committee
member rates the evidence; staff close the evaluation; the committee member validates the
initiative; its innovator reads "Validée" and "Fondé sur la preuve".

Each person has a browser of their own (a context: their own cookies)."""

import re

from playwright.sync_api import expect

from accelerator import roles
from evaluations.models import Design, Direction, Evaluation, Kind, State
from initiatives.models import Initiative, Stage
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory

from .helpers import field, log_in, logs_of, nav, one_page_pdf, summary

STAFF_EMAIL = "sam.durand@ansa.fr"
EVALUATOR_EMAIL = "eve.lambert@cabinet-evaluation.fr"
COMMITTEE_EMAIL = "colette.fournier@comite-ansa.fr"
INNOVATOR_EMAIL = "alice.petit@garage-solidaire.fr"
EVALUATOR_NAME = "Eve Lambert"
COMMITTEE_NAME = "Colette Fournier"
TITLE = "Garage solidaire de Roubaix"
QUESTIONS = "Le garage solidaire augmente-t-il l'accès à l'emploi durable ?"
COMMISSIONER = "Département du Nord"
SUMMARY = "Effet net de 12 points sur l'emploi durable à 12 mois."
INDICATOR = "Emploi durable à 12 mois"
RATING_RATIONALE = "Groupe de comparaison apparié solide, attrition faible : causalité établie."
VALIDATION_RATIONALE = "Preuve de causalité, coûts connus : l'initiative peut essaimer."


PDF = one_page_pdf("Rapport d'evaluation")


def test_from_the_plan_to_the_evidence_based_label(page, new_page):
    staff = UserFactory(
        email=STAFF_EMAIL, first_name="Sam", last_name="Durand", roles=[roles.STAFF]
    )
    evaluator = UserFactory(
        email=EVALUATOR_EMAIL, first_name="Eve", last_name="Lambert", roles=[roles.EVALUATOR]
    )
    committee = UserFactory(
        email=COMMITTEE_EMAIL, first_name="Colette", last_name="Fournier", roles=[roles.COMMITTEE]
    )
    innovator = UserFactory(
        email=INNOVATOR_EMAIL, first_name="Alice", last_name="Petit", roles=[roles.INNOVATOR]
    )
    organisation = OrganisationFactory(name="Garage Solidaire Roubaix", members=[innovator])
    initiative = InitiativeFactory(
        complete=True,
        stage=Stage.IDENTIFIED,
        title=TITLE,
        owner=innovator,
        carrier=organisation,
    )

    # 1. The chargée de mission opens the initiative's file from the board.
    log_in(page, STAFF_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(page).get_by_role("link", name="Suivi des initiatives").click()
    expect(page).to_have_url(re.compile(r"/suivi/$"))
    page.get_by_role("table").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    expect(page.locator(".page-header .stage")).to_have_text("Repérée")
    evaluations = page.get_by_role("region", name="Évaluations")
    expect(evaluations).to_contain_text("Aucune évaluation planifiée.")

    # She plans an impact evaluation, by the evaluator, independent.
    evaluations.get_by_role("link", name="Planifier une évaluation").click()
    expect(page).to_have_url(
        re.compile(rf"/suivi/initiatives/{initiative.pk}/evaluations/nouvelle/$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Planifier une évaluation")
    page.get_by_role("radio", name=re.compile(r"^Évaluation d'impact")).check()
    field(page, "Questions évaluatives").fill(QUESTIONS)
    page.get_by_role("radio", name=re.compile(r"^Doubles différences ou appariement")).check()
    field(page, "Commanditaire").fill(COMMISSIONER)
    field(page, "Évaluateur·rice").select_option(label=EVALUATOR_NAME)
    page.get_by_label("Évaluation indépendante").check()
    page.get_by_role("button", name="Planifier l'évaluation").click()

    expect(page).to_have_url(re.compile(r"/evaluations/\d+/$"))
    evaluation = Evaluation.objects.get()
    expect(page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Évaluation planifiée.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation d'impact")
    expect(page.locator(".page-header .state")).to_have_text("Planifiée")
    plan = page.get_by_role("region", name="Le plan")
    expect(plan).to_contain_text(QUESTIONS)
    expect(plan).to_contain_text("Doubles différences ou appariement · niveau SMS 3")
    expect(plan).to_contain_text(COMMISSIONER)
    expect(plan).to_contain_text(f"{EVALUATOR_NAME} · indépendante")

    # Back on the file, she starts the initiative's evaluation (by htmx).
    page.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    evaluations = page.get_by_role("region", name="Évaluations")
    expect(evaluations.get_by_role("link", name="Évaluation d'impact")).to_be_visible()
    expect(evaluations).to_contain_text(EVALUATOR_NAME)
    expect(evaluations).to_contain_text("Planifiée")
    summary(page, "Lancer l'évaluation").click()
    page.get_by_role("button", name="Confirmer : Lancer l'évaluation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Lancer l'évaluation » : fait. L'initiative est maintenant à l'étape « En évaluation »."
    )
    expect(page.locator(".page-header .stage")).to_have_text("En évaluation")

    # 2. The evaluator finds the evaluation under "Évaluations" and starts it.
    evaluator_page = new_page()
    log_in(evaluator_page, EVALUATOR_EMAIL)
    nav(evaluator_page).get_by_role("link", name="Évaluations").click()
    expect(evaluator_page).to_have_url(re.compile(r"/evaluations/$"))
    expect(evaluator_page.get_by_role("heading", level=1)).to_have_text("Mes évaluations")
    row = evaluator_page.get_by_role("row").filter(
        has=evaluator_page.get_by_role("link", name=TITLE)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Évaluation d'impact")
    expect(row).to_contain_text("Doubles différences ou appariement")
    expect(row).to_contain_text("Planifiée")
    row.get_by_role("link", name=TITLE).click()
    expect(evaluator_page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/$"))
    summary(evaluator_page, "Démarrer l'évaluation").click()
    evaluator_page.get_by_role("button", name="Confirmer : Démarrer l'évaluation").click()
    expect(evaluator_page.get_by_role("status")).to_contain_text(
        "« Démarrer l'évaluation » : fait. L'évaluation est maintenant « En cours »."
    )
    expect(evaluator_page.locator(".page-header .state")).to_have_text("En cours")

    # The results.
    results = evaluator_page.get_by_role("region", name="Résultats")
    field(results, "Effectif du groupe bénéficiaire").fill("240")
    field(results, "Effectif du groupe de comparaison").fill("260")
    field(results, "Nombre de sites").fill("3")
    field(results, "Coût par bénéficiaire (€)").fill("1800")
    field(results, "Synthèse des résultats").fill(SUMMARY)
    results.get_by_role("button", name="Enregistrer").click()
    expect(evaluator_page.get_by_role("status")).to_contain_text("Résultats enregistrés.")
    results = evaluator_page.get_by_role("region", name="Résultats")
    expect(field(results, "Effectif du groupe bénéficiaire")).to_have_value("240")
    expect(field(results, "Synthèse des résultats")).to_have_value(SUMMARY)

    # An impact result, with its confidence interval.
    outcomes = evaluator_page.get_by_role("region", name="Indicateurs de résultat")
    expect(outcomes).to_contain_text("Aucun résultat enregistré.")
    field(outcomes, "Indicateur").fill(INDICATOR)
    field(outcomes, "Horizon").fill("12 mois après l'entrée")
    outcomes.get_by_role("radio", name="Positif").check()
    field(outcomes, "Taille d'effet").fill("0.12")
    field(outcomes, "Borne basse de l'intervalle de confiance").fill("0.05")
    field(outcomes, "Borne haute de l'intervalle de confiance").fill("0.19")
    field(outcomes, "Unité").fill("points de %")
    outcomes.get_by_role("button", name="Ajouter le résultat").click()
    added = f"Résultat « {INDICATOR} » ajouté."
    expect(evaluator_page.get_by_role("status")).to_contain_text(added)
    outcome_row = (
        evaluator_page.get_by_role("region", name="Indicateurs de résultat")
        .get_by_role("row")
        .filter(has_text=INDICATOR)
    )
    expect(outcome_row).to_have_count(1)
    expect(outcome_row).to_contain_text("12 mois après l'entrée")
    # French decimals; the trailing zero of the stored precision (3 places) may show.
    expect(outcome_row).to_contain_text(re.compile(r"0,120? \[0,050? ; 0,190?\] points de %"))
    expect(outcome_row).to_contain_text("Positif")

    # The report, a PDF.
    report = evaluator_page.get_by_role("region", name="Rapport")
    expect(report).to_contain_text("Pas encore de rapport.")
    field(report, "Rapport d'évaluation").set_input_files(
        {"name": "rapport-garage-solidaire.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    report.get_by_role("button", name="Déposer le rapport").click()
    expect(evaluator_page.get_by_role("status")).to_contain_text("Rapport déposé.")
    report = evaluator_page.get_by_role("region", name="Rapport")
    expect(report.get_by_role("link", name="Télécharger le rapport (PDF)")).to_be_visible()

    # Handed in: the results can no longer be changed.
    summary(evaluator_page, "Remettre le rapport").click()
    evaluator_page.get_by_role("button", name="Confirmer : Remettre le rapport").click()
    expect(evaluator_page.get_by_role("status")).to_contain_text(
        "« Remettre le rapport » : fait. L'évaluation est maintenant « Rapport remis »."
    )
    expect(evaluator_page.locator(".page-header .state")).to_have_text("Rapport remis")
    results = evaluator_page.get_by_role("region", name="Résultats")
    expect(results).to_contain_text("240 bénéficiaires · 260 en comparaison")
    expect(results).to_contain_text(SUMMARY)
    expect(results.get_by_role("button", name="Enregistrer")).to_have_count(0)
    expect(evaluator_page.get_by_role("button", name="Ajouter le résultat")).to_have_count(0)
    expect(evaluator_page.get_by_role("button", name="Déposer le rapport")).to_have_count(0)
    expect(evaluator_page.locator("summary")).to_have_count(0)

    # 3. A committee member finds it among the evaluations to rate, reads the report and
    # rates the evidence.
    committee_page = new_page()
    log_in(committee_page, COMMITTEE_EMAIL)
    expect(committee_page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(committee_page).get_by_role("link", name="Évaluations").click()
    expect(committee_page).to_have_url(re.compile(r"/evaluations/$"))
    expect(committee_page.get_by_role("heading", level=1)).to_have_text("Évaluations à noter")
    row = committee_page.get_by_role("row").filter(
        has=committee_page.get_by_role("link", name=TITLE)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(EVALUATOR_NAME)
    expect(row).to_contain_text("Rapport remis")
    row.get_by_role("link", name=TITLE).click()
    expect(committee_page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/$"))
    expect(committee_page.get_by_role("region", name="Résultats")).to_contain_text(SUMMARY)
    with committee_page.expect_download() as download:
        committee_page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    assert download.value.suggested_filename == f"rapport-evaluation-{evaluation.pk}.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF

    summary(committee_page, "Noter la preuve").click()
    rating_form = committee_page.locator("form").filter(
        has=committee_page.get_by_role("button", name="Confirmer : Noter la preuve")
    )
    expect(rating_form).to_contain_text("Niveau SMS (Maryland) d'après le protocole : 3")
    rating_form.get_by_role("radio", name=re.compile(r"^Niveau 3")).check()
    field(rating_form, "Justification").fill(RATING_RATIONALE)
    rating_form.get_by_role("button", name="Confirmer : Noter la preuve").click()
    expect(committee_page.get_by_role("status")).to_contain_text(
        "« Noter la preuve » : fait. L'évaluation est maintenant « Notée »."
    )
    expect(committee_page.locator(".page-header .state")).to_have_text("Notée")
    rating = committee_page.get_by_role("region", name="Notation du comité")
    expect(rating).to_contain_text("Niveau 3 : causalité")
    expect(rating).to_contain_text("Fondé sur la preuve")
    expect(rating).to_contain_text(f"Par {COMMITTEE_NAME}")
    expect(rating).to_contain_text(RATING_RATIONALE)

    # 4. The chargée de mission closes the initiative's evaluation on its file.
    page.reload()
    evaluations = page.get_by_role("region", name="Évaluations")
    expect(evaluations).to_contain_text("Notée")
    expect(evaluations).to_contain_text("Niveau 3 : causalité")
    summary(page, "Clore l'évaluation").click()
    page.get_by_role("button", name="Confirmer : Clore l'évaluation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Clore l'évaluation » : fait. L'initiative est maintenant à l'étape « Évaluée »."
    )
    expect(page.locator(".page-header .stage")).to_have_text("Évaluée")
    expect(page.locator(".evidence")).to_contain_text("Niveau de preuve atteint : 3 sur 5")
    expect(page.locator(".evidence")).to_contain_text("Fondé sur la preuve")

    # 5. The committee member validates the initiative, from the evaluation to its file.
    committee_page.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    expect(committee_page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    expect(committee_page.locator(".page-header .stage")).to_have_text("Évaluée")
    summary(committee_page, "Valider").click()
    validation = committee_page.locator("form").filter(
        has=committee_page.get_by_role("button", name="Confirmer : Valider")
    )
    field(validation, "Motif (visible par le porteur de projet)").fill(VALIDATION_RATIONALE)
    validation.get_by_role("button", name="Confirmer : Valider").click()
    expect(committee_page.get_by_role("status")).to_contain_text(
        "« Valider » : fait. L'initiative est maintenant à l'étape « Validée »."
    )
    expect(committee_page.locator(".page-header .stage")).to_have_text("Validée")
    timeline = committee_page.get_by_role("region", name="Historique")
    expect(timeline).to_contain_text("Évaluée → Validée")
    expect(timeline).to_contain_text(VALIDATION_RATIONALE)

    # 6. The innovator reads the validation and the label on the initiative's page.
    innovator_page = new_page()
    log_in(innovator_page, INNOVATOR_EMAIL)
    expect(innovator_page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(innovator_page).get_by_role("link", name="Mes initiatives").click()
    expect(innovator_page).to_have_url(re.compile(r"/mes-initiatives/$"))
    card = innovator_page.get_by_role("listitem").filter(
        has=innovator_page.get_by_role("heading", name=TITLE)
    )
    expect(card.locator(".stage")).to_have_text("Validée")
    card.get_by_role("link", name=TITLE).click()
    expect(innovator_page).to_have_url(re.compile(rf"/mes-initiatives/{initiative.pk}/$"))
    expect(innovator_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(innovator_page.locator(".page-header .stage")).to_have_text("Validée")
    evidence = innovator_page.locator(".evidence")
    expect(evidence).to_contain_text("Niveau de preuve atteint : 3 sur 5")
    expect(evidence.get_by_text("Fondé sur la preuve", exact=True)).to_be_visible()
    history = innovator_page.get_by_role("region", name="Historique")
    expect(history).to_contain_text("Évaluée → Validée")
    expect(history).to_contain_text(VALIDATION_RATIONALE)

    # What the database holds.
    evaluation.refresh_from_db()
    assert evaluation.kind == Kind.IMPACT
    assert evaluation.design == Design.DIFFERENCE_IN_DIFFERENCES
    assert evaluation.questions == QUESTIONS
    assert evaluation.commissioner == COMMISSIONER
    assert evaluation.evaluator == evaluator
    assert evaluation.independent
    assert evaluation.planned_by == staff
    assert (evaluation.treated_size, evaluation.comparison_size, evaluation.sites) == (240, 260, 3)
    assert evaluation.cost_per_beneficiary == 1800
    assert evaluation.summary == SUMMARY
    with evaluation.report.open("rb") as stored:
        assert stored.read() == PDF
    assert [
        (o.indicator, o.direction, str(o.effect_size), str(o.ci_low), str(o.ci_high), o.unit)
        for o in evaluation.outcomes.all()
    ] == [(INDICATOR, Direction.POSITIVE, "0.120", "0.050", "0.190", "points de %")]
    assert evaluation.state == State.RATED
    assert evaluation.submitted_at is not None
    assert evaluation.rating.nesta_level == 3
    assert evaluation.rating.sms_level == 3
    assert evaluation.rating.rater == committee
    assert evaluation.rating.rationale == RATING_RATIONALE
    assert logs_of(evaluation) == [
        ("planned", "in_progress", evaluator, ""),
        ("in_progress", "report_submitted", evaluator, ""),
        ("report_submitted", "rated", committee, RATING_RATIONALE),
    ]

    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.stage == Stage.VALIDATED
    assert initiative.evidence_level == 3
    assert initiative.evidence_based
    assert logs_of(initiative) == [
        ("identified", "in_evaluation", staff, ""),
        ("in_evaluation", "evaluated", staff, ""),
        ("evaluated", "validated", committee, VALIDATION_RATIONALE),
    ]

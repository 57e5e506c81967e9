"""The whole way of essaimage, in the browser: a chargée de mission and the innovator write
the kit d'essaimage of a validated initiative together, the innovator gives the carrier's
consent, staff publish the kit and open essaimage; a partner organisation signs up and
declares its interest; staff move the replication up to "Lancée"; the partner reports a
milestone and a measure of the kit's shared indicator, which staff read on the initiative's
file next to the original's result.

Each person has a browser of their own (a context: their own cookies)."""

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from accelerator import roles
from accelerator.models import User
from initiatives.models import Initiative, Organisation, Stage, Territory
from swarming.models import (
    KitState,
    Replication,
    ReplicationState,
    SpreadingConsent,
    Strategy,
    TransferKit,
)
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory

from .helpers import field, log_in, logs_of, nav, summary

STAFF_EMAIL = "sam.durand@ansa.fr"
INNOVATOR_EMAIL = "alice.petit@garage-solidaire.fr"
PARTNER_EMAIL = "paul.leroy@mobilite-artois.fr"
PARTNER_PASSWORD = "Garage-Artois-Solidaire-2026"
INNOVATOR_NAME = "Alice Petit"
TITLE = "Garage solidaire de Roubaix"
CARRIER = "Garage Solidaire Roubaix"
PARTNER_ORGANISATION = "Mobilité Solidaire Artois"

PROJECT_SHEET = "Un garage associatif répare à prix solidaire les voitures des demandeurs d'emploi."
THEORY_OF_CHANGE = "Une voiture en état de rouler rend accessibles les emplois hors des villes."
GUIDE = "Le parcours : diagnostic de mobilité, devis solidaire, réparation, suivi à 6 mois."
ECONOMIC_MODEL = "Un tiers de recettes de réparation, deux tiers de subventions publiques."
SUCCESS_CONDITIONS = "Un mécanicien encadrant et un partenariat avec France Travail."
LICENCE = "Licence Creative Commons BY-SA ; convention de deux ans avec la structure porteuse."
INVARIANT = "Un diagnostic de mobilité avant toute réparation"
INVARIANT_WHY = "Sans lui, le garage répare des voitures qui ne mènent pas à l'emploi."
INDICATOR = "Taux d'emploi à 6 mois"
REFERENCE_NOTE = "Évaluation d'impact 2025, à 6 mois de la réparation"
TERMS = "Diffusion libre de la méthode et des outils, formation des structures partenaires."
MOTIVATION = "Nos bénéficiaires du Pas-de-Calais rural n'ont pas de solution de mobilité."
MILESTONE = "Premier véhicule réparé"


def test_from_the_kit_to_a_launched_replication(page, new_page):
    staff = UserFactory(
        email=STAFF_EMAIL, first_name="Sam", last_name="Durand", roles=[roles.STAFF]
    )
    innovator = UserFactory(
        email=INNOVATOR_EMAIL, first_name="Alice", last_name="Petit", roles=[roles.INNOVATOR]
    )
    carrier = OrganisationFactory(name=CARRIER, members=[innovator])
    initiative = InitiativeFactory(
        complete=True, stage=Stage.VALIDATED, title=TITLE, owner=innovator, carrier=carrier
    )
    today = timezone.localdate()
    signed_on = today - timedelta(days=30)
    reached_on = today - timedelta(days=10)
    measured_on = today - timedelta(days=3)

    # 1. The chargée de mission opens the initiative's file and starts its kit.
    log_in(page, STAFF_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(page).get_by_role("link", name="Suivi des initiatives").click()
    expect(page).to_have_url(re.compile(r"/suivi/$"))
    page.get_by_role("table").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    expect(page.locator(".page-header .stage")).to_have_text("Validée")
    kits = page.get_by_role("region", name="Kit d'essaimage")
    expect(kits).to_contain_text("Le kit d'essaimage n'est pas encore commencé.")
    expect(kits).to_contain_text(
        "La structure porteuse n'a pas encore donné son accord à l'essaimage."
    )
    # Too early to open essaimage: no published kit, no consent; the file says why.
    summary(page, "Ouvrir l'essaimage").click()
    page.get_by_role("button", name="Confirmer : Ouvrir l'essaimage").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Aucun kit d'essaimage n'est publié.")
    expect(status).to_contain_text("La structure porteuse n'a pas donné son accord à l'essaimage.")
    expect(page.locator(".page-header .stage")).to_have_text("Validée")
    kits.get_by_role("button", name="Commencer le kit").click()

    kit = TransferKit.objects.get()
    expect(page).to_have_url(re.compile(rf"/essaimage/kits/{kit.pk}/modifier/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Le kit d'essaimage est commencé (version 1)."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rédiger le kit d'essaimage, version 1"
    )
    field(page, "Fiche projet").fill(PROJECT_SHEET)
    field(page, "Théorie du changement").fill(THEORY_OF_CHANGE)
    field(page, "Guide méthodologique").fill(GUIDE)
    field(page, "Modèle économique").fill(ECONOMIC_MODEL)
    field(page, "Conditions de réussite").fill(SUCCESS_CONDITIONS)
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    expect(page).to_have_url(re.compile(rf"/essaimage/kits/{kit.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("Brouillon du kit enregistré.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kit d'essaimage, version 1")
    expect(page.locator(".page-header .state")).to_have_text("Brouillon")
    sections = page.get_by_role("region", name="Rubriques")
    expect(sections).to_contain_text(PROJECT_SHEET)
    expect(sections).to_contain_text(SUCCESS_CONDITIONS)

    # An invariant of the method.
    invariants = page.get_by_role("region", name="Invariants de la méthode")
    expect(invariants).to_contain_text("Aucun invariant.")
    summary(page, "Ajouter un invariant").click()
    field(invariants, "Invariant").fill(INVARIANT)
    field(invariants, "Description").fill(INVARIANT_WHY)
    invariants.get_by_role("button", name="Ajouter l'invariant").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invariant « {INVARIANT} » ajouté.")
    expect(page.get_by_role("region", name="Invariants de la méthode")).to_contain_text(INVARIANT)

    # A shared indicator, with the original initiative's result.
    indicators = page.get_by_role("region", name="Indicateurs de suivi partagés")
    expect(indicators).to_contain_text("Aucun indicateur chiffré.")
    summary(page, "Ajouter un indicateur").click()
    field(indicators, "Indicateur").fill(INDICATOR)
    field(indicators, "Unité").fill("%")
    field(indicators, "Résultat de l'initiative d'origine").fill("62")
    field(indicators, "Source du résultat d'origine").fill(REFERENCE_NOTE)
    indicators.get_by_role("button", name="Ajouter l'indicateur").click()
    expect(page.get_by_role("status")).to_contain_text(f"Indicateur « {INDICATOR} » ajouté.")
    indicator_row = (
        page.get_by_role("region", name="Indicateurs de suivi partagés")
        .get_by_role("row")
        .filter(has_text=INDICATOR)
    )
    expect(indicator_row).to_have_count(1)
    expect(indicator_row).to_contain_text("62 %")
    expect(indicator_row).to_contain_text(REFERENCE_NOTE)

    # Not publishable yet: the licence is missing (the innovator writes it).
    summary(page, "Publier cette version").click()
    expect(page.locator(".form-errors")).to_contain_text(
        "Pour publier le kit, complétez : licence et conditions de convention."
    )

    # 2. The innovator opens the same draft from the initiative's page and writes the
    # licence, then gives the carrier's consent.
    innovator_page = new_page()
    log_in(innovator_page, INNOVATOR_EMAIL)
    expect(innovator_page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    nav(innovator_page).get_by_role("link", name="Mes initiatives").click()
    expect(innovator_page).to_have_url(re.compile(r"/mes-initiatives/$"))
    innovator_page.get_by_role("link", name=TITLE).click()
    expect(innovator_page).to_have_url(re.compile(rf"/mes-initiatives/{initiative.pk}/$"))
    expect(innovator_page.locator(".page-header .stage")).to_have_text("Validée")
    panel = innovator_page.get_by_role("region", name="Essaimage : le kit et votre accord")
    expect(panel.get_by_role("link", name="Version 1")).to_be_visible()
    expect(panel).to_contain_text("Brouillon")
    panel.get_by_role("link", name="Rédiger ce brouillon avec l'équipe de l'accélérateur").click()
    expect(innovator_page).to_have_url(re.compile(rf"/essaimage/kits/{kit.pk}/modifier/$"))
    expect(field(innovator_page, "Fiche projet")).to_have_value(PROJECT_SHEET)
    field(innovator_page, "Licence et conditions de convention").fill(LICENCE)
    innovator_page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(innovator_page).to_have_url(re.compile(rf"/essaimage/kits/{kit.pk}/$"))
    expect(innovator_page.get_by_role("status")).to_contain_text("Brouillon du kit enregistré.")
    expect(innovator_page.get_by_role("region", name="Rubriques")).to_contain_text(LICENCE)
    # Staff publish, not the innovator.
    expect(summary(innovator_page, "Publier cette version")).to_have_count(0)

    innovator_page.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    expect(innovator_page).to_have_url(re.compile(rf"/mes-initiatives/{initiative.pk}/$"))
    panel = innovator_page.get_by_role("region", name="Essaimage : le kit et votre accord")
    panel.get_by_role("link", name="Donner mon accord à l'essaimage").click()
    expect(innovator_page).to_have_url(
        re.compile(rf"/essaimage/initiatives/{initiative.pk}/accord/$")
    )
    expect(innovator_page.get_by_role("heading", level=1)).to_have_text("Accord à l'essaimage")
    field(innovator_page, "Conditions de l'accord").fill(TERMS)
    innovator_page.get_by_label(re.compile(r"^Je donne, au nom de la structure porteuse")).check()
    innovator_page.get_by_role("button", name="Donner mon accord").click()
    expect(innovator_page).to_have_url(re.compile(rf"/mes-initiatives/{initiative.pk}/$"))
    expect(innovator_page.get_by_role("status")).to_contain_text(
        "Votre accord à l'essaimage est enregistré. Merci !"
    )
    panel = innovator_page.get_by_role("region", name="Essaimage : le kit et votre accord")
    expect(panel).to_contain_text(f"Accord à l'essaimage donné par {INNOVATOR_NAME} le")
    expect(panel.get_by_role("link", name="Donner mon accord à l'essaimage")).to_have_count(0)

    # 3. Staff publish the version, then open essaimage on the file.
    page.reload()
    expect(page.get_by_role("region", name="Rubriques")).to_contain_text(LICENCE)
    summary(page, "Publier cette version").click()
    expect(page.locator(".form-errors")).to_have_count(0)
    page.get_by_role("button", name="Confirmer : Publier cette version").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Publier cette version » : fait. La version 1 du kit est maintenant « Publiée »."
    )
    expect(page.locator(".page-header .state")).to_have_text("Publiée")
    expect(page.get_by_role("link", name="Rédiger les rubriques")).to_have_count(0)
    expect(summary(page, "Ajouter un invariant")).to_have_count(0)

    page.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    kits = page.get_by_role("region", name="Kit d'essaimage")
    expect(kits).to_contain_text("Publiée")
    expect(kits).to_contain_text(f"Accord à l'essaimage donné par {INNOVATOR_NAME} le")
    summary(page, "Ouvrir l'essaimage").click()
    page.get_by_role("button", name="Confirmer : Ouvrir l'essaimage").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Ouvrir l'essaimage » : fait. L'initiative est maintenant à l'étape « En essaimage »."
    )
    expect(page.locator(".page-header .stage")).to_have_text("En essaimage")

    # 4. A partner organisation signs up, from the home page.
    partner_page = new_page()
    partner_page.goto("/")
    partner_page.get_by_role("link", name="Créer un compte partenaire").click()
    expect(partner_page).to_have_url(re.compile(r"/partenaires/inscription/$"))
    expect(partner_page.get_by_role("heading", level=1)).to_have_text("Créer un compte partenaire")
    partner_page.get_by_label("Adresse e-mail").fill(PARTNER_EMAIL)
    field(partner_page, "Prénom").fill("Paul")
    field(partner_page, "Nom").fill("Leroy")
    field(partner_page, "Mot de passe").fill(PARTNER_PASSWORD)
    field(partner_page, "Confirmation du mot de passe").fill(PARTNER_PASSWORD)
    field(partner_page, "Nom de la structure").fill(PARTNER_ORGANISATION)
    field(partner_page, "Forme juridique").select_option(label="Association loi 1901")
    field(partner_page, "Département du siège").select_option(label="Pas-de-Calais (62)")
    partner_page.get_by_role("button", name="Créer mon compte partenaire").click()

    expect(partner_page).to_have_url(re.compile(r"/partenaires/$"))
    expect(partner_page.get_by_role("status")).to_contain_text(
        "Bienvenue Paul ! Votre compte partenaire est créé"
    )
    expect(nav(partner_page).get_by_role("link", name="Espace partenaires")).to_be_visible()
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(
        "Initiatives ouvertes à l'essaimage"
    )
    expect(partner_page.get_by_text("1 initiative ouverte à l'essaimage")).to_be_visible()
    card = partner_page.get_by_role("listitem").filter(
        has=partner_page.get_by_role("heading", name=TITLE)
    )
    expect(card).to_contain_text(CARRIER)
    expect(card).to_contain_text(PROJECT_SHEET)
    expect(card).to_contain_text("kit d'essaimage, version 1")
    # (French puts 0 in the singular; without a French catalog, gettext says "réplications".)
    expect(card).to_contain_text(re.compile(r"0 réplications? en cours"))
    card.get_by_role("link", name=TITLE).click()

    expect(partner_page).to_have_url(re.compile(rf"/partenaires/initiatives/{initiative.pk}/$"))
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    kit_panel = partner_page.get_by_role("region", name="Le kit d'essaimage (version 1)")
    expect(kit_panel).to_contain_text(PROJECT_SHEET)
    expect(kit_panel).to_contain_text(INVARIANT)
    expect(kit_panel.get_by_role("row").filter(has_text=INDICATOR)).to_contain_text("62 %")

    # It declares its interest.
    interest = partner_page.get_by_role("region", name="Déclarer votre intérêt")
    expect(field(interest, "Structure partenaire")).to_have_value(
        str(Organisation.objects.get(name=PARTNER_ORGANISATION).pk)
    )
    field(interest, "Territoire de la réplication").select_option(label="Pas-de-Calais (62)")
    interest.get_by_role("radio", name=re.compile(r"^Fertilisation formelle")).check()
    field(interest, "Motivation").fill(MOTIVATION)
    interest.get_by_role("button", name="Déclarer notre intérêt").click()

    expect(partner_page).to_have_url(re.compile(r"/essaimage/replications/\d+/$"))
    replication = Replication.objects.get()
    expect(partner_page).to_have_url(re.compile(rf"/essaimage/replications/{replication.pk}/$"))
    expect(partner_page.get_by_role("status")).to_contain_text(
        f"Votre intérêt pour « {TITLE} » est enregistré"
    )
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(f"Réplication de « {TITLE} »")
    expect(partner_page.locator(".page-header .state")).to_have_text("Intérêt déclaré")
    facts = partner_page.get_by_role("region", name="La réplication")
    expect(facts).to_contain_text(PARTNER_ORGANISATION)
    expect(facts).to_contain_text("Pas-de-Calais (62)")
    expect(facts).to_contain_text("Fertilisation formelle")
    expect(facts).to_contain_text(MOTIVATION)
    # Staff move it along, not the partner; reports come once the agreement is signed.
    expect(partner_page.locator("summary")).to_have_count(0)
    expect(partner_page.get_by_role("button", name="Enregistrer le jalon")).to_have_count(0)
    expect(partner_page.get_by_text("une fois la convention signée")).to_be_visible()

    # 5. Staff find it under "Réplications" and move it up to "Lancée".
    nav(page).get_by_role("link", name="Réplications").click()
    expect(page).to_have_url(re.compile(r"/suivi/replications/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Réplications")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PARTNER_ORGANISATION)
    expect(row).to_contain_text("Pas-de-Calais (62)")
    expect(row).to_contain_text("Fertilisation formelle")
    expect(row).to_contain_text("Intérêt déclaré")
    row.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/essaimage/replications/{replication.pk}/$"))
    expect(page.locator(".page-header .state")).to_have_text("Intérêt déclaré")

    summary(page, "Convention signée").click()
    agreement = page.locator("form").filter(
        has=page.get_by_role("button", name="Confirmer : Convention signée")
    )
    field(agreement, "Convention signée le").fill(signed_on.isoformat())
    agreement.get_by_role("button", name="Confirmer : Convention signée").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Convention signée » : fait. La réplication est maintenant « Convention signée »."
    )
    expect(page.locator(".page-header .state")).to_have_text("Convention signée")

    summary(page, "Commencer la préparation").click()
    page.get_by_role("button", name="Confirmer : Commencer la préparation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Commencer la préparation » : fait. La réplication est maintenant « Préparation »."
    )
    expect(page.locator(".page-header .state")).to_have_text("Préparation")

    summary(page, "Lancer").click()
    page.get_by_role("button", name="Confirmer : Lancer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "« Lancer » : fait. La réplication est maintenant « Lancée »."
    )
    expect(page.locator(".page-header .state")).to_have_text("Lancée")
    history = page.get_by_role("region", name="Historique")
    expect(history).to_contain_text("Intérêt déclaré → Convention signée")
    expect(history).to_contain_text("Convention signée → Préparation")
    expect(history).to_contain_text("Préparation → Lancée")
    # Staff do not report for the partner.
    expect(page.get_by_role("button", name="Enregistrer le jalon")).to_have_count(0)

    # 6. The partner reports a milestone and a measure of the shared indicator.
    partner_page.reload()
    expect(partner_page.locator(".page-header .state")).to_have_text("Lancée")
    milestones = partner_page.get_by_role("region", name="Jalons")
    expect(milestones).to_contain_text("Aucun jalon déclaré.")
    field(milestones, "Jalon").fill(MILESTONE)
    field(milestones, "Atteint le").fill(reached_on.isoformat())
    milestones.get_by_role("button", name="Enregistrer le jalon").click()
    expect(partner_page.get_by_role("status")).to_contain_text("Jalon enregistré.")
    milestones = partner_page.get_by_role("region", name="Jalons")
    expect(milestones).to_contain_text(MILESTONE)
    expect(milestones.locator("time")).to_have_attribute("datetime", reached_on.isoformat())

    measures = partner_page.get_by_role(
        "region", name="Indicateurs, comparés à l'initiative d'origine"
    )
    expect(measures).to_contain_text("Aucune mesure déclarée.")
    field(measures, "Indicateur partagé").select_option(label=f"{INDICATOR} (%)")
    field(measures, "Valeur mesurée").fill("58,5")
    field(measures, "Mesurée le").fill(measured_on.isoformat())
    measures.get_by_role("button", name="Enregistrer la mesure").click()
    expect(partner_page.get_by_role("status")).to_contain_text("Mesure enregistrée.")
    measure_row = (
        partner_page.get_by_role("region", name="Indicateurs, comparés à l'initiative d'origine")
        .get_by_role("row")
        .filter(has_text=INDICATOR)
    )
    expect(measure_row.locator(".reference")).to_have_text("62 %")
    expect(measure_row).to_contain_text("58,5 %")

    # 7. On the initiative's file, staff read the replication next to the original result.
    page.reload()
    expect(page.get_by_role("region", name="Jalons")).to_contain_text(MILESTONE)
    nav(page).get_by_role("link", name="Suivi des initiatives").click()
    page.get_by_role("table").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{initiative.pk}/$"))
    expect(page.locator(".page-header .stage")).to_have_text("En essaimage")
    replications = page.get_by_role("region", name="Réplications")
    row = replications.get_by_role("row").filter(
        has=page.get_by_role("link", name=PARTNER_ORGANISATION)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Pas-de-Calais (62)")
    expect(row).to_contain_text("Fertilisation formelle")
    expect(row.locator(".state")).to_have_text("Lancée")
    expect(row.locator(".indicator-line")).to_contain_text(
        re.compile(rf"{re.escape(INDICATOR)} :\s+58,5 %.*·\s+origine 62 %", re.S)
    )

    # The innovator reads where the method is taken up.
    innovator_page.reload()
    taken_up = innovator_page.get_by_role("region", name="Où votre méthode est reprise")
    expect(taken_up).to_contain_text("1 réplication en cours ou aboutie")
    expect(taken_up).to_contain_text(PARTNER_ORGANISATION)
    expect(taken_up).to_contain_text("Lancée")

    # What the database holds.
    kit.refresh_from_db()
    assert kit.version == 1
    assert kit.state == KitState.PUBLISHED
    assert kit.published_at is not None
    assert kit.created_by == staff
    assert (kit.project_sheet, kit.licence_terms) == (PROJECT_SHEET, LICENCE)
    assert [(i.label, i.description) for i in kit.invariants.all()] == [(INVARIANT, INVARIANT_WHY)]
    assert [
        (i.label, i.unit, i.reference_value, i.reference_note) for i in kit.indicators.all()
    ] == [(INDICATOR, "%", Decimal("62.000"), REFERENCE_NOTE)]
    assert logs_of(kit) == [("draft", "published", staff, "")]

    consent = SpreadingConsent.objects.get()
    assert (consent.initiative, consent.given_by, consent.terms) == (initiative, innovator, TERMS)

    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.stage == Stage.SPREADING
    assert logs_of(initiative) == [("validated", "spreading", staff, "")]

    partner = User.objects.get(email=PARTNER_EMAIL)
    assert (partner.first_name, partner.last_name) == ("Paul", "Leroy")
    assert list(partner.groups.values_list("name", flat=True)) == [roles.PARTNER]
    organisation = Organisation.objects.get(name=PARTNER_ORGANISATION)
    assert list(organisation.members.all()) == [partner]

    replication.refresh_from_db()
    assert replication.state == ReplicationState.LAUNCHED
    assert replication.initiative == initiative
    assert replication.kit == kit
    assert replication.organisation == organisation
    assert replication.territory == Territory.objects.get(kind="department", code="62")
    assert replication.strategy == Strategy.FORMAL_FERTILISATION
    assert replication.motivation == MOTIVATION
    assert replication.declared_by == partner
    assert replication.agreement_signed_on == signed_on
    assert [(m.title, m.reached_on, m.reported_by) for m in replication.milestones.all()] == [
        (MILESTONE, reached_on, partner)
    ]
    assert [
        (r.indicator, r.value, r.measured_on, r.reported_by)
        for r in replication.indicator_reports.all()
    ] == [(kit.indicators.get(), Decimal("58.500"), measured_on, partner)]
    assert logs_of(replication) == [
        ("interest", "agreement", staff, ""),
        ("agreement", "preparation", staff, ""),
        ("preparation", "launched", staff, ""),
    ]

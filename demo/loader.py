"""French demo data for Essaim: one account per role, their organisations, two calls, some
thirty initiatives spread over every stage of the chain, each with a plausible history, the
evaluations that brought those beyond "identified" where they stand, and their essaimage:
the transfer kits and the carriers' consent that opened them to spreading, the replications
by partner organisations, and the scale-up plans the committee approved.

`load_demo_data` is idempotent: everything is keyed on a natural key (e-mail, organisation
name, call title, initiative title; an evaluation on its initiative and its questions; a kit
on its initiative and version, a consent or a plan on its initiative, a replication on its
initiative and organisation) and what already exists is left alone, so a second run creates
nothing. The steps the services
can run today without evaluations (submit, request changes, identify, decline, withdraw,
archive) go through them, guards and all; an initiative further down the chain, whose guards
read evaluations, kits and scale-up plans, is created at its stage and its history written
as django-fsm-log rows. Its evaluations are created the same way, at their state, with their
outcomes, the report file their evaluator handed in (a small PDF rendered from the
evaluation, dated at its submission), the committee's rating and their own history, dated so
that every guard the initiative and the evaluations passed held at the time; a demo loaded
before the reports were written gets them on the next run. Dates are relative to the day
of loading and span the last eighteen months; evaluations added to initiatives loaded on an
earlier day are dated on those initiatives' recorded history. The essaimage goes through
the services of swarming (kits written and published, consent, replications' steps and
reports, plans), guards and all, then is dated the same way: kits published and consents
given before the initiative opened to spreading, plans approved before it scaled up.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.transition_views import run_service
from documents import pdf
from evaluations import services as evaluation_services
from evaluations.models import (
    SMS_LEVELS,
    Design,
    Direction,
    Evaluation,
    EvidenceRating,
    Kind,
    NestaLevel,
    Outcome,
)
from evaluations.models import State as EvaluationState
from initiatives import search, services, stays
from initiatives.models import (
    Call,
    Criterion,
    IdentificationScore,
    Initiative,
    LeadAssignment,
    Maturity,
    Organisation,
    Stage,
    TargetPublic,
    Territory,
    Theme,
)
from swarming import services as swarming_services
from swarming.models import (
    Fidelity,
    IndicatorReport,
    Milestone,
    PlanState,
    Replication,
    ReplicationState,
    ScaleUpPlan,
    SpreadingConsent,
    Strategy,
    TransferKit,
)

DEMO_PASSWORD = "essaim-demo"
ADMIN_EMAIL = "admin@essaim.demo"
ADMIN_LABEL = "Administrateur·rice (admin Django)"


@dataclass(frozen=True)
class Account:
    email: str
    first_name: str
    last_name: str
    role: str | None  # a group of accelerator.roles; None for the superuser
    organisation: str | None = None
    other_organisations: tuple[str, ...] = ()


# The first account of each role is the one printed with the credentials.
ACCOUNTS = [
    Account("porteur@essaim.demo", "Karim", "Benali", roles.INNOVATOR, "Roue Libre Insertion"),
    Account("charge@essaim.demo", "Claire", "Dubois", roles.STAFF),
    Account("evaluatrice@essaim.demo", "Sophie", "Lefèvre", roles.EVALUATOR),
    Account("comite@essaim.demo", "Bernard", "Morel", roles.COMMITTEE),
    Account(
        "partenaire@essaim.demo",
        "Nathalie",
        "Roux",
        roles.PARTNER,
        "Maison de l'emploi du Grand Poitiers",
        ("Mission locale du Grand Poitiers",),
    ),
    Account(ADMIN_EMAIL, "Admin", "Essaim", None),
    Account(
        "elodie.garnier@essaim.demo",
        "Élodie",
        "Garnier",
        roles.INNOVATOR,
        "Régie de quartier des Hauts de Garonne",
    ),
    Account(
        "marc.lebihan@essaim.demo",
        "Marc",
        "Le Bihan",
        roles.INNOVATOR,
        "SCIC Les Jardins de l'Aulne",
    ),
    Account("fatou.diallo@essaim.demo", "Fatou", "Diallo", roles.INNOVATOR, "Cap Expérience 69"),
    Account(
        "julien.perrin@essaim.demo", "Julien", "Perrin", roles.INNOVATOR, "EBE Val de Drôme Emploi"
    ),
    Account(
        "nadia.haddad@essaim.demo", "Nadia", "Haddad", roles.INNOVATOR, "Les Petits Pas Solidaires"
    ),
    Account(
        "thomas.girard@essaim.demo",
        "Thomas",
        "Girard",
        roles.INNOVATOR,
        "GEIQ Atlantique Services et Soins",
    ),
    Account(
        "amandine.roche@essaim.demo",
        "Amandine",
        "Roche",
        roles.INNOVATOR,
        "Passerelles Quartiers Nord",
    ),
    Account(
        "yannick.legoff@essaim.demo", "Yannick", "Le Goff", roles.INNOVATOR, "SCOP Codéo Numérique"
    ),
    Account(
        "sylvie.bertrand@essaim.demo",
        "Sylvie",
        "Bertrand",
        roles.INNOVATOR,
        "Les Ateliers du Rebond",
    ),
    # Partners who take methods up elsewhere (essaimage).
    Account(
        "olivier.dupuis@essaim.demo", "Olivier", "Dupuis", roles.PARTNER, "CCAS de Saint-Quentin"
    ),
    Account(
        "laetitia.henry@essaim.demo",
        "Laëtitia",
        "Henry",
        roles.PARTNER,
        "Association Trait d'Union Ardennes",
    ),
    Account("anne.schmitt@essaim.demo", "Anne", "Schmitt", roles.PARTNER, "CCAS de Mulhouse"),
    Account(
        "mehdi.bouzid@essaim.demo",
        "Mehdi",
        "Bouzid",
        roles.PARTNER,
        "Mission locale Loire Estuaire",
    ),
    Account(
        "karine.mercier@essaim.demo",
        "Karine",
        "Mercier",
        roles.PARTNER,
        "Régie de quartier Reims Croix-Rouge",
    ),
]

# Who runs the steps: the initiative's owner, or these accounts.
OWNER = "owner"
STAFF = "charge@essaim.demo"
COMMITTEE = "comite@essaim.demo"
EVALUATOR = "evaluatrice@essaim.demo"

LegalForm = Organisation.LegalForm

# name: (legal form, not for profit, département code)
ORGANISATIONS = {
    "Roue Libre Insertion": (LegalForm.ASSOCIATION, True, "59"),
    "Régie de quartier des Hauts de Garonne": (LegalForm.ASSOCIATION, True, "33"),
    "SCIC Les Jardins de l'Aulne": (LegalForm.SCIC, True, "29"),
    "Cap Expérience 69": (LegalForm.ASSOCIATION, True, "69"),
    "EBE Val de Drôme Emploi": (LegalForm.ESUS, True, "26"),
    "Les Petits Pas Solidaires": (LegalForm.ASSOCIATION, True, "93"),
    "GEIQ Atlantique Services et Soins": (LegalForm.ASSOCIATION, True, "44"),
    "Passerelles Quartiers Nord": (LegalForm.ASSOCIATION, True, "13"),
    "SCOP Codéo Numérique": (LegalForm.SCOP, False, "35"),
    "Les Ateliers du Rebond": (LegalForm.ASSOCIATION, True, "57"),
    "Maison de l'emploi du Grand Poitiers": (LegalForm.GIP, True, "86"),
    # Partner organisations that take methods up in their territory.
    "Mission locale du Grand Poitiers": (LegalForm.ASSOCIATION, True, "86"),
    "CCAS de Saint-Quentin": (LegalForm.PUBLIC_BODY, True, "02"),
    "Association Trait d'Union Ardennes": (LegalForm.ASSOCIATION, True, "08"),
    "CCAS de Mulhouse": (LegalForm.PUBLIC_BODY, True, "68"),
    "Mission locale Loire Estuaire": (LegalForm.ASSOCIATION, True, "44"),
    "Régie de quartier Reims Croix-Rouge": (LegalForm.ASSOCIATION, True, "51"),
}

CALL_2025 = "AIS#Emploi 2025"
CALL_2026 = "AIS#Emploi 2026"


def _calls(today: datetime.date) -> dict:
    """The two calls, dated from today so that the first is closed and the second open."""
    return {
        CALL_2025: {
            "description": (
                "Appel à initiatives de l'accélérateur d'innovation sociale contre le chômage "
                "de longue durée. Il repère des actions de terrain qui ont fait leurs preuves à "
                "petite échelle auprès des demandeurs d'emploi de longue durée et des autres "
                "publics prioritaires, portées par des structures à but non lucratif prêtes à "
                "les transposer ailleurs. Les initiatives repérées sont évaluées, puis "
                "accompagnées vers l'essaimage ou le changement d'échelle."
            ),
            "opens_on": today - datetime.timedelta(days=546),
            "closes_on": today - datetime.timedelta(days=425),
        },
        CALL_2026: {
            "description": (
                "Deuxième édition de l'appel AIS#Emploi. Priorités de l'année : la mobilité "
                "vers l'emploi en zone rurale, la garde d'enfants des parents en reprise "
                "d'activité, la médiation numérique pour l'accès aux droits et l'emploi des "
                "seniors. Les dossiers sont examinés au fil de l'eau par les chargé·es de "
                "mission ; les porteurs peuvent être sollicités pour compléter leur dossier."
            ),
            "opens_on": today - datetime.timedelta(days=320),
            "closes_on": today + datetime.timedelta(days=60),
        },
    }


# Who runs each transition: the owner, a chargée de mission or the committee.
ACTOR = {
    "submit": OWNER,
    "withdraw": OWNER,
    "request_changes": STAFF,
    "identify": STAFF,
    "decline": STAFF,
    "start_evaluation": STAFF,
    "complete_evaluation": STAFF,
    "open_spreading": STAFF,
    "suspend": STAFF,
    "archive": STAFF,
    "send_back": COMMITTEE,
    "validate": COMMITTEE,
    "start_scale_up": COMMITTEE,
}

TARGET = {
    "submit": Stage.SUBMITTED,
    "request_changes": Stage.DRAFT,
    "identify": Stage.IDENTIFIED,
    "decline": Stage.DECLINED,
    "start_evaluation": Stage.IN_EVALUATION,
    "complete_evaluation": Stage.EVALUATED,
    "send_back": Stage.IN_EVALUATION,
    "validate": Stage.VALIDATED,
    "open_spreading": Stage.SPREADING,
    "start_scale_up": Stage.SCALING,
    "suspend": Stage.REWORK,
    "withdraw": Stage.WITHDRAWN,
    "archive": Stage.ARCHIVED,
}

# What a step says on the timeline when the initiative's history does not say more.
DEFAULT_MESSAGE = {
    "submit": "",
    "identify": (
        "Initiative repérée : grille de repérage complète, entretien avec le porteur et "
        "visite sur site réalisés."
    ),
    "start_evaluation": (
        "Évaluation lancée : protocole validé et évaluation confiée, collecte des données de "
        "suivi des personnes accompagnées."
    ),
    "complete_evaluation": "Rapport d'évaluation remis, niveau de preuve noté par le comité.",
    "open_spreading": (
        "Kit d'essaimage publié (version 1) et accord de la structure porteuse recueilli : "
        "l'initiative est ouverte aux partenaires."
    ),
    "start_scale_up": "Plan de changement d'échelle approuvé par le comité.",
    "archive": "Dossier clos et archivé.",
}

# Services that run a step today, with their guards.
SERVICE_STEPS = {"submit", "request_changes", "identify", "decline", "withdraw", "archive"}

SCORE_COMMENTS = {
    Criterion.PRIORITY_PUBLIC: {
        0: "Le public visé ne relève pas des publics prioritaires de l'appel.",
        1: "Les publics prioritaires ne sont qu'une minorité des personnes accompagnées.",
        2: "Public prioritaire majoritaire, mais le repérage reste peu outillé.",
        3: (
            "Public prioritaire explicitement ciblé et orienté par les prescripteurs "
            "(France Travail, Département, mission locale)."
        ),
    },
    Criterion.SMALL_SCALE_EFFICACY: {
        0: "Aucune donnée de résultat disponible à ce stade.",
        1: "Des témoignages encourageants, mais pas de suivi chiffré des sorties.",
        2: "Suivi des sorties sur deux cohortes, résultats supérieurs à la moyenne locale.",
        3: (
            "Résultats suivis sur plusieurs années, nettement supérieurs à ceux des "
            "dispositifs comparables du territoire."
        ),
    },
    Criterion.WILLING_TO_TRANSPOSE: {
        0: "Le porteur ne souhaite pas transposer son action.",
        1: "Intérêt de principe, sans moyens identifiés pour transposer.",
        2: "Le porteur est prêt à accompagner une ou deux structures volontaires.",
        3: "Le porteur a déjà été sollicité par d'autres territoires et s'y prépare.",
    },
    Criterion.FORMALISED_PROCESS: {
        0: "Pratique encore informelle, reposant sur une seule personne.",
        1: "Quelques outils existent, le parcours reste à décrire.",
        2: "Parcours décrit et outils partagés par l'équipe.",
        3: "Processus formalisé (guide, outils, indicateurs) et déjà transmis en interne.",
    },
    Criterion.NOT_FOR_PROFIT: {
        0: "Structure à but lucratif, sans agrément ESUS.",
        1: "Structure commerciale dont une partie de l'activité est d'utilité sociale.",
        2: "Structure de l'économie sociale et solidaire à lucrativité limitée.",
        3: "Structure à but non lucratif.",
    },
}

CRITERIA = list(Criterion)

# The initiatives. `history` lists the steps of the chain as (transition, days ago, message);
# the stage is where the last step leads (draft when there is none). `scores` is the
# identification scorecard, one score per criterion in the order of Criterion.
INITIATIVES = [
    # --- Brouillons ---------------------------------------------------------------------
    {
        "title": "Auto-école sociale du Douaisis",
        "owner": "porteur@essaim.demo",
        "carrier": "Roue Libre Insertion",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Une auto-école associative qui prépare au permis B des demandeurs d'emploi pour "
            "qui le permis conditionne une embauche, avec une pédagogie adaptée aux personnes "
            "éloignées de l'écrit et un financement mobilisant le CPF et les aides locales."
        ),
        "problem": (
            "Dans le Douaisis, près d'une offre d'emploi sur deux exige le permis B, alors que "
            "la moitié des demandeurs d'emploi de longue durée accompagnés par l'association ne "
            "l'ont pas. Les auto-écoles classiques leur coûtent trop cher et leur taux d'échec "
            "au code dépasse 60 %."
        ),
        "theory_of_change": (
            "Des groupes de code de huit personnes avec des supports en français facile, des "
            "heures de conduite fractionnées et un suivi par une conseillère en insertion "
            "lèvent à la fois le frein financier et le frein pédagogique. Le permis obtenu "
            "ouvre l'accès aux emplois en horaires décalés et aux zones d'activité mal "
            "desservies."
        ),
        "expected_outcomes": (
            "70 % de réussite au code et 60 % au permis en moins de dix mois ; 50 % des "
            "titulaires en emploi ou en formation qualifiante six mois après l'examen."
        ),
        "budget": "168000",
        "cost_per_beneficiary": "2100",
        "themes": ["Mobilité", "Emploi", "Formation"],
        "publics": ["Demandeurs d'emploi de longue durée", "Bénéficiaires du RSA"],
        "territories": ["59"],
        "created": 14,
        "updated": 3,
        "history": [],
    },
    {
        "title": "Tiers-lieu emploi et compétences de Forbach",
        "owner": "sylvie.bertrand@essaim.demo",
        "carrier": "Les Ateliers du Rebond",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Un tiers-lieu ouvert en centre-ville de Forbach où demandeurs d'emploi, "
            "employeurs et organismes de formation se croisent : ateliers, permanences, "
            "espace de coworking pour les personnes en création d'activité."
        ),
        "problem": (
            "Après la fermeture des sites industriels, les demandeurs d'emploi du bassin "
            "houiller se tiennent à distance des institutions et ne fréquentent plus les lieux "
            "d'accompagnement classiques."
        ),
        "themes": ["Emploi", "Formation", "Création d'activité"],
        "publics": ["Demandeurs d'emploi de longue durée", "Habitants des QPV"],
        "territories": ["57"],
        "created": 6,
        "history": [],
    },
    {
        "title": "Conciergerie d'insertion des Hauts de Garonne",
        "owner": "elodie.garnier@essaim.demo",
        "carrier": "Régie de quartier des Hauts de Garonne",
        "call": CALL_2026,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Une conciergerie d'entreprises installée dans une zone d'activité de la rive "
            "droite bordelaise, dont les services (pressing, petites courses, entretien de "
            "vélos, colis) sont assurés par des salariés en insertion habitant les quartiers "
            "voisins."
        ),
        "problem": (
            "Les habitants des quartiers prioritaires de Cenon, Floirac et Lormont cumulent "
            "chômage de longue durée et absence de réseau professionnel, alors que les "
            "entreprises de la zone d'activité voisine peinent à recruter sur des postes de "
            "service."
        ),
        "theory_of_change": (
            "Un contrat à durée déterminée d'insertion de douze mois dans la conciergerie "
            "permet de reprendre un rythme de travail, de se faire connaître des entreprises "
            "clientes et d'acquérir des compétences de relation client. L'encadrant technique "
            "et la chargée d'insertion préparent la sortie vers un emploi chez ces clients."
        ),
        "expected_outcomes": (
            "12 salariés en insertion par an ; 55 % de sorties dynamiques, dont 35 % en emploi "
            "durable dans les entreprises clientes."
        ),
        "budget": "240000",
        "cost_per_beneficiary": "8500",
        "themes": ["Insertion professionnelle", "Emploi"],
        "publics": ["Habitants des QPV", "Salariés en insertion"],
        "territories": ["33"],
        "created": 55,
        "updated": 8,
        "history": [
            ("submit", 40, ""),
            (
                "request_changes",
                33,
                "Merci de préciser le modèle économique : part des recettes issues des "
                "entreprises clientes, aides au poste attendues et nombre de postes en "
                "insertion. Indiquez aussi comment vous suivez les sorties à six mois.",
            ),
        ],
    },
    # --- Soumises -----------------------------------------------------------------------
    {
        "title": "Plateforme de mobilité solidaire du Douaisis",
        "owner": "porteur@essaim.demo",
        "carrier": "Roue Libre Insertion",
        "call": CALL_2026,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Un guichet unique de la mobilité pour les personnes en insertion : diagnostic "
            "mobilité, location de voitures et de vélos électriques à prix solidaire, "
            "covoiturage vers les zones d'activité et ateliers d'apprentissage des transports "
            "en commun."
        ),
        "problem": (
            "Les prescripteurs du Douaisis estiment qu'un tiers des refus d'offres d'emploi "
            "ou de formation tient à la mobilité. Les aides existent mais sont dispersées "
            "entre une dizaine d'acteurs et mal connues des personnes."
        ),
        "theory_of_change": (
            "Un diagnostic individuel oriente chaque personne vers la solution adaptée à son "
            "projet ; une solution transitoire (location, covoiturage) permet d'accepter "
            "l'emploi tout de suite, pendant qu'un plan d'autonomie (permis, achat d'un "
            "véhicule d'occasion) prépare la suite."
        ),
        "expected_outcomes": (
            "400 diagnostics par an ; 60 % des personnes ayant bénéficié d'une solution "
            "transitoire en emploi ou en formation à trois mois ; 40 % autonomes dans leurs "
            "déplacements à un an."
        ),
        "budget": "310000",
        "cost_per_beneficiary": "780",
        "themes": ["Mobilité", "Emploi", "Accès aux droits"],
        "publics": [
            "Demandeurs d'emploi de longue durée",
            "Bénéficiaires du RSA",
            "Salariés en insertion",
        ],
        "territories": ["59", "62"],
        "history": [("submit", 9, "")],
    },
    {
        "title": "Job coaching seniors : l'expérience qui compte",
        "owner": "fatou.diallo@essaim.demo",
        "carrier": "Cap Expérience 69",
        "call": CALL_2026,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Un accompagnement de six mois pour les demandeurs d'emploi de plus de 55 ans, "
            "alternant coaching individuel, ateliers collectifs et mises en relation directes "
            "avec des employeurs engagés dans une charte « âge et emploi »."
        ),
        "problem": (
            "Dans la métropole de Lyon, un demandeur d'emploi de plus de 55 ans reste inscrit "
            "deux fois plus longtemps que la moyenne. Les stéréotypes des recruteurs et la "
            "perte de confiance nourrissent un découragement qui conduit beaucoup à renoncer."
        ),
        "theory_of_change": (
            "Le job coaching agit des deux côtés : il remobilise la personne en valorisant "
            "ses compétences transférables, et il travaille avec les employeurs partenaires "
            "sur des recrutements sans CV ni critère d'âge. Le suivi dans l'emploi les trois "
            "premiers mois sécurise la reprise."
        ),
        "expected_outcomes": (
            "120 seniors accompagnés par an ; 45 % en emploi de plus de six mois à l'issue "
            "du parcours ; 30 employeurs signataires de la charte."
        ),
        "budget": "198000",
        "cost_per_beneficiary": "1650",
        "themes": ["Emploi", "Insertion professionnelle"],
        "publics": ["Seniors", "Demandeurs d'emploi de longue durée"],
        "territories": ["69"],
        "history": [("submit", 20, "")],
    },
    {
        "title": "Garde d'enfants en horaires atypiques pour parents en reprise d'emploi",
        "owner": "nadia.haddad@essaim.demo",
        "carrier": "Les Petits Pas Solidaires",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Un service de garde à domicile et en micro-crèche de 5 h à 22 h, réservé aux "
            "parents qui reprennent un emploi ou une formation en horaires décalés "
            "(logistique, propreté, soin), le temps qu'une solution pérenne soit trouvée."
        ),
        "problem": (
            "En Seine-Saint-Denis, les offres d'emploi accessibles sans diplôme sont souvent "
            "en horaires décalés, que les crèches ne couvrent pas. Des mères isolées renoncent "
            "à des embauches faute de solution de garde tôt le matin ou le soir."
        ),
        "theory_of_change": (
            "Une garde disponible dès la signature du contrat supprime le principal motif de "
            "refus ; le relais vers une solution pérenne (assistante maternelle, place en "
            "crèche) est préparé pendant les trois premiers mois, avec la CAF et la PMI."
        ),
        "expected_outcomes": (
            "80 familles par an ; 75 % des parents toujours en emploi ou en formation à six "
            "mois ; une solution de garde pérenne trouvée pour 80 % d'entre eux."
        ),
        "budget": "275000",
        "cost_per_beneficiary": "3400",
        "themes": ["Garde d'enfants", "Emploi"],
        "publics": ["Familles monoparentales", "Habitants des QPV", "Bénéficiaires du RSA"],
        "territories": ["93"],
        "history": [
            ("submit", 60, ""),
            (
                "request_changes",
                52,
                "Votre dossier est prometteur. Pouvez-vous détailler le budget (part de la "
                "CAF, des communes et des employeurs) et préciser comment les familles vous "
                "sont orientées ?",
            ),
            (
                "submit",
                30,
                "Budget détaillé et convention d'orientation avec France Travail ajoutés.",
            ),
        ],
    },
    # --- Repérées -----------------------------------------------------------------------
    {
        "title": "Groupement d'employeurs pour l'insertion dans les métiers du soin",
        "owner": "thomas.girard@essaim.demo",
        "carrier": "GEIQ Atlantique Services et Soins",
        "call": CALL_2026,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Des EHPAD, services d'aide à domicile et cliniques de Loire-Atlantique se "
            "regroupent pour recruter des demandeurs d'emploi sans qualification et les "
            "former en alternance au titre d'aide-soignant ou d'accompagnant éducatif et "
            "social."
        ),
        "problem": (
            "Les établissements du soin et du médico-social ont des centaines de postes "
            "vacants, tandis que des demandeurs d'emploi motivés n'ont ni le diplôme requis "
            "ni les moyens de financer une formation longue sans salaire."
        ),
        "theory_of_change": (
            "Le groupement salarie la personne pendant dix-huit mois et la met à disposition "
            "de ses adhérents ; la formation en alternance, le tutorat et l'accompagnement "
            "social renforcé conduisent au diplôme et à l'embauche directe par l'adhérent."
        ),
        "expected_outcomes": (
            "40 contrats de professionnalisation par an ; 80 % de diplômés ; 70 % en CDI chez "
            "un adhérent six mois après le contrat."
        ),
        "budget": "420000",
        "cost_per_beneficiary": "5200",
        "themes": ["Insertion professionnelle", "Formation", "Santé"],
        "publics": ["Demandeurs d'emploi de longue durée", "Bénéficiaires du RSA"],
        "territories": ["44"],
        "scores": (3, 2, 3, 3, 3),
        "history": [("submit", 200, ""), ("identify", 170, "")],
    },
    {
        "title": "Médiation numérique pour les allocataires du RSA",
        "owner": "elodie.garnier@essaim.demo",
        "carrier": "Régie de quartier des Hauts de Garonne",
        "call": CALL_2026,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Des médiateurs numériques, anciens salariés en insertion formés au titre de "
            "conseiller France services, accompagnent les allocataires du RSA dans leurs "
            "démarches en ligne et leur apprennent à s'en servir pour chercher un emploi."
        ),
        "problem": (
            "Depuis la dématérialisation des démarches, une partie des allocataires du RSA "
            "rompt avec ses droits et avec l'accompagnement vers l'emploi : rendez-vous "
            "manqués, dossiers incomplets, radiations."
        ),
        "theory_of_change": (
            "Un accompagnement de proximité, en pied d'immeuble et sans rendez-vous, rétablit "
            "l'accès aux droits puis rend la personne autonome sur les outils utiles à la "
            "recherche d'emploi (espace France Travail, candidatures en ligne, messagerie)."
        ),
        "expected_outcomes": (
            "600 personnes accompagnées par an ; 80 % autonomes sur leurs démarches "
            "essentielles après cinq séances ; baisse de moitié des ruptures de droits "
            "constatées par le Département."
        ),
        "budget": "150000",
        "cost_per_beneficiary": "250",
        "themes": ["Numérique", "Accès aux droits", "Insertion professionnelle"],
        "publics": ["Bénéficiaires du RSA", "Habitants des QPV"],
        "territories": ["33"],
        "scores": (3, 2, 2, 2, 3),
        "history": [
            ("submit", 180, ""),
            (
                "identify",
                140,
                "Repérée : public prioritaire et partenariat solide avec le Département ; "
                "l'évaluation devra mesurer les effets sur le retour à l'emploi, pas seulement "
                "sur l'accès aux droits.",
            ),
        ],
        # Published by staff in the catalogue as an "expérience inspirante", days ago.
        "public_sheet": (
            120,
            "À Bordeaux et Cenon, des médiateurs numériques reçoivent sans rendez-vous, en "
            "pied d'immeuble, les allocataires du RSA qui ont décroché de leurs démarches en "
            "ligne. Ils rétablissent d'abord les droits, puis apprennent à chacun à se servir "
            "de son espace France Travail et à candidater en ligne. Les médiateurs sont "
            "eux-mêmes d'anciens salariés en insertion, formés au métier de conseiller France "
            "services.\n\nL'initiative n'est pas encore évaluée : l'accélérateur l'a repérée "
            "pour son public et son partenariat avec le Département ; son évaluation dira "
            "si elle aide aussi au retour à l'emploi.",
        ),
    },
    {
        "title": "Parrainage vers l'emploi dans les quartiers Nord de Marseille",
        "owner": "amandine.roche@essaim.demo",
        "carrier": "Passerelles Quartiers Nord",
        "call": CALL_2026,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Des salariés et retraités d'entreprises marseillaises parrainent, pendant six "
            "mois, des jeunes et des demandeurs d'emploi de longue durée des quartiers Nord : "
            "réseau, codes de l'entreprise, préparation aux entretiens."
        ),
        "problem": (
            "Dans les 13e, 14e et 15e arrondissements, le taux de chômage dépasse 30 % chez "
            "les moins de 30 ans. À diplôme égal, les habitants des QPV décrochent moins "
            "d'entretiens, faute de réseau et à cause de discriminations à l'adresse."
        ),
        "theory_of_change": (
            "Le parrain ouvre son réseau et sert de caution auprès des recruteurs ; les "
            "rencontres régulières redonnent confiance et rendent explicites les attentes des "
            "employeurs. L'association forme les parrains et suit chaque binôme."
        ),
        "expected_outcomes": (
            "150 binômes par an ; 60 % des filleuls en emploi ou en formation qualifiante à "
            "la fin du parrainage."
        ),
        "budget": "135000",
        "cost_per_beneficiary": "900",
        "themes": ["Emploi", "Jeunesse"],
        "publics": ["Habitants des QPV", "Jeunes NEET", "Demandeurs d'emploi de longue durée"],
        "territories": ["13"],
        "scores": (3, 3, 2, 3, 3),
        "history": [("submit", 230, ""), ("identify", 190, "")],
    },
    # --- En évaluation ------------------------------------------------------------------
    {
        "title": "Légumerie solidaire du Pays de Morlaix",
        "owner": "marc.lebihan@essaim.demo",
        "carrier": "SCIC Les Jardins de l'Aulne",
        "call": CALL_2025,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Une légumerie en chantier d'insertion qui lave, épluche et conditionne les "
            "légumes des maraîchers locaux pour la restauration collective du Pays de Morlaix "
            "(collèges, EHPAD, cuisine centrale)."
        ),
        "problem": (
            "Les cantines peinent à servir des produits locaux faute d'outil de "
            "transformation, et le territoire manque de supports d'insertion pour les "
            "personnes très éloignées de l'emploi, notamment en milieu rural."
        ),
        "theory_of_change": (
            "Le travail en légumerie, encadré et progressif, permet de reprendre un rythme et "
            "d'acquérir les gestes des métiers de l'agroalimentaire, premier employeur du "
            "territoire ; des périodes d'immersion chez les industriels préparent l'embauche."
        ),
        "expected_outcomes": (
            "18 salariés en insertion par an ; 60 % de sorties dynamiques ; 150 tonnes de "
            "légumes locaux transformés pour la restauration collective."
        ),
        "budget": "520000",
        "cost_per_beneficiary": "9800",
        "themes": ["Insertion professionnelle", "Économie circulaire", "Emploi"],
        "publics": ["Salariés en insertion", "Demandeurs d'emploi de longue durée"],
        "territories": ["29"],
        "scores": (3, 2, 3, 2, 3),
        "history": [
            ("submit", 500, ""),
            ("identify", 470, ""),
            (
                "start_evaluation",
                400,
                "Évaluation de processus et de résultats confiée à un cabinet indépendant : "
                "suivi de deux cohortes avant/après, entretiens avec les industriels.",
            ),
        ],
    },
    {
        "title": "Entreprise à but d'emploi du Val de Drôme",
        "owner": "julien.perrin@essaim.demo",
        "carrier": "EBE Val de Drôme Emploi",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Dans le cadre de l'expérimentation Territoires zéro chômeur de longue durée, une "
            "entreprise à but d'emploi embauche en CDI, au SMIC et à temps choisi, toutes les "
            "personnes privées durablement d'emploi du territoire qui le souhaitent, sur des "
            "activités utiles non couvertes localement."
        ),
        "problem": (
            "Sur les communes rurales du Val de Drôme, 240 personnes sont privées d'emploi "
            "depuis plus d'un an, alors que de nombreux besoins (recyclerie, entretien "
            "d'espaces naturels, services aux personnes âgées) ne sont pas satisfaits."
        ),
        "theory_of_change": (
            "Personne n'est inemployable : en partant des compétences et des envies des "
            "personnes et des besoins du territoire, l'EBE crée des emplois supplémentaires "
            "financés en partie par la réallocation des coûts du chômage."
        ),
        "expected_outcomes": (
            "Exhaustivité : toutes les personnes volontaires embauchées en trois ans ; 90 "
            "CDI ; baisse mesurable du nombre de demandeurs d'emploi de longue durée sur le "
            "territoire."
        ),
        "budget": "2400000",
        "cost_per_beneficiary": "18500",
        "themes": ["Emploi", "Économie circulaire"],
        "publics": [
            "Demandeurs d'emploi de longue durée",
            "Bénéficiaires du RSA",
            "Travailleurs handicapés",
        ],
        "territories": ["26"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 532, ""),
            ("identify", 495, ""),
            (
                "start_evaluation",
                425,
                "Évaluation d'impact : comparaison avec des territoires non habilités "
                "(différence de différences) et étude des coûts évités.",
            ),
            ("complete_evaluation", 200, ""),
            (
                "send_back",
                170,
                "Le rapport ne couvre pas les effets sur les finances publiques : compléter "
                "l'évaluation par l'étude des coûts évités (RSA, santé, hébergement) avant de "
                "statuer.",
            ),
        ],
    },
    {
        "title": "Recyclerie d'insertion : former aux métiers du réemploi",
        "owner": "sylvie.bertrand@essaim.demo",
        "carrier": "Les Ateliers du Rebond",
        "call": CALL_2025,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Une recyclerie qui collecte, répare et revend meubles, électroménager et "
            "matériel informatique, et qui forme ses salariés en insertion aux métiers de la "
            "logistique, de la réparation et de la vente."
        ),
        "problem": (
            "En Moselle-Est, les personnes sorties de l'industrie sans qualification ne "
            "trouvent pas de formation adaptée, alors que les filières du réemploi "
            "recrutent des réparateurs et des logisticiens."
        ),
        "theory_of_change": (
            "Chaque poste de travail de la recyclerie est un support de formation certifiante "
            "(certificats de compétences professionnelles) ; la mise en situation réelle et "
            "la validation des acquis ouvrent l'accès aux emplois de la filière."
        ),
        "expected_outcomes": (
            "25 salariés en insertion par an ; 50 % de certifiés ; 45 % en emploi durable ou "
            "en formation qualifiante à six mois."
        ),
        "budget": "610000",
        "cost_per_beneficiary": "10200",
        "themes": ["Économie circulaire", "Insertion professionnelle", "Formation"],
        "publics": ["Salariés en insertion", "Demandeurs d'emploi de longue durée"],
        "territories": ["57"],
        "scores": (3, 2, 2, 3, 3),
        "history": [
            ("submit", 480, ""),
            ("identify", 445, ""),
            (
                "start_evaluation",
                360,
                "Évaluation de résultats sur trois cohortes (avant/après), avec suivi des "
                "certifications et des sorties à six et douze mois.",
            ),
        ],
    },
    # --- Évaluées -----------------------------------------------------------------------
    {
        "title": "Chantier d'insertion en maraîchage biologique des Monts d'Arrée",
        "owner": "marc.lebihan@essaim.demo",
        "carrier": "SCIC Les Jardins de l'Aulne",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Un atelier et chantier d'insertion qui cultive quatre hectares de légumes "
            "biologiques vendus en paniers et aux épiceries locales, avec un parcours vers les "
            "métiers agricoles et paysagers."
        ),
        "problem": (
            "Les exploitations agricoles du Finistère manquent de main-d'œuvre qualifiée, "
            "tandis que les personnes très éloignées de l'emploi vivant en milieu rural ont "
            "peu de structures d'insertion à proximité."
        ),
        "theory_of_change": (
            "Le travail de la terre, collectif et visible, remobilise ; la progression "
            "technique sur une saison complète, les stages chez les agriculteurs partenaires "
            "et le permis tracteur ouvrent l'accès aux emplois saisonniers puis permanents."
        ),
        "expected_outcomes": (
            "20 salariés en insertion par an ; 55 % de sorties dynamiques ; 30 % d'embauches "
            "dans les exploitations partenaires."
        ),
        "budget": "450000",
        "cost_per_beneficiary": "8900",
        "themes": ["Insertion professionnelle", "Emploi", "Santé"],
        "publics": ["Salariés en insertion", "Bénéficiaires du RSA"],
        "territories": ["29"],
        "scores": (3, 3, 2, 3, 3),
        "history": [
            ("submit", 535, ""),
            ("identify", 500, ""),
            (
                "start_evaluation",
                430,
                "Évaluation d'impact avec groupe de comparaison (bénéficiaires du RSA orientés "
                "mais non entrés faute de place), confiée à l'université de Bretagne "
                "occidentale.",
            ),
            ("complete_evaluation", 30, ""),
        ],
    },
    {
        "title": "Coaching emploi par le sport pour les jeunes NEET",
        "owner": "amandine.roche@essaim.demo",
        "carrier": "Passerelles Quartiers Nord",
        "call": CALL_2025,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Un programme de huit semaines qui mêle entraînements sportifs collectifs, "
            "coaching emploi et rencontres avec des entreprises partenaires, pour des jeunes "
            "de 16 à 25 ans sans emploi ni formation."
        ),
        "problem": (
            "Les jeunes NEET des quartiers Nord ne fréquentent pas la mission locale et "
            "échappent aux dispositifs classiques ; le sport est l'un des rares lieux où ils "
            "restent en contact avec des adultes."
        ),
        "theory_of_change": (
            "Le sport sert d'accroche et de support pour travailler les savoir-être "
            "(ponctualité, travail d'équipe, persévérance) ; les éducateurs sportifs, formés au "
            "coaching, font le lien avec les recruteurs qui viennent jouer avec les jeunes."
        ),
        "expected_outcomes": (
            "100 jeunes par an ; 80 % vont au bout du programme ; 55 % en emploi, en "
            "alternance ou en formation trois mois après."
        ),
        "budget": "180000",
        "cost_per_beneficiary": "1800",
        "themes": ["Jeunesse", "Emploi", "Santé"],
        "publics": ["Jeunes NEET", "Habitants des QPV"],
        "territories": ["13"],
        "scores": (3, 2, 3, 2, 3),
        "history": [
            ("submit", 510, ""),
            ("identify", 480, ""),
            (
                "start_evaluation",
                410,
                "Évaluation avant/après sur quatre promotions, avec suivi des sorties à trois "
                "et six mois.",
            ),
            ("complete_evaluation", 20, ""),
        ],
    },
    # --- Validées -----------------------------------------------------------------------
    {
        "title": "Crèche à vocation d'insertion professionnelle de Saint-Denis",
        "owner": "nadia.haddad@essaim.demo",
        "carrier": "Les Petits Pas Solidaires",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Une crèche AVIP qui réserve 30 % de ses places aux enfants de parents demandeurs "
            "d'emploi, en contrepartie d'un accompagnement intensif vers l'emploi assuré avec "
            "France Travail pendant six mois."
        ),
        "problem": (
            "Faute de mode de garde, de nombreux parents isolés de Saint-Denis ne peuvent ni "
            "chercher un emploi ni se rendre aux entretiens ; or l'accès à une place en crèche "
            "est conditionné à… un emploi."
        ),
        "theory_of_change": (
            "La place en crèche libère le temps de la recherche d'emploi ; l'engagement "
            "réciproque (garde contre accompagnement intensif) et la coordination entre la "
            "directrice de crèche et la conseillère France Travail accélèrent le retour à "
            "l'emploi."
        ),
        "expected_outcomes": (
            "30 familles par an ; 60 % des parents en emploi ou en formation qualifiante à "
            "six mois, contre 25 % pour des parents comparables sans place."
        ),
        "budget": "380000",
        "cost_per_beneficiary": "4800",
        "themes": ["Garde d'enfants", "Emploi", "Insertion professionnelle"],
        "publics": ["Familles monoparentales", "Bénéficiaires du RSA", "Habitants des QPV"],
        "territories": ["93"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 525, ""),
            ("identify", 495, ""),
            (
                "start_evaluation",
                440,
                "Évaluation d'impact par appariement avec des parents inscrits sur liste "
                "d'attente, et analyse des coûts.",
            ),
            ("complete_evaluation", 150, ""),
            (
                "validate",
                110,
                "Niveau de preuve 3 : l'appariement montre un effet net de +28 points sur "
                "l'emploi à six mois ; coût par bénéficiaire connu et maîtrisé. Validée pour "
                "l'essaimage.",
            ),
        ],
    },
    {
        "title": "Job coaching intensif pour les demandeurs d'emploi de longue durée",
        "owner": "fatou.diallo@essaim.demo",
        "carrier": "Cap Expérience 69",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Un job coach suit au plus douze personnes à la fois : prospection d'employeurs "
            "sur le marché caché, médiation à l'embauche et suivi dans l'emploi, selon la "
            "méthode « l'emploi d'abord »."
        ),
        "problem": (
            "Les demandeurs d'emploi inscrits depuis plus de deux ans enchaînent ateliers et "
            "formations sans accéder aux recruteurs, qui écartent leur candidature dès la "
            "lecture du CV."
        ),
        "theory_of_change": (
            "La mise en relation directe, appuyée par le job coach, contourne le filtre du CV ; "
            "le suivi dans l'emploi, auprès du salarié et de l'employeur, prévient les ruptures "
            "de la période d'essai."
        ),
        "expected_outcomes": (
            "50 % d'accès à l'emploi à six mois, dont 70 % en contrat de plus de six mois ; "
            "taux de maintien dans l'emploi de 80 % à un an."
        ),
        "budget": "260000",
        "cost_per_beneficiary": "2300",
        "themes": ["Emploi", "Insertion professionnelle"],
        "publics": ["Demandeurs d'emploi de longue durée", "Bénéficiaires du RSA", "Seniors"],
        "territories": ["69"],
        "scores": (3, 3, 3, 2, 3),
        "history": [
            ("submit", 515, ""),
            ("identify", 485, ""),
            (
                "start_evaluation",
                430,
                "Évaluation d'impact avec groupe de comparaison constitué par France Travail "
                "parmi les demandeurs d'emploi de même ancienneté.",
            ),
            ("complete_evaluation", 160, ""),
            (
                "validate",
                120,
                "Niveau de preuve 3 : effet net de +17 points sur l'accès à l'emploi durable à "
                "six mois, résultats homogènes entre les sites.",
            ),
        ],
    },
    {
        "title": "GEIQ Propreté : qualification en alternance des salariés en insertion",
        "owner": "thomas.girard@essaim.demo",
        "carrier": "GEIQ Atlantique Services et Soins",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Le groupement recrute des salariés en fin de parcours d'insertion et les qualifie "
            "en alternance (CQP agent machiniste classique) chez des entreprises de propreté "
            "adhérentes, jusqu'à l'embauche en CDI."
        ),
        "problem": (
            "La sortie des structures d'insertion est le moment où beaucoup de parcours se "
            "brisent : sans qualification reconnue, les anciens salariés en insertion "
            "retournent au chômage."
        ),
        "theory_of_change": (
            "L'alternance rémunérée sécurise la transition, le tutorat en entreprise et "
            "l'accompagnement social du GEIQ lèvent les freins restants ; la qualification "
            "obtenue est reconnue par toute la branche."
        ),
        "expected_outcomes": (
            "35 parcours par an ; 85 % de qualifiés ; 75 % en emploi durable six mois après "
            "la fin du contrat."
        ),
        "budget": "310000",
        "cost_per_beneficiary": "4100",
        "themes": ["Formation", "Insertion professionnelle", "Emploi"],
        "publics": ["Salariés en insertion", "Demandeurs d'emploi de longue durée"],
        "territories": ["44", "85"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 520, ""),
            ("identify", 490, ""),
            ("start_evaluation", 445, ""),
            ("complete_evaluation", 130, ""),
            (
                "validate",
                90,
                "Niveau de preuve 2 confirmé par deux cohortes, coût par bénéficiaire connu, "
                "aucun résultat négatif : validée, avec une évaluation d'impact à prévoir "
                "lors de l'essaimage.",
            ),
        ],
    },
    # --- En essaimage -------------------------------------------------------------------
    {
        "title": "Garage solidaire Roue Libre",
        "owner": "porteur@essaim.demo",
        "carrier": "Roue Libre Insertion",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Un garage associatif qui répare à prix coûtant les véhicules des personnes en "
            "insertion, leur loue des voitures à 5 € par jour le temps d'une reprise d'emploi "
            "et emploie des mécaniciens en parcours d'insertion."
        ),
        "problem": (
            "Dans le bassin minier, sans voiture, pas d'emploi : les transports en commun ne "
            "desservent ni les zones logistiques ni les horaires postés, et une panne suffit à "
            "faire perdre un emploi tout juste retrouvé."
        ),
        "theory_of_change": (
            "Une réparation abordable ou une location solidaire maintient la personne dans "
            "l'emploi ; l'atelier forme en même temps des mécaniciens en insertion, qui "
            "trouvent facilement un emploi dans les garages du territoire."
        ),
        "expected_outcomes": (
            "900 interventions par an ; 85 % des personnes dépannées toujours en emploi à "
            "six mois ; 60 % des mécaniciens en insertion embauchés à la sortie."
        ),
        "budget": "390000",
        "cost_per_beneficiary": "620",
        "themes": ["Mobilité", "Emploi", "Insertion professionnelle"],
        "publics": [
            "Demandeurs d'emploi de longue durée",
            "Bénéficiaires du RSA",
            "Salariés en insertion",
        ],
        "territories": ["59", "62"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 545, ""),
            ("identify", 515, ""),
            (
                "start_evaluation",
                470,
                "Évaluation d'impact (appariement sur les données de France Travail) et "
                "analyse coûts-bénéfices.",
            ),
            ("complete_evaluation", 300, ""),
            (
                "validate",
                265,
                "Niveau de preuve 3 : effet net de +21 points sur le maintien dans l'emploi à "
                "six mois ; coût par bénéficiaire très inférieur aux aides individuelles.",
            ),
            ("open_spreading", 200, ""),
        ],
    },
    {
        "title": "Atelier de réemploi textile et remobilisation",
        "owner": "sylvie.bertrand@essaim.demo",
        "carrier": "Les Ateliers du Rebond",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Un atelier de tri, de couture et de revente de textiles de seconde main, avec un "
            "parcours de remobilisation à temps partiel pour des femmes éloignées de l'emploi "
            "depuis de longues années."
        ),
        "problem": (
            "Beaucoup de femmes du bassin houiller, sans activité professionnelle depuis la "
            "naissance de leurs enfants, ne se sentent pas capables de reprendre un emploi et "
            "n'entrent pas dans les dispositifs d'accompagnement."
        ),
        "theory_of_change": (
            "Un premier contrat de vingt heures hebdomadaires, dans un collectif bienveillant, "
            "révèle des compétences (couture, vente, gestion de stock) ; l'augmentation "
            "progressive du temps de travail prépare un emploi dans le commerce ou les "
            "services."
        ),
        "expected_outcomes": (
            "30 femmes par an ; 65 % de sorties dynamiques ; 120 tonnes de textiles "
            "détournées de l'enfouissement."
        ),
        "budget": "340000",
        "cost_per_beneficiary": "6900",
        "themes": ["Économie circulaire", "Insertion professionnelle"],
        "publics": ["Familles monoparentales", "Bénéficiaires du RSA", "Salariés en insertion"],
        "territories": ["57", "54"],
        "scores": (3, 3, 3, 2, 3),
        "history": [
            ("submit", 538, ""),
            ("identify", 508, ""),
            ("start_evaluation", 460, ""),
            ("complete_evaluation", 290, ""),
            (
                "validate",
                250,
                "Niveau de preuve 2 : résultats constants sur quatre cohortes, coût par "
                "bénéficiaire connu. Validée pour l'essaimage en fertilisation formelle.",
            ),
            ("open_spreading", 150, ""),
        ],
    },
    {
        "title": "Tremplin numérique : les métiers du numérique pour les femmes des QPV",
        "owner": "yannick.legoff@essaim.demo",
        "carrier": "SCOP Codéo Numérique",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Une formation intensive de quatre mois aux métiers de technicienne d'assistance "
            "informatique et de développeuse web, suivie d'un stage et d'une alternance, pour "
            "des femmes des quartiers prioritaires de Rennes."
        ),
        "problem": (
            "Les entreprises du numérique rennaises recrutent, mais les femmes des quartiers "
            "prioritaires s'en pensent exclues et en sont absentes, faute de modèles et de "
            "formations accessibles sans prérequis."
        ),
        "theory_of_change": (
            "Une pédagogie par projets, des marraines issues des entreprises partenaires et "
            "une solution de garde pendant la formation permettent de dépasser "
            "l'autocensure ; l'alternance financée débouche sur l'embauche."
        ),
        "expected_outcomes": (
            "48 stagiaires par an ; 80 % de certifiées ; 65 % en emploi ou en alternance dans "
            "le numérique à six mois."
        ),
        "budget": "290000",
        "cost_per_beneficiary": "5600",
        "themes": ["Numérique", "Formation", "Emploi"],
        "publics": ["Habitants des QPV", "Familles monoparentales", "Bénéficiaires du RSA"],
        "territories": ["35"],
        "scores": (3, 3, 3, 3, 2),
        "history": [
            ("submit", 530, ""),
            (
                "identify",
                500,
                "Repérée : structure coopérative à lucrativité limitée, agréée ESUS ; le "
                "critère de non-lucrativité est jugé satisfait.",
            ),
            ("start_evaluation", 455, ""),
            ("complete_evaluation", 310, ""),
            (
                "validate",
                270,
                "Niveau de preuve 3 : comparaison avec des candidates non retenues, effet net "
                "de +24 points sur l'emploi qualifié à six mois.",
            ),
            ("open_spreading", 120, ""),
        ],
    },
    # --- En changement d'échelle --------------------------------------------------------
    {
        "title": "Groupement d'employeurs pour l'insertion en milieu rural",
        "owner": "thomas.girard@essaim.demo",
        "carrier": "GEIQ Atlantique Services et Soins",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Des artisans, exploitants agricoles et PME rurales partagent des salariés recrutés "
            "parmi les demandeurs d'emploi de longue durée et formés en alternance à plusieurs "
            "métiers, pour des emplois à temps plein construits à plusieurs employeurs."
        ),
        "problem": (
            "En milieu rural, les petits employeurs ont des besoins à temps partiel ou "
            "saisonniers qu'ils ne pourvoient pas, pendant que des demandeurs d'emploi ne "
            "trouvent que des contrats courts et morcelés."
        ),
        "theory_of_change": (
            "La mutualisation transforme des besoins partiels en CDI à temps plein ; la "
            "formation multi-métiers et l'accompagnement du groupement sécurisent le salarié "
            "comme les employeurs."
        ),
        "expected_outcomes": (
            "60 salariés en CDI partagé ; 80 % de maintien dans l'emploi à deux ans ; 120 "
            "employeurs adhérents."
        ),
        "budget": "560000",
        "cost_per_beneficiary": "3900",
        "themes": ["Emploi", "Formation", "Insertion professionnelle"],
        "publics": ["Demandeurs d'emploi de longue durée", "Seniors"],
        "territories": ["44", "49", "R52"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 540, ""),
            ("identify", 512, ""),
            ("start_evaluation", 465, ""),
            ("complete_evaluation", 330, ""),
            (
                "validate",
                280,
                "Niveau de preuve 3 : effet net confirmé sur le maintien dans l'emploi ; modèle "
                "économique équilibré au-delà de 40 salariés.",
            ),
            (
                "start_scale_up",
                110,
                "Plan de changement d'échelle approuvé : ouverture d'antennes en "
                "Maine-et-Loire et en Vendée, puis couverture de toute la région Pays de la "
                "Loire en trois ans.",
            ),
        ],
    },
    {
        "title": "Chantier d'insertion en éco-rénovation contre la précarité énergétique",
        "owner": "sylvie.bertrand@essaim.demo",
        "carrier": "Les Ateliers du Rebond",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Des salariés en insertion isolent et rénovent les logements de ménages en "
            "précarité énergétique repérés par les travailleurs sociaux, et se forment aux "
            "métiers de la rénovation énergétique."
        ),
        "problem": (
            "Des milliers de ménages mosellans vivent dans des passoires thermiques sans "
            "pouvoir financer les travaux, et les artisans de la rénovation énergétique "
            "manquent de main-d'œuvre formée."
        ),
        "theory_of_change": (
            "Le chantier répond aux deux besoins : les travaux réduisent les factures des "
            "ménages, et les salariés acquièrent sur des chantiers réels les compétences "
            "recherchées par les artisans labellisés RGE."
        ),
        "expected_outcomes": (
            "80 logements rénovés par an ; 22 salariés en insertion ; 50 % embauchés par des "
            "entreprises du bâtiment à la sortie."
        ),
        "budget": "720000",
        "cost_per_beneficiary": "11500",
        "themes": ["Précarité énergétique", "Logement", "Insertion professionnelle"],
        "publics": ["Salariés en insertion", "Demandeurs d'emploi de longue durée"],
        "territories": ["57", "R44"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 542, ""),
            ("identify", 514, ""),
            ("start_evaluation", 468, ""),
            ("complete_evaluation", 320, ""),
            (
                "validate",
                275,
                "Niveau de preuve 3 : effets nets sur l'emploi des salariés et sur les "
                "consommations des ménages ; coût par bénéficiaire connu.",
            ),
            ("open_spreading", 210, ""),
            (
                "start_scale_up",
                60,
                "Plan de changement d'échelle approuvé : la structure ouvre deux chantiers en "
                "Meurthe-et-Moselle et dans les Vosges, en plus des reprises par d'autres "
                "structures.",
            ),
        ],
    },
    # --- À retravailler -----------------------------------------------------------------
    {
        "title": "Accompagnement global des familles monoparentales vers l'emploi",
        "owner": "nadia.haddad@essaim.demo",
        "carrier": "Les Petits Pas Solidaires",
        "call": CALL_2025,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Un parcours de douze mois pour les mères isolées allocataires du RSA : "
            "accompagnement social, solution de garde, atelier de projet professionnel et "
            "immersions en entreprise."
        ),
        "problem": (
            "Les familles monoparentales représentent près d'un tiers des allocataires du RSA "
            "du département ; leurs freins (garde, logement, santé) s'accumulent et découragent "
            "la recherche d'emploi."
        ),
        "theory_of_change": (
            "En traitant les freins périphériques avant et pendant la recherche d'emploi, "
            "avec une référente unique, le parcours doit rendre le retour à l'emploi possible "
            "et durable."
        ),
        "expected_outcomes": (
            "60 familles par an ; 45 % des mères en emploi ou en formation à douze mois."
        ),
        "budget": "230000",
        "cost_per_beneficiary": "3800",
        "themes": ["Emploi", "Garde d'enfants", "Accès aux droits"],
        "publics": ["Familles monoparentales", "Bénéficiaires du RSA"],
        "territories": ["93"],
        "scores": (3, 2, 2, 2, 3),
        "history": [
            ("submit", 505, ""),
            ("identify", 472, ""),
            ("start_evaluation", 415, ""),
            ("complete_evaluation", 180, ""),
            (
                "suspend",
                140,
                "L'évaluation d'impact ne montre pas d'effet significatif sur l'emploi à douze "
                "mois par rapport au groupe de comparaison. À retravailler : resserrer le "
                "parcours sur l'accès direct à l'emploi et la garde, puis réévaluer.",
            ),
        ],
    },
    {
        "title": "Bus de l'emploi itinérant dans le Diois",
        "owner": "julien.perrin@essaim.demo",
        "carrier": "EBE Val de Drôme Emploi",
        "call": CALL_2025,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Un bus aménagé sillonne les villages du Diois pour y tenir des permanences emploi "
            "(offres, candidatures, démarches en ligne) avec France Travail et la mission "
            "locale."
        ),
        "problem": (
            "Dans les vallées du Diois, l'agence France Travail la plus proche est à plus "
            "d'une heure de route ; les demandeurs d'emploi sans voiture décrochent de "
            "l'accompagnement."
        ),
        "theory_of_change": (
            "Aller vers les personnes plutôt que d'attendre qu'elles se déplacent doit "
            "maintenir le lien avec l'accompagnement et multiplier les candidatures."
        ),
        "expected_outcomes": (
            "300 personnes rencontrées par an ; hausse de 30 % des entrées en formation ou en "
            "emploi des demandeurs d'emploi des communes desservies."
        ),
        "budget": "120000",
        "cost_per_beneficiary": "400",
        "themes": ["Mobilité", "Emploi", "Accès aux droits"],
        "publics": ["Demandeurs d'emploi de longue durée", "Jeunes NEET"],
        "territories": ["26"],
        "scores": (2, 2, 2, 1, 3),
        "history": [
            ("submit", 520, ""),
            ("identify", 480, ""),
            ("start_evaluation", 400, ""),
            (
                "suspend",
                90,
                "Le point d'étape de l'évaluation montre une fréquentation élevée mais aucun "
                "effet mesurable sur les entrées en emploi. À retravailler avec les "
                "employeurs locaux avant de poursuivre l'évaluation.",
            ),
        ],
    },
    # --- Déclinées ----------------------------------------------------------------------
    {
        "title": "Préparation en ligne au code de la route",
        "owner": "yannick.legoff@essaim.demo",
        "carrier": "SCOP Codéo Numérique",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Une application de préparation au code de la route en français facile, "
            "proposée sur abonnement aux structures d'insertion pour leurs bénéficiaires."
        ),
        "problem": (
            "Les personnes en insertion échouent souvent au code de la route, notamment "
            "celles qui maîtrisent mal l'écrit."
        ),
        "theory_of_change": (
            "Des contenus simplifiés et des exercices adaptés doivent augmenter le taux de "
            "réussite à l'examen du code."
        ),
        "expected_outcomes": "Un taux de réussite au code de 65 % parmi les utilisateurs.",
        "budget": "60000",
        "cost_per_beneficiary": "90",
        "themes": ["Mobilité", "Numérique"],
        "publics": ["Bénéficiaires du RSA", "Jeunes NEET"],
        "territories": ["35"],
        "history": [
            ("submit", 95, ""),
            (
                "decline",
                70,
                "Initiative déclinée : il s'agit d'un outil commercial sans accompagnement "
                "vers l'emploi, qui ne répond pas aux critères de l'appel. Nous vous "
                "suggérons de le proposer aux auto-écoles sociales du réseau.",
            ),
        ],
    },
    {
        "title": "Boutique éphémère des créateurs des quartiers Nord",
        "owner": "amandine.roche@essaim.demo",
        "carrier": "Passerelles Quartiers Nord",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Une boutique éphémère en centre-ville où des habitants des quartiers Nord "
            "testent la vente de leurs créations (couture, cosmétiques, artisanat) avant de "
            "se lancer comme auto-entrepreneurs."
        ),
        "problem": (
            "Des habitants des QPV ont un projet de création d'activité mais n'osent pas se "
            "lancer faute de pouvoir tester leur marché."
        ),
        "theory_of_change": (
            "Tester la vente sans risque financier doit sécuriser la décision de créer son "
            "activité et l'accès au microcrédit."
        ),
        "expected_outcomes": "40 créateurs testés par an ; 15 créations d'activité.",
        "budget": "70000",
        "cost_per_beneficiary": "1750",
        "themes": ["Création d'activité"],
        "publics": ["Habitants des QPV"],
        "territories": ["13"],
        "scores": (1, 1, 2, 1, 3),
        "history": [
            ("submit", 260, ""),
            ("identify", 230, ""),
            (
                "decline",
                200,
                "Après l'entretien de repérage : l'action touche peu les demandeurs d'emploi "
                "de longue durée et ses résultats ne sont pas suivis. Elle relève plutôt des "
                "dispositifs d'aide à la création d'entreprise de la Région.",
            ),
        ],
    },
    {
        "title": "Ateliers de confiance en soi pour les demandeurs d'emploi",
        "owner": "fatou.diallo@essaim.demo",
        "carrier": "Cap Expérience 69",
        "call": CALL_2025,
        "maturity": Maturity.MODELLING,
        "summary": (
            "Un cycle de dix ateliers collectifs (théâtre, image de soi, prise de parole) pour "
            "redonner confiance aux demandeurs d'emploi de longue durée avant leurs "
            "entretiens d'embauche."
        ),
        "problem": (
            "Le chômage prolongé entame l'estime de soi, ce qui pénalise les candidats lors "
            "des entretiens et les pousse à ne plus postuler."
        ),
        "theory_of_change": (
            "En restaurant la confiance et l'aisance à l'oral, les ateliers doivent augmenter "
            "le nombre de candidatures et le taux de succès aux entretiens."
        ),
        "expected_outcomes": ("200 participants par an ; 40 % en emploi à six mois."),
        "budget": "95000",
        "cost_per_beneficiary": "475",
        "themes": ["Emploi", "Santé"],
        "publics": ["Demandeurs d'emploi de longue durée"],
        "territories": ["69"],
        "scores": (3, 2, 2, 2, 3),
        "history": [
            ("submit", 512, ""),
            ("identify", 482, ""),
            ("start_evaluation", 420, ""),
            ("complete_evaluation", 100, ""),
            (
                "decline",
                60,
                "L'évaluation montre une amélioration du bien-être déclaré mais aucun effet sur "
                "l'accès à l'emploi, et le porteur a choisi d'intégrer les ateliers à son job "
                "coaching plutôt que de les retravailler. Dossier décliné d'un commun accord.",
            ),
        ],
    },
    # --- Retirées -----------------------------------------------------------------------
    {
        "title": "Location solidaire de scooters pour les jeunes en insertion",
        "owner": "porteur@essaim.demo",
        "carrier": "Roue Libre Insertion",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Louer des scooters à 1 € par jour aux jeunes qui entrent en formation ou en "
            "alternance loin de chez eux, en partenariat avec un concessionnaire local."
        ),
        "problem": (
            "Les jeunes suivis par la mission locale refusent des alternances faute de moyen "
            "de transport avant l'obtention du permis."
        ),
        "themes": ["Mobilité", "Jeunesse"],
        "publics": ["Jeunes NEET"],
        "territories": ["59"],
        "created": 95,
        "history": [
            (
                "withdraw",
                80,
                "Le concessionnaire partenaire s'est retiré : nous intégrerons les scooters "
                "à la plateforme de mobilité plutôt que d'en faire une initiative à part.",
            ),
        ],
    },
    {
        "title": "Recyclerie de matériaux du bâtiment",
        "owner": "julien.perrin@essaim.demo",
        "carrier": "EBE Val de Drôme Emploi",
        "call": CALL_2026,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Collecter les matériaux de construction réutilisables sur les chantiers de la "
            "vallée et les revendre aux particuliers et aux artisans, avec des salariés de "
            "l'entreprise à but d'emploi."
        ),
        "problem": (
            "Les déchets du bâtiment représentent la majorité des déchets du territoire, et "
            "les personnes privées d'emploi manquent d'activités durables à proximité."
        ),
        "theory_of_change": (
            "Une activité de réemploi crée des emplois non délocalisables tout en réduisant "
            "les déchets et le coût des matériaux pour les ménages modestes."
        ),
        "expected_outcomes": "8 emplois créés ; 300 tonnes de matériaux réemployées par an.",
        "budget": "210000",
        "cost_per_beneficiary": "26000",
        "themes": ["Économie circulaire", "Emploi"],
        "publics": ["Demandeurs d'emploi de longue durée"],
        "territories": ["26"],
        "history": [
            ("submit", 280, ""),
            (
                "withdraw",
                250,
                "L'entreprise à but d'emploi concentre ses moyens sur son évaluation en cours ; "
                "nous redéposerons ce projet l'an prochain.",
            ),
        ],
    },
    # --- Archivées ----------------------------------------------------------------------
    {
        "title": "Jardins partagés au pied des immeubles",
        "owner": "elodie.garnier@essaim.demo",
        "carrier": "Régie de quartier des Hauts de Garonne",
        "call": CALL_2025,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Aménager et animer des jardins partagés au pied des résidences pour créer du lien "
            "entre habitants et repérer les personnes isolées."
        ),
        "problem": (
            "L'isolement des habitants des quartiers prioritaires les éloigne des services, "
            "dont ceux de l'emploi."
        ),
        "theory_of_change": (
            "Le jardin crée des occasions de rencontre qui permettent d'orienter les habitants "
            "vers les structures d'accompagnement."
        ),
        "expected_outcomes": "4 jardins ; 150 habitants impliqués.",
        "budget": "45000",
        "cost_per_beneficiary": "300",
        "themes": ["Santé", "Logement"],
        "publics": ["Habitants des QPV"],
        "territories": ["33"],
        "history": [
            ("submit", 470, ""),
            (
                "decline",
                440,
                "Initiative utile au lien social, mais hors du champ de l'appel : elle ne vise "
                "pas directement l'accès à l'emploi des publics prioritaires.",
            ),
            ("archive", 400, "Dossier décliné, archivé à la clôture de l'appel 2025."),
        ],
    },
    {
        "title": "Conciergerie rurale du Léon",
        "owner": "marc.lebihan@essaim.demo",
        "carrier": "SCIC Les Jardins de l'Aulne",
        "call": CALL_2025,
        "maturity": Maturity.EXPERIMENTATION,
        "summary": (
            "Une conciergerie itinérante qui rend des services du quotidien aux habitants des "
            "communes rurales du Léon, assurée par des salariés en insertion."
        ),
        "problem": (
            "Les commerces et services ferment dans les bourgs ruraux, et les personnes en "
            "insertion manquent de supports d'activité locaux."
        ),
        "theory_of_change": (
            "La conciergerie crée des postes d'insertion polyvalents tout en maintenant des "
            "services de proximité."
        ),
        "expected_outcomes": "6 postes en insertion ; 400 foyers desservis.",
        "budget": "130000",
        "cost_per_beneficiary": "9000",
        "themes": ["Insertion professionnelle", "Mobilité"],
        "publics": ["Salariés en insertion"],
        "territories": ["29"],
        "history": [
            ("submit", 500, ""),
            (
                "withdraw",
                460,
                "Le modèle économique ne tient pas sans la commune partenaire, qui s'est "
                "retirée : nous retirons le dossier.",
            ),
            ("archive", 420, "Dossier retiré par le porteur, archivé à la clôture de l'appel."),
        ],
    },
    {
        "title": "Parrainage des demandeurs d'emploi de longue durée par des cadres bénévoles",
        "owner": "fatou.diallo@essaim.demo",
        "carrier": "Cap Expérience 69",
        "call": CALL_2025,
        "maturity": Maturity.DEPLOYMENT,
        "summary": (
            "Des cadres en activité ou retraités parrainent bénévolement des demandeurs "
            "d'emploi de longue durée pendant six mois, avec des rencontres hebdomadaires et "
            "l'ouverture de leur réseau professionnel."
        ),
        "problem": (
            "Les demandeurs d'emploi de longue durée ont perdu leur réseau professionnel, "
            "alors que la majorité des recrutements passe par la recommandation."
        ),
        "theory_of_change": (
            "Le parrain apporte réseau, conseil et recommandation ; la régularité des "
            "rencontres entretient la dynamique de recherche."
        ),
        "expected_outcomes": (
            "300 parrainages par an ; 55 % d'accès à l'emploi durable à la fin du parrainage."
        ),
        "budget": "160000",
        "cost_per_beneficiary": "530",
        "themes": ["Emploi"],
        "publics": ["Demandeurs d'emploi de longue durée", "Seniors"],
        "territories": ["69", "R84"],
        "scores": (3, 3, 3, 3, 3),
        "history": [
            ("submit", 544, ""),
            ("identify", 520, ""),
            ("start_evaluation", 510, ""),
            ("complete_evaluation", 300, ""),
            (
                "validate",
                285,
                "Niveau de preuve 4 : effet net de +15 points sur l'emploi durable établi par "
                "un essai randomisé, confirmé par une réplication indépendante dans l'Isère.",
            ),
            (
                "start_scale_up",
                260,
                "Plan de changement d'échelle approuvé : extension à quatre départements "
                "d'Auvergne-Rhône-Alpes avec le réseau régional des associations de parrainage.",
            ),
            (
                "archive",
                25,
                "Changement d'échelle achevé : l'action est désormais portée dans cinq "
                "départements par le réseau régional. Dossier archivé.",
            ),
        ],
    },
]


# The evaluations, by initiative title. Each is planned by the chargée de mission
# `planned` days ago, then walks its own machine: `history` lists its steps as (transition,
# days ago, message), "rate" with the committee's rationale; `nesta` is the committee's
# rating. The dates fit the initiative's history: an evaluation is planned before the
# initiative goes into evaluation, and rated before the step that reads its rating
# (complete_evaluation, validate, suspend). `period` is the period evaluated, in days ago
# (negative: still to come). Outcomes are Result tuples; a negative one may carry its
# resolution (days ago, how it was dealt with).
class Result(NamedTuple):
    indicator: str
    horizon: str
    effect: str | None
    low: str | None
    high: str | None
    unit: str
    direction: str
    resolution: tuple[int, str] | None = None


POINTS = "points de %"
COHEN = "d de Cohen"
UP, NULL, DOWN = Direction.POSITIVE, Direction.NULL, Direction.NEGATIVE

EVALUATIONS = {
    "Légumerie solidaire du Pays de Morlaix": [
        {
            "kind": Kind.IMPACT,
            "design": Design.BEFORE_AFTER,
            "questions": (
                "Les salariés en insertion de la légumerie accèdent-ils davantage à l'emploi "
                "durable à la sortie qu'à l'entrée ?\n"
                "Les industriels de l'agroalimentaire du Pays de Morlaix recrutent-ils les "
                "sortants, et à quelles conditions ?"
            ),
            "commissioner": "Région Bretagne",
            "external": "Cabinet Argoat Études et Évaluation",
            "independent": True,
            "treated": 28,
            "sites": 1,
            "attrition": "7.10",
            "period": (392, -60),
            "territory": "29",
            "summary": (
                "Point d'étape : la première cohorte (14 salariés) a été suivie jusqu'à six "
                "mois après la sortie, la seconde est en cours. Les entretiens avec six "
                "industriels sont réalisés ; le rapport final est attendu à la fin du suivi."
            ),
            "planned": 412,
            "updated": 15,
            "history": [
                (
                    "start",
                    392,
                    "Convention signée avec le cabinet, premier recueil auprès de la cohorte 1.",
                ),
            ],
        },
    ],
    "Entreprise à but d'emploi du Val de Drôme": [
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "L'embauche en CDI par l'entreprise à but d'emploi augmente-t-elle l'emploi et "
                "les revenus des personnes privées durablement d'emploi, par rapport à des "
                "territoires comparables non habilités ?"
            ),
            "commissioner": "DREETS Auvergne-Rhône-Alpes",
            "external": "Laboratoire d'économie du travail, université Grenoble Alpes",
            "independent": True,
            "treated": 96,
            "comparison": 310,
            "sites": 1,
            "attrition": "11.50",
            "period": (418, 250),
            "territory": "26",
            "cost": "18500",
            "summary": (
                "Comparés aux demandeurs d'emploi de longue durée de trois territoires "
                "drômois non habilités, les salariés de l'EBE ont un taux d'emploi supérieur "
                "de 23 points dix-huit mois après l'entrée et un revenu d'activité supérieur "
                "de 410 € par mois. La santé perçue s'améliore légèrement. Les coûts évités "
                "pour les finances publiques n'ont pas été mesurés."
            ),
            "outcomes": [
                Result(
                    "Taux d'emploi", "18 mois après l'entrée", "23.0", "15.4", "30.6", POINTS, UP
                ),
                Result(
                    "Revenu d'activité mensuel",
                    "18 mois après l'entrée",
                    "410",
                    "290",
                    "530",
                    "€ par mois",
                    UP,
                ),
                Result(
                    "Santé perçue (SF-12)",
                    "12 mois après l'entrée",
                    "0.18",
                    "0.02",
                    "0.34",
                    COHEN,
                    UP,
                ),
            ],
            "planned": 438,
            "history": [
                ("start", 418, "Accès aux données de France Travail et de la CAF obtenu."),
                ("submit_report", 228, ""),
                (
                    "rate",
                    208,
                    "Niveau 3 : les doubles différences avec trois territoires non habilités, "
                    "aux tendances parallèles avant l'habilitation, établissent un effet causal "
                    "sur l'emploi et les revenus. Pas de réplication indépendante à ce stade.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
        {
            "kind": Kind.ECONOMIC,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "Quels coûts l'EBE évite-t-elle aux finances publiques (RSA, allocations, "
                "dépenses de santé, hébergement) ?\n"
                "Le coût net par emploi créé est-il inférieur au coût du chômage de longue "
                "durée qu'il remplace ?"
            ),
            "commissioner": "Département de la Drôme",
            "evaluator": EVALUATOR,
            "independent": True,
            "period": (418, 30),
            "territory": "26",
            "planned": 24,
            "history": [],
        },
    ],
    "Recyclerie d'insertion : former aux métiers du réemploi": [
        {
            "kind": Kind.IMPACT,
            "design": Design.BEFORE_AFTER,
            "questions": (
                "Les salariés formés à la recyclerie obtiennent-ils une certification et "
                "sortent-ils vers l'emploi ou la formation, six et douze mois après l'entrée ?"
            ),
            "commissioner": "Région Grand Est",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 42,
            "sites": 1,
            "attrition": "14.30",
            "period": (352, 20),
            "territory": "57",
            "cost": "10200",
            "summary": (
                "Trois cohortes suivies (42 salariés) : 57 % obtiennent le titre "
                "professionnel d'agent de valorisation, et la part des personnes en emploi ou "
                "en formation qualifiante passe de 4 % à l'entrée à 35 % douze mois après. "
                "Sans groupe de comparaison, ce changement ne peut pas être attribué à la "
                "seule recyclerie."
            ),
            "outcomes": [
                Result(
                    "Sorties en emploi ou en formation qualifiante",
                    "12 mois après l'entrée",
                    "31.0",
                    "22.5",
                    "39.5",
                    POINTS,
                    UP,
                ),
                Result(
                    "Obtention d'un titre professionnel",
                    "fin de parcours",
                    "57.1",
                    "42.2",
                    "72.0",
                    "% des entrants",
                    UP,
                ),
            ],
            "planned": 372,
            "history": [
                (
                    "start",
                    352,
                    "Recueil des données d'entrée et de suivi des trois cohortes lancé.",
                ),
                ("submit_report", 6, "Rapport final remis : trois cohortes suivies à douze mois."),
            ],
        },
    ],
    "Chantier d'insertion en maraîchage biologique des Monts d'Arrée": [
        {
            "kind": Kind.IMPACT,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "Le chantier de maraîchage améliore-t-il l'accès à l'emploi et la sortie du "
                "RSA de ses salariés, par rapport aux allocataires orientés mais non entrés "
                "faute de place ?"
            ),
            "commissioner": "Département du Finistère",
            "external": "Laboratoire d'économie et de gestion, université de Bretagne occidentale",
            "independent": True,
            "treated": 64,
            "comparison": 71,
            "sites": 2,
            "attrition": "12.00",
            "period": (424, 75),
            "territory": "29",
            "cost": "8900",
            "summary": (
                "Six mois après leur sortie, les salariés du chantier sont 14 points plus "
                "nombreux en emploi ou en formation qualifiante que les allocataires du groupe "
                "de comparaison, et 9,5 points plus nombreux à être sortis du RSA."
            ),
            "outcomes": [
                Result(
                    "Accès à l'emploi ou à une formation qualifiante",
                    "6 mois après la sortie",
                    "14.0",
                    "4.1",
                    "23.9",
                    POINTS,
                    UP,
                ),
                Result("Sortie du RSA", "6 mois après la sortie", "9.5", "1.2", "17.8", POINTS, UP),
            ],
            "planned": 442,
            "history": [
                ("start", 424, ""),
                ("submit_report", 52, ""),
                (
                    "rate",
                    36,
                    "Niveau 3 : le groupe de comparaison, formé des allocataires orientés mais "
                    "non entrés faute de place, est proche des bénéficiaires à l'entrée ; "
                    "l'effet est significatif sur les deux indicateurs.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
    ],
    "Coaching emploi par le sport pour les jeunes NEET": [
        {
            "kind": Kind.IMPACT,
            "design": Design.BEFORE_AFTER,
            "questions": (
                "Les jeunes des promotions sortent-ils vers l'emploi ou la formation trois et "
                "six mois après la fin du programme ?\n"
                "Leur estime de soi progresse-t-elle pendant le programme ?"
            ),
            "commissioner": "Fondation Sport et Insertion Méditerranée",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 86,
            "sites": 1,
            "attrition": "18.60",
            "period": (404, 60),
            "territory": "13",
            "cost": "1800",
            "summary": (
                "Sur quatre promotions (86 jeunes), 38 % sont en emploi ou en formation six "
                "mois après la fin du programme, contre aucun à l'entrée, et l'estime de soi "
                "progresse nettement. L'attrition est forte (19 %) et aucun groupe de "
                "comparaison ne permet d'attribuer ces résultats au programme."
            ),
            "outcomes": [
                Result(
                    "Sortie en emploi ou en formation",
                    "6 mois après la fin du programme",
                    "38.4",
                    "28.1",
                    "48.7",
                    POINTS,
                    UP,
                ),
                Result(
                    "Estime de soi (échelle de Rosenberg)",
                    "fin du programme",
                    "0.41",
                    "0.19",
                    "0.63",
                    COHEN,
                    UP,
                ),
            ],
            "planned": 418,
            "history": [
                ("start", 404, ""),
                ("submit_report", 45, ""),
                (
                    "rate",
                    27,
                    "Niveau 2 : un changement net et cohérent sur quatre promotions, mais une "
                    "mesure avant / après sans comparaison et une attrition élevée.",
                ),
            ],
            "nesta": NestaLevel.CORRELATION,
        },
    ],
    "Crèche à vocation d'insertion professionnelle de Saint-Denis": [
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "La place en crèche à vocation d'insertion augmente-t-elle l'emploi des parents "
                "par rapport à des parents appariés inscrits sur liste d'attente ?\n"
                "Quel est le coût par parent accompagné ?"
            ),
            "commissioner": "Caisse d'allocations familiales de la Seine-Saint-Denis",
            "external": "Laboratoire Travail et Territoires, université Sorbonne Paris Nord",
            "independent": True,
            "treated": 118,
            "comparison": 236,
            "sites": 2,
            "attrition": "9.30",
            "period": (433, 200),
            "territory": "93",
            "cost": "4800",
            "summary": (
                "Six mois après l'entrée de leur enfant en crèche, les parents accompagnés "
                "sont 28 points plus nombreux en emploi que les parents appariés restés sur "
                "liste d'attente. L'effet sur l'entrée en formation n'est pas significatif. "
                "Coût complet : 4 800 € par parent et par an."
            ),
            "outcomes": [
                Result(
                    "Emploi des parents",
                    "6 mois après l'entrée en crèche",
                    "28.0",
                    "19.5",
                    "36.5",
                    POINTS,
                    UP,
                ),
                Result(
                    "Entrée en formation qualifiante",
                    "6 mois après l'entrée en crèche",
                    "6.2",
                    "-1.4",
                    "13.8",
                    POINTS,
                    NULL,
                ),
            ],
            "planned": 452,
            "history": [
                ("start", 433, ""),
                ("submit_report", 180, ""),
                (
                    "rate",
                    158,
                    "Niveau 3 : l'appariement sur la liste d'attente, avec des mesures avant et "
                    "après, établit un effet causal sur l'emploi ; coûts complets documentés.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
    ],
    "Job coaching intensif pour les demandeurs d'emploi de longue durée": [
        {
            "kind": Kind.IMPACT,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "Le job coaching intensif augmente-t-il l'accès à l'emploi durable par rapport "
                "à des demandeurs d'emploi de même ancienneté suivis par France Travail ?\n"
                "Les résultats sont-ils les mêmes sur les trois sites ?"
            ),
            "commissioner": "DREETS Auvergne-Rhône-Alpes",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 412,
            "comparison": 1236,
            "sites": 3,
            "attrition": "6.40",
            "period": (423, 210),
            "territory": "69",
            "cost": "2300",
            "summary": (
                "Six mois après l'entrée, les personnes coachées sont 17 points plus "
                "nombreuses en emploi durable que le groupe de comparaison constitué par "
                "France Travail, et l'accès à l'emploi est plus rapide dès trois mois. Les effets "
                "sont homogènes entre Lyon, Villeurbanne et Vénissieux."
            ),
            "outcomes": [
                Result(
                    "Accès à l'emploi durable (CDI ou CDD de six mois et plus)",
                    "6 mois après l'entrée",
                    "17.0",
                    "11.8",
                    "22.2",
                    POINTS,
                    UP,
                ),
                Result(
                    "Accès à l'emploi, tous contrats",
                    "3 mois après l'entrée",
                    "21.4",
                    "15.0",
                    "27.8",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 444,
            "history": [
                ("start", 423, ""),
                ("submit_report", 190, ""),
                (
                    "rate",
                    168,
                    "Niveau 3 : groupe de comparaison de même ancienneté et de même profil, "
                    "effectifs importants et faible attrition ; effet net significatif et "
                    "homogène entre les sites.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
    ],
    "GEIQ Propreté : qualification en alternance des salariés en insertion": [
        {
            "kind": Kind.IMPACT,
            "design": Design.BEFORE_AFTER,
            "questions": (
                "Les salariés en alternance obtiennent-ils leur qualification et accèdent-ils "
                "à l'emploi durable dans la propreté à la fin de leur contrat ?"
            ),
            "commissioner": "DREETS Pays de la Loire",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 54,
            "sites": 2,
            "attrition": "9.30",
            "period": (438, 170),
            "territory": "44",
            "cost": "4100",
            "summary": (
                "Sur deux cohortes (54 salariés), 81 % obtiennent le CQP d'agent machiniste "
                "et 67 % sont en emploi durable à la fin de leur contrat, sans écart "
                "entre la Loire-Atlantique et la Vendée. Une évaluation d'impact reste à "
                "conduire."
            ),
            "outcomes": [
                Result(
                    "Obtention de la qualification (CQP)",
                    "fin du contrat de professionnalisation",
                    "81.5",
                    "71.1",
                    "91.9",
                    "% des entrants",
                    UP,
                ),
                Result(
                    "Emploi durable",
                    "à la fin du contrat",
                    "66.7",
                    "54.1",
                    "79.3",
                    "% des sortants",
                    UP,
                ),
            ],
            "planned": 458,
            "history": [
                ("start", 438, ""),
                ("submit_report", 150, ""),
                (
                    "rate",
                    136,
                    "Niveau 2 : résultats élevés et constants sur deux cohortes et deux "
                    "départements, mais sans groupe de comparaison.",
                ),
            ],
            "nesta": NestaLevel.CORRELATION,
        },
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "L'alternance en GEIQ augmente-t-elle l'emploi durable par rapport à des "
                "salariés en insertion comparables qui n'en bénéficient pas, sur les "
                "territoires où elle essaime ?"
            ),
            "commissioner": "Fondation Avenir Propreté Solidaire",
            "external": "Cabinet Estuaire Évaluation",
            "independent": True,
            "period": (-30, -400),
            "territory": "R52",
            "planned": 40,
            "history": [],
        },
    ],
    "Garage solidaire Roue Libre": [
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "Les réparations à prix solidaire augmentent-elles le maintien dans l'emploi "
                "et la reprise d'emploi, par rapport à des demandeurs d'emploi appariés sur "
                "les données de France Travail ?\n"
                "Les bénéfices dépassent-ils les coûts pour les finances publiques ?"
            ),
            "commissioner": "Département du Nord",
            "external": "Laboratoire d'économie et de sociologie du travail, université de Lille",
            "independent": True,
            "treated": 356,
            "comparison": 712,
            "sites": 2,
            "attrition": "8.10",
            "period": (463, 340),
            "territory": "59",
            "cost": "620",
            "summary": (
                "Six mois après la réparation, les personnes en emploi à l'entrée sont 21 "
                "points plus nombreuses à l'avoir gardé que les personnes appariées, et les "
                "personnes sans emploi 8 points plus nombreuses à en avoir retrouvé un. À "
                "620 € par bénéficiaire, l'action coûte bien moins que les aides "
                "individuelles à la mobilité."
            ),
            "outcomes": [
                Result(
                    "Maintien dans l'emploi",
                    "6 mois après la réparation",
                    "21.0",
                    "14.2",
                    "27.8",
                    POINTS,
                    UP,
                ),
                Result(
                    "Reprise d'emploi des personnes sans emploi à l'entrée",
                    "6 mois après la réparation",
                    "8.4",
                    "2.0",
                    "14.8",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 482,
            "history": [
                ("start", 463, ""),
                ("submit_report", 322, ""),
                (
                    "rate",
                    306,
                    "Niveau 3 : appariement sur les données de France Travail avec mesures "
                    "avant et après ; effet causal sur le maintien dans l'emploi, analyse "
                    "coûts-bénéfices favorable.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
        {
            "kind": Kind.FIDELITY,
            "design": Design.THEORY_OF_CHANGE,
            "questions": (
                "Les garages qui reprennent la méthode respectent-ils ses invariants "
                "(prescription, prix solidaire, accompagnement vers l'emploi) ?\n"
                "Qu'ont-ils dû adapter à leur territoire ?"
            ),
            "commissioner": "Département du Pas-de-Calais",
            "evaluator": EVALUATOR,
            "independent": True,
            "sites": 3,
            "period": (120, -60),
            "territory": "62",
            "planned": 150,
            "history": [
                ("start", 120, "Visites des trois garages essaimés programmées."),
            ],
        },
    ],
    "Atelier de réemploi textile et remobilisation": [
        {
            "kind": Kind.IMPACT,
            "design": Design.BEFORE_AFTER,
            "questions": (
                "Les personnes accueillies à l'atelier lèvent-elles leurs freins à l'emploi et "
                "sortent-elles vers un parcours d'insertion ou l'emploi ?"
            ),
            "commissioner": "Département de la Moselle",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 96,
            "sites": 2,
            "attrition": "12.50",
            "period": (455, 315),
            "territory": "57",
            "cost": "6900",
            "summary": (
                "Sur quatre cohortes, la part de sorties dynamiques progresse de 24 points "
                "entre l'entrée et la sortie, et chaque personne lève en moyenne 1,3 frein "
                "(logement, santé, mobilité). Résultats constants d'une cohorte à l'autre."
            ),
            "outcomes": [
                Result("Sorties dynamiques", "à la sortie", "24.0", "15.6", "32.4", POINTS, UP),
                Result(
                    "Freins périphériques levés",
                    "6 mois après l'entrée",
                    "1.3",
                    "0.9",
                    "1.7",
                    "freins par personne",
                    UP,
                ),
            ],
            "planned": 472,
            "history": [
                ("start", 455, ""),
                ("submit_report", 305, ""),
                (
                    "rate",
                    296,
                    "Niveau 2 : changement net et constant sur quatre cohortes, sans groupe de "
                    "comparaison.",
                ),
            ],
            "nesta": NestaLevel.CORRELATION,
        },
    ],
    "Tremplin numérique : les métiers du numérique pour les femmes des QPV": [
        {
            "kind": Kind.IMPACT,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "La formation augmente-t-elle l'accès des femmes des quartiers prioritaires "
                "aux emplois qualifiés du numérique, par rapport aux candidates non retenues ?"
            ),
            "commissioner": "Fondation Égalité Numérique",
            "external": "Cabinet Arcadie Études et Conseil",
            "independent": True,
            "treated": 72,
            "comparison": 95,
            "sites": 1,
            "attrition": "10.20",
            "period": (450, 345),
            "territory": "35",
            "cost": "5600",
            "summary": (
                "Six mois après la formation, les stagiaires sont 24 points plus nombreuses "
                "que les candidates non retenues à occuper un emploi qualifié du numérique, "
                "et 15,5 points plus nombreuses en emploi tous secteurs confondus."
            ),
            "outcomes": [
                Result(
                    "Emploi qualifié dans le numérique",
                    "6 mois après la formation",
                    "24.0",
                    "13.1",
                    "34.9",
                    POINTS,
                    UP,
                ),
                Result(
                    "Emploi, tous secteurs",
                    "6 mois après la formation",
                    "15.5",
                    "4.0",
                    "27.0",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 468,
            "history": [
                ("start", 450, ""),
                ("submit_report", 330, ""),
                (
                    "rate",
                    316,
                    "Niveau 3 : les candidates non retenues, de profil proche à l'entrée, "
                    "forment un groupe de comparaison crédible ; l'effet est net et "
                    "significatif.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
    ],
    "Groupement d'employeurs pour l'insertion en milieu rural": [
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "Le groupement d'employeurs améliore-t-il le maintien dans l'emploi et le "
                "volume d'heures travaillées, par rapport à des cantons ruraux comparables ?"
            ),
            "commissioner": "Région Pays de la Loire",
            "external": "Laboratoire d'économie et de management, Nantes Université",
            "independent": True,
            "treated": 148,
            "comparison": 420,
            "sites": 3,
            "attrition": "7.40",
            "period": (460, 360),
            "territory": "44",
            "cost": "3900",
            "summary": (
                "Douze mois après l'embauche, les salariés du groupement sont 19 points plus "
                "nombreux en emploi que dans les cantons de comparaison et travaillent 22 "
                "heures de plus par mois. Le modèle économique s'équilibre au-delà de 40 "
                "salariés mis à disposition."
            ),
            "outcomes": [
                Result(
                    "Maintien dans l'emploi",
                    "12 mois après l'embauche",
                    "19.0",
                    "11.0",
                    "27.0",
                    POINTS,
                    UP,
                ),
                Result(
                    "Heures travaillées",
                    "12 mois après l'embauche",
                    "22.5",
                    "9.8",
                    "35.2",
                    "heures par mois",
                    UP,
                ),
            ],
            "planned": 478,
            "history": [
                ("start", 460, ""),
                ("submit_report", 345, ""),
                (
                    "rate",
                    336,
                    "Niveau 3 : doubles différences sur des cantons ruraux comparables ; effet "
                    "causal sur le maintien dans l'emploi et analyse économique complète.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
        {
            "kind": Kind.FIDELITY,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "Les antennes de Maine-et-Loire et de Vendée appliquent-elles le modèle du "
                "groupement et obtiennent-elles les mêmes effets sur l'emploi ?"
            ),
            "commissioner": "Région Pays de la Loire",
            "external": "Laboratoire d'économie et de management, Nantes Université",
            "independent": True,
            "treated": 61,
            "sites": 2,
            "period": (80, -285),
            "territory": "R52",
            "planned": 95,
            "history": [("start", 80, "")],
        },
    ],
    "Chantier d'insertion en éco-rénovation contre la précarité énergétique": [
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "Le chantier améliore-t-il l'emploi durable de ses salariés en insertion ?\n"
                "Les travaux réduisent-ils la consommation d'énergie des ménages modestes "
                "dont le logement est rénové ?"
            ),
            "commissioner": "Région Grand Est",
            "external": "Laboratoire d'économie de l'énergie, université de Lorraine",
            "independent": True,
            "treated": 64,
            "comparison": 150,
            "sites": 2,
            "attrition": "10.90",
            "period": (463, 350),
            "territory": "57",
            "cost": "11500",
            "summary": (
                "Les salariés du chantier sont 16 points plus nombreux en emploi durable six "
                "mois après leur sortie que le groupe de comparaison, et les ménages rénovés "
                "consomment 23 % d'énergie en moins. Les accidents du travail avec arrêt sont "
                "plus fréquents que dans les autres chantiers d'insertion."
            ),
            "outcomes": [
                Result(
                    "Emploi durable des salariés en insertion",
                    "6 mois après la sortie",
                    "16.0",
                    "7.2",
                    "24.8",
                    POINTS,
                    UP,
                ),
                Result(
                    "Économie d'énergie des ménages rénovés",
                    "12 mois après les travaux",
                    "23.0",
                    "15.0",
                    "31.0",
                    "% de la consommation",
                    UP,
                ),
                Result(
                    "Accidents du travail avec arrêt",
                    "pendant le contrat",
                    "2.1",
                    "0.4",
                    "3.8",
                    "pour 100 salariés",
                    DOWN,
                    resolution=(
                        300,
                        "Plan de prévention renforcé avec la CARSAT : formation aux gestes et "
                        "postures et au travail en hauteur, second encadrant sur les chantiers "
                        "de toiture. Aucun accident avec arrêt depuis six mois.",
                    ),
                ),
            ],
            "planned": 480,
            "history": [
                ("start", 463, ""),
                ("submit_report", 338, ""),
                (
                    "rate",
                    326,
                    "Niveau 3 : doubles différences sur l'emploi des salariés et sur les "
                    "consommations des ménages ; le résultat négatif sur les accidents du "
                    "travail doit être traité avant la validation.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
    ],
    "Accompagnement global des familles monoparentales vers l'emploi": [
        {
            "kind": Kind.IMPACT,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "L'accompagnement global augmente-t-il l'accès à l'emploi des parents seuls "
                "par rapport à des parents comparables accompagnés par le Département ?"
            ),
            "commissioner": "Département de la Seine-Saint-Denis",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 88,
            "comparison": 104,
            "sites": 1,
            "attrition": "16.00",
            "period": (410, 215),
            "territory": "93",
            "cost": "3800",
            "summary": (
                "Douze mois après l'entrée, l'accès à l'emploi des parents accompagnés ne "
                "diffère pas significativement de celui du groupe de comparaison. Ils "
                "accèdent en revanche bien plus souvent à un mode de garde, ce qui plaide "
                "pour resserrer le parcours sur la garde et l'accès direct à l'emploi."
            ),
            "outcomes": [
                Result(
                    "Accès à l'emploi",
                    "12 mois après l'entrée",
                    "3.1",
                    "-5.9",
                    "12.1",
                    POINTS,
                    NULL,
                ),
                Result(
                    "Accès à un mode de garde",
                    "6 mois après l'entrée",
                    "21.0",
                    "9.5",
                    "32.5",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 428,
            "history": [
                ("start", 410, ""),
                ("submit_report", 200, ""),
                (
                    "rate",
                    188,
                    "Niveau 2 : protocole solide, mais l'effet sur l'emploi, critère principal, "
                    "n'est pas démontré ; seul l'accès à la garde progresse.",
                ),
            ],
            "nesta": NestaLevel.CORRELATION,
        },
    ],
    "Bus de l'emploi itinérant dans le Diois": [
        {
            "kind": Kind.PROCESS,
            "design": Design.THEORY_OF_CHANGE,
            "questions": (
                "Le bus atteint-il les demandeurs d'emploi des villages isolés du Diois ?\n"
                "Les venues au bus débouchent-elles sur des entrées en emploi ou en formation ?"
            ),
            "commissioner": "Communauté de communes du Diois",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 640,
            "sites": 9,
            "attrition": "35.00",
            "period": (396, 130),
            "territory": "26",
            "cost": "400",
            "summary": (
                "Point d'étape : le bus touche 38 % des demandeurs d'emploi des communes "
                "desservies, dont beaucoup ne fréquentaient aucun service. Mais les entrées "
                "en emploi ou en formation trois mois après la première venue ne progressent "
                "pas : l'offre d'emploi locale manque."
            ),
            "outcomes": [
                Result(
                    "Part du public cible venu au bus",
                    "sur la période",
                    "38.0",
                    "33.5",
                    "42.5",
                    "% du public cible",
                    UP,
                ),
                Result(
                    "Entrées en emploi ou en formation",
                    "3 mois après la première venue",
                    "1.2",
                    "-4.8",
                    "7.2",
                    POINTS,
                    NULL,
                ),
            ],
            "planned": 408,
            "history": [
                ("start", 396, ""),
                ("submit_report", 104, "Rapport d'étape remis à mi-parcours."),
                (
                    "rate",
                    95,
                    "Niveau 1 : la théorie du changement est décrite et la fréquentation "
                    "mesurée, mais aucun effet n'apparaît sur les entrées en emploi.",
                ),
            ],
            "nesta": NestaLevel.ACCOUNT,
        },
    ],
    "Ateliers de confiance en soi pour les demandeurs d'emploi": [
        {
            "kind": Kind.IMPACT,
            "design": Design.COMPARISON_GROUP,
            "questions": (
                "Les ateliers améliorent-ils le bien-être et l'accès à l'emploi des "
                "participants, par rapport à des demandeurs d'emploi inscrits sur les "
                "sessions suivantes ?"
            ),
            "commissioner": "Fondation Lyon Solidarités",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 150,
            "comparison": 180,
            "sites": 1,
            "attrition": "19.50",
            "period": (414, 135),
            "territory": "69",
            "cost": "475",
            "summary": (
                "Le bien-être déclaré des participants progresse nettement par rapport au "
                "groupe de comparaison, mais leur accès à l'emploi six mois après les ateliers "
                "n'en diffère pas."
            ),
            "outcomes": [
                Result(
                    "Bien-être déclaré (échelle WEMWBS)",
                    "fin des ateliers",
                    "0.35",
                    "0.16",
                    "0.54",
                    COHEN,
                    UP,
                ),
                Result(
                    "Accès à l'emploi",
                    "6 mois après les ateliers",
                    "-0.8",
                    "-8.9",
                    "7.3",
                    POINTS,
                    NULL,
                ),
            ],
            "planned": 430,
            "history": [
                ("start", 414, ""),
                ("submit_report", 120, ""),
                (
                    "rate",
                    106,
                    "Niveau 2 : l'effet sur le bien-être est établi, mais l'action n'a pas "
                    "d'effet sur l'emploi, qui est sa finalité.",
                ),
            ],
            "nesta": NestaLevel.CORRELATION,
        },
    ],
    "Parrainage des demandeurs d'emploi de longue durée par des cadres bénévoles": [
        {
            "kind": Kind.IMPACT,
            "design": Design.RCT,
            "questions": (
                "Le parrainage augmente-t-il l'accès à l'emploi durable des demandeurs "
                "d'emploi de longue durée, par rapport aux candidats tirés au sort pour la "
                "session suivante ?"
            ),
            "commissioner": "Métropole de Lyon",
            "evaluator": EVALUATOR,
            "independent": True,
            "treated": 260,
            "comparison": 255,
            "sites": 1,
            "attrition": "5.80",
            "period": (506, 318),
            "territory": "69",
            "cost": "530",
            "summary": (
                "À la fin des six mois de parrainage, les filleuls sont 15 points plus "
                "nombreux en emploi durable que les candidats tirés au sort pour la session "
                "suivante."
            ),
            "outcomes": [
                Result(
                    "Accès à l'emploi durable",
                    "fin du parrainage (6 mois)",
                    "15.0",
                    "9.1",
                    "20.9",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 515,
            "history": [
                ("start", 506, "Tirage au sort des candidats en surnombre réalisé."),
                ("submit_report", 312, ""),
                (
                    "rate",
                    306,
                    "Niveau 3 : essai randomisé sur les candidats en surnombre, faible "
                    "attrition ; effet causal net sur l'emploi durable.",
                ),
            ],
            "nesta": NestaLevel.CAUSATION,
        },
        {
            "kind": Kind.IMPACT,
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "questions": (
                "Le parrainage transposé dans l'Isère obtient-il les mêmes effets sur l'emploi "
                "durable, et à quel coût ?"
            ),
            "commissioner": "Département de l'Isère",
            "external": "Cabinet Dauphiné Études et Évaluation",
            "independent": True,
            "treated": 140,
            "comparison": 290,
            "sites": 2,
            "attrition": "8.60",
            "period": (504, 322),
            "territory": "38",
            "cost": "560",
            "summary": (
                "Dans l'Isère, les filleuls sont 13 points plus nombreux en emploi durable "
                "que les demandeurs d'emploi appariés, pour un coût de 560 € par parrainage : "
                "la réplication confirme les résultats obtenus dans le Rhône."
            ),
            "outcomes": [
                Result(
                    "Accès à l'emploi durable",
                    "fin du parrainage (6 mois)",
                    "13.2",
                    "6.0",
                    "20.4",
                    POINTS,
                    UP,
                ),
            ],
            "planned": 514,
            "history": [
                ("start", 504, ""),
                ("submit_report", 316, ""),
                (
                    "rate",
                    309,
                    "Niveau 4 : réplication indépendante dans un autre département, avec "
                    "analyse des coûts, qui confirme l'effet mesuré par l'essai randomisé.",
                ),
            ],
            "nesta": NestaLevel.REPLICATION,
        },
    ],
}


# Essaimage. `KITS` holds, by initiative title, the carrier's consent (days ago, terms) and
# the kit's versions in order: each is drafted by `by` (the owner or the chargée de mission)
# `drafted` days ago and published by the chargée de mission `published` days ago, or left
# as a draft last edited `updated` days ago. A later version starts as a copy of the one
# before (as services.kit_draft does) and `sections` then says what changed. An indicator is
# an evaluation's outcome (its label: the reference value and its source are read from the
# initiative's rated evaluations) or a (label, unit, reference value, source) tuple. Every
# initiative that opened to spreading or scaled up had a published kit and the consent
# before it did.
KITS = {
    "Garage solidaire Roue Libre": {
        "consent": (
            222,
            "Roue Libre Insertion accepte la diffusion de sa méthode, de son guide et de ses "
            "outils aux structures conventionnées par l'accélérateur, sous licence Creative "
            "Commons BY-SA. L'association forme les équipes des structures partenaires (cinq "
            "jours d'immersion à Douai) et les accompagne pendant la première année, dans la "
            "limite de quatre reprises simultanées. Le nom « Garage solidaire Roue Libre » "
            "reste réservé à l'association ; les structures partenaires partagent chaque année "
            "leurs indicateurs.",
        ),
        "versions": [
            {
                "by": OWNER,
                "drafted": 258,
                "published": 215,
                "message": (
                    "Version 1 publiée après deux séances de relecture avec Karim Benali : "
                    "sections complètes, quatre invariants, indicateurs repris de "
                    "l'évaluation d'impact."
                ),
                "sections": {
                    "project_sheet": (
                        "Roue Libre Insertion (Douai, Nord) porte depuis 2016 un garage "
                        "solidaire qui répare à prix coûtant les véhicules des personnes en "
                        "insertion, leur loue des voitures à 5 € par jour le temps d'une "
                        "reprise d'emploi et emploie six mécaniciens en parcours d'insertion. "
                        "Public : demandeurs d'emploi de longue durée, allocataires du RSA et "
                        "salariés en insertion orientés par un prescripteur. Environ 900 "
                        "interventions par an sur le Douaisis et le bassin minier du "
                        "Pas-de-Calais."
                    ),
                    "theory_of_change": (
                        "Sans véhicule, une reprise d'emploi dans les zones logistiques ou en "
                        "horaires postés est impossible, et une panne suffit à la faire "
                        "échouer. Une réparation abordable, ou une voiture de location le temps "
                        "de la réparation, maintient la personne dans l'emploi. L'atelier est "
                        "lui-même un support d'insertion qui qualifie des mécaniciens "
                        "recherchés par les garages du territoire."
                    ),
                    "adaptable_parts": (
                        "Le parc de location (voitures, scooters, vélos à assistance "
                        "électrique) s'adapte à la géographie du territoire, de même que la "
                        "forme juridique (association, atelier et chantier d'insertion, SCIC) "
                        "et la liste des prescripteurs. Les tarifs peuvent tenir compte des "
                        "aides locales à la mobilité, sans dépasser le prix coûtant."
                    ),
                    "methodological_guide": (
                        "1. Orientation par un prescripteur (France Travail, Département, "
                        "mission locale, SIAE) avec une fiche de liaison.\n"
                        "2. Diagnostic du véhicule et devis au prix des pièces, sans marge.\n"
                        "3. Réparation sous cinq jours ouvrés ; voiture de location proposée si "
                        "la panne empêche d'aller travailler.\n"
                        "4. Point mobilité avec la conseillère : budget, assurance, permis.\n"
                        "5. Suivi de la situation d'emploi à trois et six mois.\n"
                        "Le guide détaille chaque étape et fournit les fiches et courriers "
                        "types."
                    ),
                    "economic_model": (
                        "Recettes : réparations facturées au prix des pièces et à un tarif "
                        "social de main-d'œuvre (35 % du budget), locations (10 %), aide au "
                        "poste des salariés en insertion (30 %), subventions du Département et "
                        "de l'intercommunalité au titre de la mobilité (25 %). L'équilibre est "
                        "atteint à partir de 600 interventions par an."
                    ),
                    "template_budget": (
                        "Investissement de démarrage pour un atelier de quatre postes : "
                        "85 000 € (pont élévateur, outillage, valise de diagnostic, trois "
                        "véhicules de location d'occasion). Fonctionnement annuel : "
                        "240 000 €, dont 170 000 € de masse salariale (un encadrant technique, "
                        "une conseillère mobilité à mi-temps, quatre mécaniciens en "
                        "insertion)."
                    ),
                    "success_conditions": (
                        "Un encadrant technique mécanicien expérimenté et pédagogue ; des "
                        "prescripteurs qui orientent avec la fiche de liaison ; un local "
                        "accessible en transports en commun ; l'accord des garages du "
                        "territoire, présentés comme futurs employeurs des mécaniciens et non "
                        "comme concurrents."
                    ),
                    "territorial_prerequisites": (
                        "Un bassin d'emploi où la voiture est indispensable (zones d'activité "
                        "mal desservies, horaires décalés), un Département qui finance la "
                        "mobilité des allocataires du RSA et au moins 300 personnes "
                        "orientables par an."
                    ),
                    "training_plan": (
                        "Cinq jours d'immersion au garage de Douai pour l'encadrant technique "
                        "et la conseillère mobilité ; deux jours sur les outils de suivi ; une "
                        "visite de l'équipe de Roue Libre au troisième mois, puis un point "
                        "trimestriel pendant la première année."
                    ),
                    "monitoring_indicators": (
                        "Le maintien dans l'emploi se mesure six mois après la réparation, par "
                        "un appel de la conseillère confirmé par le prescripteur ; la reprise "
                        "d'emploi ne concerne que les personnes sans emploi à l'entrée. Le "
                        "délai de réparation court du dépôt du véhicule à sa restitution."
                    ),
                    "licence_terms": (
                        "Méthode, guide et outils sous licence Creative Commons BY-SA. "
                        "Convention d'essaimage de trois ans avec Roue Libre Insertion : "
                        "accompagnement au démarrage, partage annuel des indicateurs, nom "
                        "« garage solidaire » réservé aux structures qui respectent les "
                        "invariants."
                    ),
                },
                "invariants": [
                    (
                        "Réparation au prix coûtant",
                        "Les pièces sont facturées sans marge et la main-d'œuvre à un tarif "
                        "social : le garage ne fait pas de bénéfice sur les réparations.",
                    ),
                    (
                        "Orientation par un prescripteur",
                        "Chaque personne est orientée par un acteur de l'emploi ou de "
                        "l'insertion, avec une fiche de liaison : le garage solidaire n'est pas "
                        "ouvert à tous.",
                    ),
                    (
                        "Une solution de mobilité pendant la réparation",
                        "Une voiture de location à tarif solidaire est proposée dès que la "
                        "panne empêche d'aller travailler.",
                    ),
                    (
                        "L'atelier, support d'insertion",
                        "Les mécaniciens sont des salariés en parcours d'insertion, encadrés "
                        "par un professionnel et accompagnés vers l'emploi.",
                    ),
                ],
                "indicators": [
                    "Maintien dans l'emploi",
                    "Reprise d'emploi des personnes sans emploi à l'entrée",
                    (
                        "Délai moyen de réparation",
                        "jours ouvrés",
                        "4.5",
                        "Suivi d'activité de l'atelier de Douai, 2024",
                    ),
                ],
            },
            {
                "by": OWNER,
                "drafted": 35,
                "updated": 6,
                "sections": {
                    "adaptable_parts": (
                        "Le parc de location (voitures, scooters, vélos à assistance "
                        "électrique) s'adapte à la géographie du territoire, de même que la "
                        "forme juridique (association, atelier et chantier d'insertion, SCIC) "
                        "et la liste des prescripteurs. Les tarifs peuvent tenir compte des "
                        "aides locales à la mobilité, sans dépasser le prix coûtant. "
                        "Nouveau : en ville moyenne, le garage peut commencer par un atelier "
                        "de vélos à assistance électrique, moins coûteux à équiper, et "
                        "proposer un microcrédit accompagné pour l'achat d'un véhicule."
                    ),
                    "economic_model": (
                        "Recettes : réparations facturées au prix des pièces et à un tarif "
                        "social de main-d'œuvre (30 % du budget), locations (10 %), entretien "
                        "des flottes de véhicules des structures d'insertion voisines (8 %), "
                        "aide au poste des salariés en insertion (30 %), subventions du "
                        "Département et de l'intercommunalité (22 %). Retour des premières "
                        "reprises : l'équilibre est atteint dès 500 interventions par an "
                        "quand l'atelier entretient une flotte."
                    ),
                },
                "invariants": [
                    (
                        "Le suivi de l'emploi à six mois",
                        "Chaque personne dépannée est recontactée six mois après la réparation "
                        ": ce suivi permet de mesurer l'effet du garage, ici comme à Douai.",
                    ),
                ],
            },
        ],
    },
    "Atelier de réemploi textile et remobilisation": {
        "consent": (
            172,
            "Les Ateliers du Rebond acceptent l'essaimage de l'atelier en fertilisation "
            "formelle : diffusion du guide et des outils, trois jours de formation à Forbach "
            "pour l'encadrante technique et la conseillère de chaque structure partenaire, "
            "visite annuelle. La marque « Atelier du Rebond » n'est pas cédée ; les "
            "structures partenaires s'engagent à respecter les invariants et à partager "
            "leurs sorties.",
        ),
        "versions": [
            {
                "by": OWNER,
                "drafted": 240,
                "published": 165,
                "sections": {
                    "project_sheet": (
                        "Un atelier de tri, de couture et de revente de textiles de seconde "
                        "main, à Forbach (Moselle), qui emploie trente femmes par an en contrat "
                        "d'insertion à temps partiel. Elles sont pour la plupart sans activité "
                        "professionnelle depuis de longues années, souvent seules avec leurs "
                        "enfants et allocataires du RSA."
                    ),
                    "theory_of_change": (
                        "Un premier contrat de vingt heures par semaine, dans un collectif "
                        "bienveillant, rend la reprise d'activité possible sans bouleverser "
                        "l'organisation familiale. Le tri, la couture et la vente révèlent des "
                        "compétences que les salariées ignoraient ; l'augmentation progressive "
                        "du temps de travail et la levée des freins (garde, santé, mobilité) "
                        "préparent un emploi dans le commerce ou les services."
                    ),
                    "adaptable_parts": (
                        "La source d'approvisionnement (apports volontaires, conventions avec "
                        "les éco-organismes ou une recyclerie), la part de la vente en ligne, "
                        "les horaires de l'atelier selon les horaires scolaires du territoire "
                        "et l'ouverture de l'atelier à des hommes, dans un collectif mixte."
                    ),
                    "methodological_guide": (
                        "Entrée : information collective et entretien, sans condition de "
                        "diplôme. Mois 1 à 3 : tri et préparation, 20 heures par semaine. "
                        "Mois 4 à 8 : couture et vente en boutique, passage à 26 heures. Mois "
                        "9 à 12 : immersions en entreprise et recherche d'emploi accompagnée. "
                        "Un entretien individuel toutes les deux semaines avec la conseillère "
                        "tout au long du parcours."
                    ),
                    "economic_model": (
                        "Ventes en boutique et en ligne (28 % du budget), aide au poste de "
                        "l'atelier et chantier d'insertion (42 %), Département au titre du "
                        "RSA (15 %), éco-organisme de la filière textile (10 %), fondations "
                        "(5 %)."
                    ),
                    "template_budget": (
                        "Fonctionnement annuel pour quinze salariées en insertion : "
                        "190 000 €, dont 150 000 € de masse salariale ; installation : "
                        "35 000 € (machines à coudre professionnelles, rayonnages, "
                        "aménagement de la boutique)."
                    ),
                    "success_conditions": (
                        "Une encadrante technique issue du commerce ou de la couture, formée à "
                        "l'accompagnement ; une boutique visible en centre-ville ; des "
                        "solutions de garde mobilisables dès l'entrée ; des employeurs du "
                        "commerce associés dès le départ pour les immersions."
                    ),
                    "territorial_prerequisites": (
                        "Un gisement de textiles suffisant (au moins 80 tonnes par an) et un "
                        "public de femmes éloignées de l'emploi identifié par le Département "
                        "ou le CCAS."
                    ),
                    "training_plan": (
                        "Trois jours à Forbach pour l'encadrante technique et la conseillère ; "
                        "une journée sur le tri et la qualité ; un accompagnement à distance "
                        "tous les mois pendant la première année."
                    ),
                    "monitoring_indicators": (
                        "Les sorties dynamiques se comptent à la fin du contrat, selon la "
                        "définition de la DREETS ; les freins levés sont relevés par la "
                        "conseillère à l'entrée puis six mois après, avec la grille du kit."
                    ),
                    "licence_terms": (
                        "Guide et outils sous licence Creative Commons BY-NC-SA. Convention de "
                        "fertilisation formelle de deux ans, renouvelable, entre Les Ateliers "
                        "du Rebond et chaque structure partenaire."
                    ),
                },
                "invariants": [
                    (
                        "Un premier contrat court et progressif",
                        "Le parcours commence par un contrat de vingt heures par semaine, "
                        "augmenté par paliers au rythme de chacune.",
                    ),
                    (
                        "Le textile comme support, la vente comme tremplin",
                        "Chaque salariée passe par le tri, la couture et la vente en boutique, "
                        "pour acquérir des compétences utiles au commerce et aux services.",
                    ),
                    (
                        "Un accompagnement individuel tous les quinze jours",
                        "Un entretien individuel toutes les deux semaines avec la conseillère "
                        "pour lever les freins périphériques (garde, santé, mobilité).",
                    ),
                ],
                "indicators": ["Sorties dynamiques", "Freins périphériques levés"],
            },
        ],
    },
    "Tremplin numérique : les métiers du numérique pour les femmes des QPV": {
        "consent": (
            140,
            "La SCOP Codéo Numérique accepte que sa formation soit reprise par des structures "
            "de l'emploi et de l'insertion : diffusion des programmes, des projets "
            "pédagogiques et du guide des marraines sous licence libre, formation des "
            "formateurs à Rennes (quatre jours). Codéo Numérique ne facture que la formation "
            "des formateurs et se réserve la marque « Tremplin numérique ».",
        ),
        "versions": [
            {
                "by": OWNER,
                "drafted": 230,
                "published": 132,
                "sections": {
                    "project_sheet": (
                        "Une formation intensive de quatre mois aux métiers de technicienne "
                        "d'assistance informatique et de développeuse web, suivie d'un stage "
                        "et d'une alternance, pour des femmes des quartiers prioritaires. "
                        "Portée à Rennes par la SCOP Codéo Numérique depuis 2020 : 48 "
                        "stagiaires par an, en deux promotions."
                    ),
                    "theory_of_change": (
                        "Les femmes des quartiers prioritaires s'excluent d'elles-mêmes des "
                        "métiers du numérique, faute de modèles et de formations sans "
                        "prérequis. Une pédagogie par projets, une marraine issue d'une "
                        "entreprise partenaire et une solution de garde pendant la formation "
                        "lèvent l'autocensure ; l'alternance financée débouche sur l'embauche."
                    ),
                    "adaptable_parts": (
                        "Le métier visé selon les besoins des entreprises locales "
                        "(assistance informatique, développement web, cybersécurité de "
                        "premier niveau, data), la durée de l'alternance et le calendrier des "
                        "promotions."
                    ),
                    "methodological_guide": (
                        "Recrutement : ateliers de découverte dans les quartiers avec les "
                        "centres sociaux, tests d'aptitude logique sans prérequis de diplôme. "
                        "Formation : seize semaines en projets (un site, un parc informatique, "
                        "une application), évaluations par compétences. Stage de quatre "
                        "semaines puis alternance, avec la marraine comme appui tout au long "
                        "du parcours."
                    ),
                    "economic_model": (
                        "Région (formation des demandeuses d'emploi, 55 %), opérateur de "
                        "compétences pour l'alternance (20 %), mécénat des entreprises "
                        "partenaires (15 %), CAF et ville pour la garde d'enfants (10 %)."
                    ),
                    "template_budget": (
                        "Pour une promotion de quatorze stagiaires : 95 000 €, dont 60 000 € "
                        "de formatrices, 15 000 € de garde d'enfants, 12 000 € de matériel "
                        "prêté aux stagiaires et 8 000 € de coordination des marraines."
                    ),
                    "success_conditions": (
                        "Au moins cinq entreprises partenaires engagées à accueillir des "
                        "stagiaires et des alternantes ; des formatrices issues du métier ; "
                        "une solution de garde réservée avant le démarrage ; un recrutement "
                        "fait dans les quartiers, pas seulement sur prescription."
                    ),
                    "territorial_prerequisites": (
                        "Un bassin d'emploi où les entreprises du numérique recrutent, des "
                        "quartiers prioritaires à proximité et une Région qui finance la "
                        "formation des demandeuses d'emploi."
                    ),
                    "training_plan": (
                        "Quatre jours à Rennes pour les formatrices et la coordinatrice ; "
                        "accès aux supports et aux projets pédagogiques ; participation au "
                        "jury de la promotion rennaise suivante."
                    ),
                    "monitoring_indicators": (
                        "L'emploi se mesure six mois après la fin de la formation : contrat, "
                        "secteur et métier. Un emploi qualifié dans le numérique suppose un "
                        "métier de la famille M18 du répertoire ROME."
                    ),
                    "licence_terms": (
                        "Programmes et projets pédagogiques sous licence Creative Commons "
                        "BY-SA ; guide des marraines sous licence BY-NC. Convention de deux "
                        "ans ; marque « Tremplin numérique » réservée aux structures qui "
                        "respectent les invariants."
                    ),
                },
                "invariants": [
                    (
                        "Aucun prérequis de diplôme",
                        "Le recrutement repose sur la motivation et des tests d'aptitude, "
                        "jamais sur le diplôme.",
                    ),
                    (
                        "Une pédagogie par projets",
                        "Les compétences s'acquièrent sur des projets réels, évalués par "
                        "compétences.",
                    ),
                    (
                        "Une marraine pour chaque stagiaire",
                        "Une professionnelle d'une entreprise partenaire accompagne chaque "
                        "stagiaire de l'entrée en formation à l'alternance.",
                    ),
                    (
                        "Une solution de garde pendant la formation",
                        "Aucune stagiaire ne renonce faute de garde : la solution est trouvée "
                        "avant le démarrage.",
                    ),
                    (
                        "Un débouché en alternance",
                        "La formation se prolonge par une alternance financée dans une "
                        "entreprise partenaire.",
                    ),
                ],
                "indicators": [
                    "Emploi qualifié dans le numérique",
                    "Emploi, tous secteurs",
                    (
                        "Stagiaires certifiées",
                        "% des stagiaires",
                        "80",
                        "Promotions 2023 et 2024 de Rennes (titre professionnel)",
                    ),
                ],
            },
        ],
    },
    "Groupement d'employeurs pour l'insertion en milieu rural": {
        "consent": (
            200,
            "Le GEIQ Atlantique Services et Soins accepte la diffusion de sa méthode aux "
            "groupements d'employeurs volontaires ; il la déploie lui-même dans la région "
            "Pays de la Loire dans le cadre de son plan de changement d'échelle, et "
            "accompagne ailleurs les groupements qui le souhaitent (formation de deux jours, "
            "outils de planification des temps partagés).",
        ),
        "versions": [
            {
                "by": STAFF,
                "drafted": 250,
                "published": 185,
                "sections": {
                    "project_sheet": (
                        "Des artisans, exploitants agricoles et PME rurales de Loire-Atlantique "
                        "partagent des salariés recrutés parmi les demandeurs d'emploi de "
                        "longue durée et formés en alternance à plusieurs métiers : 60 "
                        "salariés en CDI à temps plein, chacun chez deux à quatre employeurs."
                    ),
                    "theory_of_change": (
                        "Les besoins partiels ou saisonniers des petits employeurs ruraux "
                        "restent non pourvus, pendant que des demandeurs d'emploi n'obtiennent "
                        "que des contrats courts. La mutualisation transforme ces besoins en "
                        "CDI à temps plein ; la formation multi-métiers et l'accompagnement du "
                        "groupement sécurisent le salarié comme les employeurs."
                    ),
                    "adaptable_parts": (
                        "Les métiers combinés selon l'économie locale (maraîchage et "
                        "conditionnement, entretien d'espaces verts et bâtiment, aide à domicile "
                        "et restauration), la taille des antennes et le partenariat avec les "
                        "chambres consulaires."
                    ),
                    "methodological_guide": (
                        "Recensement des besoins des employeurs et construction de postes "
                        "complets ; recrutement par simulation avec France Travail ; contrat "
                        "de professionnalisation de douze mois ; planning partagé tenu par le "
                        "groupement ; accompagnement social mensuel ; CDI au terme de "
                        "l'alternance."
                    ),
                    "economic_model": (
                        "Facturation des heures mises à disposition aux employeurs adhérents "
                        "(70 %), aides à l'embauche en alternance (15 %), Région et "
                        "Département pour l'accompagnement (15 %). Équilibre au-delà de "
                        "quarante salariés par antenne."
                    ),
                    "template_budget": (
                        "Antenne de vingt salariés : 90 000 € de fonctionnement annuel hors "
                        "masse salariale refacturée (une chargée de développement, une "
                        "accompagnatrice sociale à mi-temps, logiciel de planification)."
                    ),
                    "success_conditions": (
                        "Un noyau d'employeurs adhérents prêts à s'engager sur un temps partagé "
                        "durable ; une chargée de développement connue des entreprises ; des "
                        "trajets compatibles entre les employeurs d'un même salarié."
                    ),
                    "territorial_prerequisites": (
                        "Un tissu de petites entreprises rurales aux besoins complémentaires "
                        "dans un rayon de 25 km, et des demandeurs d'emploi de longue durée "
                        "mobiles ou un appui à la mobilité."
                    ),
                    "training_plan": (
                        "Deux jours de formation à la construction de temps partagés et au "
                        "logiciel de planification ; compagnonnage de la chargée de "
                        "développement pendant trois mois."
                    ),
                    "monitoring_indicators": (
                        "Le maintien dans l'emploi se mesure douze mois après l'embauche ; "
                        "les heures travaillées sont relevées dans le logiciel de paie du "
                        "groupement."
                    ),
                    "licence_terms": (
                        "Outils de planification sous licence libre ; convention d'adhésion au "
                        "réseau des groupements d'employeurs pour l'insertion."
                    ),
                },
                "invariants": [
                    (
                        "Des CDI à temps plein construits à plusieurs employeurs",
                        "Le groupement ne recrute que pour des postes complets et durables.",
                    ),
                    (
                        "Une formation multi-métiers en alternance",
                        "Chaque salarié se qualifie en alternance sur les métiers de ses "
                        "employeurs.",
                    ),
                    (
                        "Un accompagnement social par le groupement",
                        "Le groupement, et non les employeurs, accompagne le salarié dans ses "
                        "difficultés sociales et professionnelles.",
                    ),
                    (
                        "Une gouvernance par les employeurs adhérents",
                        "Les employeurs adhérents décident ensemble et se portent garants des "
                        "emplois.",
                    ),
                ],
                "indicators": ["Maintien dans l'emploi", "Heures travaillées"],
            },
        ],
    },
    "Chantier d'insertion en éco-rénovation contre la précarité énergétique": {
        "consent": (
            228,
            "Les Ateliers du Rebond acceptent l'essaimage du chantier en franchise sociale "
            "ou en duplication : transmission du guide, des procédures de sécurité et des "
            "outils de repérage des ménages, formation des encadrants techniques (cinq "
            "jours), audit de conformité annuel. Les structures partenaires s'engagent à "
            "respecter le plan de prévention des risques sur chantier.",
        ),
        "versions": [
            {
                "by": OWNER,
                "drafted": 262,
                "published": 220,
                "sections": {
                    "project_sheet": (
                        "Des salariés en insertion isolent et rénovent les logements de "
                        "ménages en précarité énergétique repérés par les travailleurs "
                        "sociaux, et se forment aux métiers de la rénovation énergétique. "
                        "Portée en Moselle par Les Ateliers du Rebond : 80 logements et 22 "
                        "salariés en insertion par an."
                    ),
                    "theory_of_change": (
                        "Le chantier répond à deux besoins à la fois : les travaux réduisent "
                        "les factures des ménages, et les salariés acquièrent sur des "
                        "chantiers réels les compétences recherchées par les artisans "
                        "labellisés RGE, qui les embauchent à la sortie."
                    ),
                    "adaptable_parts": (
                        "Les types de travaux selon le parc de logements (combles, murs, "
                        "menuiseries), le financement des travaux (programme local, caisses de "
                        "retraite, fondations) et le bailleur ou la collectivité partenaire."
                    ),
                    "methodological_guide": (
                        "Repérage des ménages par les travailleurs sociaux avec la grille du "
                        "kit ; visite technique et plan de travaux ; montage du financement "
                        "avec l'opérateur de l'habitat ; chantier encadré de deux à quatre "
                        "semaines ; visite de fin de travaux et suivi des consommations "
                        "pendant un an."
                    ),
                    "economic_model": (
                        "Financement des travaux par les aides à la rénovation et les "
                        "programmes locaux (45 %), aide au poste (35 %), Département et "
                        "fondations pour l'accompagnement (20 %). Le reste à charge des "
                        "ménages est plafonné à 5 % du coût des travaux."
                    ),
                    "template_budget": (
                        "Chantier de douze salariés en insertion : 420 000 € par an, dont "
                        "260 000 € de masse salariale et 110 000 € de matériaux ; "
                        "investissement de 60 000 € (véhicule utilitaire, échafaudages, "
                        "outillage)."
                    ),
                    "success_conditions": (
                        "Des encadrants techniques issus du bâtiment et formés à la sécurité ; "
                        "un partenariat solide avec les services sociaux pour le repérage ; "
                        "des artisans RGE associés pour les stages et l'embauche."
                    ),
                    "territorial_prerequisites": (
                        "Un parc de logements anciens mal isolés occupés par des ménages "
                        "modestes, un programme local de lutte contre la précarité "
                        "énergétique et des artisans qui recrutent."
                    ),
                    "training_plan": (
                        "Cinq jours sur chantier en Moselle pour les encadrants techniques, "
                        "dont une journée de prévention des risques avec la CARSAT ; "
                        "formation des travailleurs sociaux au repérage (une demi-journée)."
                    ),
                    "monitoring_indicators": (
                        "L'emploi durable des salariés se mesure six mois après la sortie ; "
                        "les économies d'énergie comparent les factures des douze mois "
                        "suivant les travaux à celles des douze mois précédents."
                    ),
                    "licence_terms": (
                        "Guide et outils sous licence Creative Commons BY-NC-SA ; convention "
                        "de franchise sociale ou de duplication de trois ans, avec audit "
                        "annuel de conformité."
                    ),
                },
                "invariants": [
                    (
                        "Des ménages repérés par les travailleurs sociaux",
                        "Les logements rénovés sont ceux des ménages en précarité énergétique "
                        "repérés par les services sociaux, pas ceux de clients solvables.",
                    ),
                    (
                        "Des chantiers réels comme support de formation",
                        "Les salariés se forment en réalisant les travaux, encadrés pas à pas.",
                    ),
                    (
                        "Un encadrement technique qualifié",
                        "Chaque équipe est encadrée par un professionnel du bâtiment formé aux "
                        "techniques de rénovation énergétique.",
                    ),
                    (
                        "La prévention des risques sur chantier",
                        "Plan de prévention élaboré avec la CARSAT, formation au travail en "
                        "hauteur avant tout chantier, second encadrant sur les toitures.",
                    ),
                ],
                "indicators": [
                    "Emploi durable des salariés en insertion",
                    "Économie d'énergie des ménages rénovés",
                ],
            },
        ],
    },
    "Parrainage des demandeurs d'emploi de longue durée par des cadres bénévoles": {
        "consent": (
            280,
            "Cap Expérience 69 accepte la diffusion de sa méthode de parrainage au réseau "
            "régional des associations de parrainage et à toute structure conventionnée : "
            "guide du parrain, charte, formation des coordinatrices (deux jours).",
        ),
        "versions": [
            {
                "by": OWNER,
                "drafted": 284,
                "published": 276,
                "sections": {
                    "project_sheet": (
                        "Des cadres en activité ou jeunes retraités parrainent bénévolement "
                        "des demandeurs d'emploi de longue durée pendant six mois, avec une "
                        "rencontre hebdomadaire et l'ouverture de leur réseau professionnel. "
                        "300 parrainages par an dans le Rhône."
                    ),
                    "theory_of_change": (
                        "La majorité des recrutements passe par la recommandation, et le "
                        "chômage prolongé coupe du réseau professionnel. Le parrain apporte "
                        "réseau, conseil et recommandation ; la régularité des rencontres "
                        "entretient la dynamique de recherche."
                    ),
                    "adaptable_parts": (
                        "Le recrutement des parrains (entreprises, clubs de retraités, "
                        "réseaux d'anciens élèves), le lieu des rencontres et les temps "
                        "collectifs entre binômes."
                    ),
                    "methodological_guide": (
                        "Recrutement et formation des parrains (une journée) ; constitution "
                        "des binômes par la coordinatrice selon le métier visé ; rencontre "
                        "hebdomadaire pendant six mois ; point mensuel de la coordinatrice "
                        "avec chaque binôme ; bilan de fin de parrainage."
                    ),
                    "economic_model": (
                        "Une coordinatrice salariée pour soixante binômes, financée par le "
                        "Département (50 %), France Travail (30 %) et le mécénat des "
                        "entreprises des parrains (20 %)."
                    ),
                    "template_budget": (
                        "Pour soixante parrainages par an : 42 000 € (une coordinatrice à "
                        "temps plein, frais de formation des parrains, événements)."
                    ),
                    "success_conditions": (
                        "Un vivier de parrains renouvelé chaque année ; une coordinatrice "
                        "disponible pour les binômes en difficulté ; des prescripteurs qui "
                        "orientent des personnes prêtes à s'engager six mois."
                    ),
                    "territorial_prerequisites": (
                        "Un bassin d'emploi avec suffisamment de cadres en activité ou "
                        "retraités, et un partenariat avec France Travail pour l'orientation."
                    ),
                    "training_plan": (
                        "Deux jours pour les coordinatrices ; kit de formation des parrains "
                        "prêt à l'emploi."
                    ),
                    "monitoring_indicators": (
                        "L'accès à l'emploi durable (CDI ou CDD de six mois et plus) se mesure "
                        "à la fin du parrainage ; un parrainage est mené à terme après six mois "
                        "de rencontres."
                    ),
                    "licence_terms": (
                        "Guide, charte et kit de formation sous licence Creative Commons "
                        "BY-SA ; convention avec le réseau régional."
                    ),
                },
                "invariants": [
                    (
                        "Des parrains bénévoles formés",
                        "Chaque parrain suit la journée de formation avant son premier parrainage.",
                    ),
                    (
                        "Une rencontre chaque semaine pendant six mois",
                        "La régularité des rencontres fait l'effet du parrainage.",
                    ),
                    (
                        "Une coordinatrice salariée",
                        "Une professionnelle constitue les binômes et les suit chaque mois.",
                    ),
                ],
                "indicators": [
                    "Accès à l'emploi durable",
                    (
                        "Parrainages menés à terme",
                        "% des parrainages",
                        "84",
                        "Rapport d'activité 2023 de Cap Expérience 69",
                    ),
                ],
            },
        ],
    },
    # A validated initiative whose kit the chargée de mission and the carrier are writing.
    "Crèche à vocation d'insertion professionnelle de Saint-Denis": {
        "versions": [
            {
                "by": STAFF,
                "drafted": 70,
                "updated": 9,
                "sections": {
                    "project_sheet": (
                        "Une crèche à vocation d'insertion professionnelle (AVIP) qui réserve "
                        "30 % de ses places aux enfants de parents demandeurs d'emploi, en "
                        "contrepartie d'un accompagnement intensif vers l'emploi de six mois "
                        "avec France Travail. Portée à Saint-Denis par Les Petits Pas "
                        "Solidaires : 30 familles par an."
                    ),
                    "theory_of_change": (
                        "La place en crèche libère le temps de la recherche d'emploi ; "
                        "l'engagement réciproque et la coordination entre la directrice de la "
                        "crèche et la conseillère France Travail accélèrent le retour à "
                        "l'emploi."
                    ),
                    "adaptable_parts": (
                        "Le nombre de places réservées (au moins 30 %), le partenaire de "
                        "l'accompagnement (France Travail, PLIE, Département) et les horaires "
                        "d'accueil."
                    ),
                    "methodological_guide": (
                        "Orientation par la conseillère France Travail ; commission "
                        "d'attribution mensuelle ; contrat d'engagement réciproque signé par "
                        "le parent ; point hebdomadaire entre la directrice et la conseillère. "
                        "À compléter avec Nadia Haddad : la sortie du dispositif quand le "
                        "parent reprend un emploi."
                    ),
                    "success_conditions": (
                        "Une conseillère France Travail dédiée, qui se déplace à la crèche ; "
                        "une directrice de crèche convaincue du projet d'insertion ; une "
                        "commission d'attribution réactive."
                    ),
                },
                "invariants": [
                    (
                        "30 % des places pour les parents demandeurs d'emploi",
                        "Les places AVIP sont attribuées sans condition d'emploi, sur orientation.",
                    ),
                    (
                        "Un engagement réciproque",
                        "La place en crèche va de pair avec un accompagnement intensif de six "
                        "mois vers l'emploi.",
                    ),
                ],
                "indicators": ["Emploi des parents"],
            },
        ],
    },
}

# The replications, by partner organisations. Each follows the latest kit version published
# when its interest is declared by `declared_by` (a member of the organisation), while the
# initiative is open to spreading, `declared` days ago; `history` lists the steps the
# chargée de mission records (transition, days ago, message), the agreement being signed two
# days before it is recorded. The partner reports milestones (title, days ago, note) after
# the agreement and, once launched, fidelity to each invariant and the kit's indicators at
# two dates: `fidelity` gives, per date, the invariants not plainly respected (index: status,
# comment); `measures` gives, per date, the ratio of the measured values to the original's.
REPLICATIONS = [
    {
        "initiative": "Garage solidaire Roue Libre",
        "organisation": "Maison de l'emploi du Grand Poitiers",
        "territory": "86",
        "strategy": Strategy.FLEXIBLE_DUPLICATION,
        "declared_by": "partenaire@essaim.demo",
        "declared": 188,
        "motivation": (
            "Dans le sud de la Vienne, les demandeurs d'emploi sans voiture refusent les "
            "postes de la logistique et de l'agroalimentaire. La Maison de l'emploi veut "
            "reprendre le garage solidaire avec l'atelier et chantier d'insertion de "
            "Chauvigny, qui dispose d'un local et d'un encadrant mécanicien."
        ),
        "history": [
            (
                "agree",
                161,
                "Convention de duplication souple signée entre Roue Libre Insertion, la "
                "Maison de l'emploi et le Département de la Vienne.",
            ),
            ("start_preparation", 150, "Préparation : local, recrutement, prescripteurs."),
            ("launch", 98, "Atelier de Chauvigny ouvert : premières réparations."),
        ],
        "milestones": [
            (
                "Comité de pilotage de lancement",
                157,
                "Avec le Département, France Travail et la mission locale : circuit "
                "d'orientation et fiche de liaison adoptés.",
            ),
            (
                "Immersion de l'encadrant technique à Douai",
                131,
                "Cinq jours au garage de Roue Libre, avec la conseillère mobilité.",
            ),
            ("Ouverture de l'atelier de Chauvigny", 97, "Quatre postes de mécaniciens pourvus."),
        ],
        "fidelity": [
            (
                62,
                {
                    2: (
                        Fidelity.ADAPTED,
                        "Deux voitures de location seulement au démarrage : un scooter les "
                        "complète en attendant le troisième véhicule.",
                    )
                },
            ),
            (14, {}),
        ],
        "measures": [(60, "0.82"), (12, "0.93")],
    },
    {
        "initiative": "Garage solidaire Roue Libre",
        "organisation": "CCAS de Saint-Quentin",
        "territory": "02",
        "strategy": Strategy.FORMAL_FERTILISATION,
        "declared_by": "olivier.dupuis@essaim.demo",
        "declared": 176,
        "motivation": (
            "Le CCAS accompagne 900 allocataires du RSA dont les deux tiers n'ont pas de "
            "véhicule en état de marche ; un garage associatif local est prêt à porter "
            "l'atelier avec nous."
        ),
        "history": [
            ("agree", 149, "Convention de fertilisation formelle signée pour deux ans."),
            (
                "abandon",
                84,
                "Le garage associatif qui devait porter l'atelier a cessé son activité et "
                "aucun autre local adapté n'a été trouvé. Le CCAS oriente désormais vers la "
                "plateforme de mobilité de l'Aisne ; il pourra reprendre le projet plus tard.",
            ),
        ],
        "milestones": [
            (
                "Journée d'immersion au garage de Douai",
                140,
                "Le directeur du CCAS et le garage associatif partenaire ont visité l'atelier.",
            ),
        ],
    },
    {
        "initiative": "Atelier de réemploi textile et remobilisation",
        "organisation": "Association Trait d'Union Ardennes",
        "territory": "08",
        "strategy": Strategy.FORMAL_FERTILISATION,
        "declared_by": "laetitia.henry@essaim.demo",
        "declared": 141,
        "motivation": (
            "Notre atelier et chantier d'insertion de Charleville-Mézières accueille surtout "
            "des hommes ; nous voulons ouvrir un atelier textile pour les mères isolées du "
            "quartier de la Ronde-Couture, qui n'entrent dans aucun dispositif."
        ),
        "history": [
            ("agree", 116, "Convention de fertilisation formelle signée."),
            ("start_preparation", 101, "Recherche du local de la boutique et recrutement."),
        ],
        "milestones": [
            (
                "Formation de l'encadrante technique à Forbach",
                95,
                "Trois jours à l'atelier des Ateliers du Rebond.",
            ),
            (
                "Convention d'approvisionnement avec l'éco-organisme",
                70,
                "Quarante tonnes de textiles par an réservées à l'atelier.",
            ),
        ],
    },
    {
        "initiative": "Atelier de réemploi textile et remobilisation",
        "organisation": "CCAS de Mulhouse",
        "territory": "68",
        "strategy": Strategy.OPEN_FERTILISATION,
        "declared_by": "anne.schmitt@essaim.demo",
        "declared": 64,
        "motivation": (
            "Le CCAS cherche une première marche vers l'emploi pour les femmes qu'il "
            "accompagne au titre du RSA ; la méthode des Ateliers du Rebond, à temps partiel "
            "et en collectif, leur correspond."
        ),
        "history": [("agree", 33, "Convention signée : reprise libre de la méthode.")],
        "milestones": [
            (
                "Visite de l'atelier de Forbach",
                26,
                "L'équipe du CCAS et deux futures salariées ont passé une journée à l'atelier.",
            ),
        ],
    },
    {
        "initiative": "Tremplin numérique : les métiers du numérique pour les femmes des QPV",
        "organisation": "Mission locale Loire Estuaire",
        "territory": "44",
        "strategy": Strategy.FLEXIBLE_DUPLICATION,
        "declared_by": "mehdi.bouzid@essaim.demo",
        "declared": 114,
        "motivation": (
            "Les entreprises du numérique nantaises nous sollicitent pour recruter, et les "
            "jeunes femmes des quartiers de Nantes Nord et de Saint-Herblain ne postulent "
            "jamais : Tremplin numérique fait le lien."
        ),
        "history": [
            ("agree", 100, "Convention de duplication souple signée avec Codéo Numérique."),
            ("start_preparation", 92, "Recrutement des formatrices et des marraines."),
            ("launch", 71, "Première promotion nantaise entrée en formation."),
        ],
        "milestones": [
            (
                "Trois entreprises partenaires engagées",
                88,
                "Elles fournissent les marraines et accueillent stages et alternances.",
            ),
            (
                "Sélection de la première promotion",
                76,
                "Quatorze stagiaires retenues sur quarante candidates.",
            ),
        ],
        "fidelity": [
            (
                44,
                {
                    3: (
                        Fidelity.ADAPTED,
                        "Solution de garde trouvée pour onze stagiaires sur quatorze ; les "
                        "trois autres sont gardées par leur famille en attendant une place.",
                    )
                },
            ),
            (
                8,
                {
                    4: (
                        Fidelity.ADAPTED,
                        "Deux stagiaires entrent en CDD plutôt qu'en alternance, à leur demande.",
                    )
                },
            ),
        ],
        "measures": [(40, "0.75"), (6, "0.9")],
    },
    {
        "initiative": "Tremplin numérique : les métiers du numérique pour les femmes des QPV",
        "organisation": "Mission locale du Grand Poitiers",
        "territory": "86",
        "strategy": Strategy.OPEN_FERTILISATION,
        "declared_by": "partenaire@essaim.demo",
        "declared": 11,
        "motivation": (
            "Les jeunes femmes suivies par la mission locale dans les quartiers des "
            "Couronneries et des Trois-Cités s'orientent rarement vers le numérique ; nous "
            "voulons reprendre la pédagogie et le principe des marraines avec les entreprises "
            "de la Technopole du Futuroscope."
        ),
    },
    {
        "initiative": "Tremplin numérique : les métiers du numérique pour les femmes des QPV",
        "organisation": "Régie de quartier Reims Croix-Rouge",
        "territory": "51",
        "strategy": Strategy.SOCIAL_FRANCHISE,
        "declared_by": "karine.mercier@essaim.demo",
        "declared": 104,
        "motivation": (
            "La régie veut ouvrir une formation au numérique pour les habitantes du quartier "
            "Croix-Rouge, sous la marque Tremplin numérique."
        ),
        "history": [
            (
                "abandon",
                77,
                "La Région n'a pas retenu le financement de la formation cette année : la "
                "régie renonce pour l'instant et pourra déclarer de nouveau son intérêt.",
            ),
        ],
    },
    {
        "initiative": "Chantier d'insertion en éco-rénovation contre la précarité énergétique",
        "organisation": "Régie de quartier Reims Croix-Rouge",
        "territory": "51",
        "strategy": Strategy.SOCIAL_FRANCHISE,
        "declared_by": "karine.mercier@essaim.demo",
        "declared": 204,
        "motivation": (
            "Les logements du quartier Croix-Rouge sont parmi les plus énergivores de la "
            "Marne ; la régie emploie déjà des habitants sur l'entretien des immeubles et "
            "veut les former à la rénovation énergétique avec le bailleur social."
        ),
        "history": [
            ("agree", 182, "Convention de franchise sociale signée pour trois ans."),
            ("start_preparation", 171, "Agrément du chantier d'insertion et recrutement."),
            ("launch", 143, "Premier chantier ouvert."),
            (
                "make_autonomous",
                29,
                "Audit de conformité favorable : la régie mène ses chantiers seule, Les "
                "Ateliers du Rebond n'interviennent plus qu'à l'audit annuel.",
            ),
        ],
        "milestones": [
            (
                "Agrément du chantier d'insertion",
                176,
                "Douze postes en insertion conventionnés par la DDETS de la Marne.",
            ),
            (
                "Premier chantier : six logements du quartier",
                142,
                "Isolation des combles avec le bailleur social.",
            ),
            ("Vingt logements rénovés", 95, "Premier bilan avec le bailleur et les ménages."),
            ("Audit de conformité au kit", 33, "Tous les invariants sont respectés."),
        ],
        "fidelity": [
            (
                100,
                {
                    2: (
                        Fidelity.ADAPTED,
                        "Un seul encadrant technique pour deux équipes pendant trois mois, le "
                        "temps de recruter le second.",
                    )
                },
            ),
            (31, {}),
        ],
        "measures": [(98, "0.85"), (30, "0.96")],
    },
    {
        "initiative": "Chantier d'insertion en éco-rénovation contre la précarité énergétique",
        "organisation": "CCAS de Mulhouse",
        "territory": "68",
        "strategy": Strategy.CENTRALISED_DUPLICATION,
        "declared_by": "anne.schmitt@essaim.demo",
        "declared": 130,
        "motivation": (
            "Le CCAS repère chaque année plus de 400 ménages en impayés d'énergie. Il propose "
            "aux Ateliers du Rebond d'ouvrir un chantier à Mulhouse, qu'ils pilotent "
            "directement : le CCAS met à disposition un local et oriente les ménages."
        ),
        "history": [
            ("agree", 108, "Convention de duplication centralisée signée."),
            ("start_preparation", 96, "Local mis à disposition, recrutement en cours."),
            ("launch", 66, "Chantier de Mulhouse ouvert."),
        ],
        "milestones": [
            (
                "Local mis à disposition par la Ville",
                104,
                "Atelier et stockage des matériaux dans le quartier de Bourtzwiller.",
            ),
            (
                "Recrutement de l'encadrant technique",
                72,
                "Recruté et formé par Les Ateliers du Rebond.",
            ),
        ],
        "fidelity": [
            (40, {}),
            (
                9,
                {
                    0: (
                        Fidelity.ADAPTED,
                        "Quelques ménages orientés par le fournisseur d'énergie plutôt que par "
                        "les travailleurs sociaux, après vérification de leurs ressources.",
                    )
                },
            ),
        ],
        "measures": [(38, "0.8"), (8, "0.88")],
    },
]

# The scale-up plans, by initiative title: drafted by the carrier `created` days ago, then
# approved by the committee and run by the chargée de mission (`history`: transition, days
# ago, message). `milestones` are dated in days ago (negative: still to come) and written
# into the plan as target months.
PLANS = {
    "Groupement d'employeurs pour l'insertion en milieu rural": {
        "created": 150,
        "territories": ["49", "85", "R52"],
        "budget": "780000",
        "milestones": [
            (120, "recrutement de la chargée de développement de Maine-et-Loire"),
            (60, "ouverture de l'antenne de Cholet, quinze premiers salariés en CDI partagé"),
            (-90, "ouverture de l'antenne de La Roche-sur-Yon"),
            (-400, "couverture de toute la région, 150 salariés en CDI partagé"),
        ],
        "history": [
            (
                "approve",
                125,
                "Plan approuvé : le modèle est équilibré au-delà de quarante salariés par "
                "antenne et les employeurs de Maine-et-Loire sont déjà mobilisés.",
            ),
            ("start", 100, "Plan démarré : la chargée de développement de Cholet est recrutée."),
        ],
    },
    "Chantier d'insertion en éco-rénovation contre la précarité énergétique": {
        "created": 95,
        "territories": ["54", "88"],
        "budget": "1150000",
        "milestones": [
            (-30, "recrutement de deux encadrants techniques"),
            (-120, "ouverture du chantier de Nancy"),
            (-300, "ouverture du chantier d'Épinal"),
            (-480, "160 logements rénovés par an sur les trois départements"),
        ],
        "history": [
            (
                "approve",
                70,
                "Plan approuvé : les deux chantiers sont cofinancés par les Départements et "
                "le plan de prévention des risques s'applique dès l'ouverture.",
            ),
        ],
    },
    "Parrainage des demandeurs d'emploi de longue durée par des cadres bénévoles": {
        "created": 278,
        "territories": ["38", "42", "63", "01"],
        "budget": "420000",
        "milestones": [
            (200, "deux coordinatrices recrutées en Isère et dans la Loire, 80 parrains formés"),
            (90, "ouverture des antennes du Puy-de-Dôme et de l'Ain"),
            (40, "transfert de la coordination au réseau régional des associations"),
        ],
        "history": [
            (
                "approve",
                268,
                "Plan approuvé : effet établi par un essai randomisé et confirmé par une "
                "réplication ; le réseau régional reprendra la coordination.",
            ),
            ("start", 255, "Plan démarré avec le réseau régional des associations."),
            ("complete", 30, "Plan achevé : l'action est portée dans cinq départements."),
        ],
    },
    # A plan in preparation, for an initiative still spreading.
    "Tremplin numérique : les métiers du numérique pour les femmes des QPV": {
        "created": 18,
        "territories": ["29", "56"],
        "budget": "360000",
        "milestones": [
            (-120, "ouverture d'une promotion à Brest avec trois entreprises partenaires"),
            (-300, "ouverture d'une promotion à Lorient"),
            (-500, "quatre promotions par an en Bretagne, 96 stagiaires"),
        ],
        "history": [],
    },
}

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _reference(model, names):
    found = {item.name: item for item in model.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise LookupError(f"{model.__name__} missing from the reference data: {missing}")
    return [found[name] for name in names]


def _territories(codes):
    territories = []
    for code in codes:
        kind, value = (
            (Territory.Kind.REGION, code[1:])
            if code.startswith("R")
            else (Territory.Kind.DEPARTMENT, code)
        )
        territory = Territory.objects.filter(kind=kind, code=value).order_by("-cog_year").first()
        if territory is None:
            raise LookupError(f"No {kind} with code {value}: did the migrations run?")
        territories.append(territory)
    return territories


class _Clock:
    """Dates relative to the moment of loading, at plausible office hours."""

    def __init__(self):
        self.now = timezone.localtime()

    def at(self, days_ago, salt=0):
        hour = 9 + (days_ago + 3 * salt) % 9
        minute = (7 * days_ago + 13 * salt) % 60
        moment = self.now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return moment - datetime.timedelta(days=days_ago)


def _check_history(spec):
    """The history must follow the machine and go back in time; returns the final stage."""
    stage = Stage.DRAFT
    previous = spec.get("created", 10**6)
    for name, days_ago, _message in spec["history"]:
        meta = getattr(Initiative, name)._django_fsm
        if meta.get_transition(stage) is None:
            raise ValueError(f"{spec['title']}: {name} cannot run from {stage}.")
        if days_ago >= previous or days_ago < 1:
            raise ValueError(f"{spec['title']}: the history of {name} is out of order.")
        previous = days_ago
        stage = TARGET[name]
    return stage


def _ensure_users(password_hash):
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
    users, created = {}, 0
    for account in ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User(
                email=account.email,
                first_name=account.first_name,
                last_name=account.last_name,
                password=password_hash,
                is_staff=account.role is None,
                is_superuser=account.role is None,
            )
            user.save()
            if account.role is not None:
                user.groups.add(groups[account.role])
            created += 1
        users[account.email] = user
    return users, created


def _ensure_organisations(users):
    territories = {}
    organisations, created = {}, 0
    for name, (legal_form, not_for_profit, department) in ORGANISATIONS.items():
        organisation = Organisation.objects.filter(name=name).order_by("pk").first()
        if organisation is None:
            if department not in territories:
                territories[department] = _territories([department])[0]
            organisation = Organisation.objects.create(
                name=name,
                legal_form=legal_form,
                not_for_profit=not_for_profit,
                territory=territories[department],
            )
            created += 1
        organisations[name] = organisation
    for account in ACCOUNTS:
        for name in filter(None, [account.organisation, *account.other_organisations]):
            organisations[name].members.add(users[account.email])
    return organisations, created


def _ensure_calls(today):
    calls, created = {}, 0
    for title, fields in _calls(today).items():
        call = Call.objects.filter(title=title).order_by("pk").first()
        if call is None:
            call = Call.objects.create(title=title, **fields)
            created += 1
        calls[title] = call
    return calls, created


def _fields(spec, organisations, calls):
    fields = {
        "title": spec["title"],
        "carrier": organisations[spec["carrier"]],
        "call": calls.get(spec.get("call")),
        "maturity": spec.get("maturity", ""),
    }
    for name in ("summary", "problem", "theory_of_change", "expected_outcomes"):
        fields[name] = spec.get(name, "")
    for name in ("budget", "cost_per_beneficiary"):
        fields[name] = Decimal(spec[name]) if spec.get(name) else None
    return fields


def _relations(spec):
    return {
        "themes": _reference(Theme, spec.get("themes", [])),
        "target_publics": _reference(TargetPublic, spec.get("publics", [])),
        "territories": _territories(spec.get("territories", [])),
    }


def _scores(spec):
    return {
        criterion: (score, SCORE_COMMENTS[criterion][score])
        for criterion, score in zip(CRITERIA, spec["scores"], strict=True)
    }


def _message(name, message):
    return message or DEFAULT_MESSAGE.get(name, "")


def _load_initiative(spec, *, users, organisations, calls, clock, salt):
    """Create one initiative and walk its history; returns it."""
    stage = _check_history(spec)
    owner = users[spec["owner"]]
    history = spec["history"]
    first = history[0][1] if history else spec["created"]
    created = clock.at(min(spec.get("created", first + 12), 547), salt)
    steps = [(name, clock.at(days, salt), message) for name, days, message in history]
    submitted_at = max((when for name, when, _m in steps if name == "submit"), default=None)
    by_services = all(name in SERVICE_STEPS for name, _when, _message in steps)
    log_type = ContentType.objects.get_for_model(Initiative)

    if by_services:
        initiative = services.initiative_create(
            owner=owner, data=_fields(spec, organisations, calls), m2m=_relations(spec)
        )
        for name, when, message in steps:
            by = owner if ACTOR[name] == OWNER else users[ACTOR[name]]
            text = _message(name, message)
            if name == "submit":
                services.initiative_submit(initiative=initiative, by=by, message=text)
            elif name == "request_changes":
                services.initiative_request_changes(initiative=initiative, by=by, reason=text)
            elif name == "identify":
                services.initiative_identify(
                    initiative=initiative, by=by, scores=_scores(spec), message=text
                )
                initiative.identification_scores.update(scored_at=when)
            elif name == "decline":
                services.initiative_decline(initiative=initiative, by=by, reason=text)
            elif name == "withdraw":
                services.initiative_withdraw(initiative=initiative, by=by, message=text)
            elif name == "archive":
                services.initiative_archive(initiative=initiative, by=by, message=text)
            latest = (
                StateLog.objects.filter(content_type=log_type, object_id=initiative.pk)
                .order_by("-pk")
                .first()
            )
            StateLog.objects.filter(pk=latest.pk).update(timestamp=when)
    else:
        initiative = Initiative.objects.create(
            owner=owner,
            stage=stage,
            submitted_at=submitted_at,
            **_fields(spec, organisations, calls),
        )
        for name, values in _relations(spec).items():
            getattr(initiative, name).set(values)
        logs, source = [], Stage.DRAFT
        for name, when, message in steps:
            by = owner if ACTOR[name] == OWNER else users[ACTOR[name]]
            logs.append(
                StateLog(
                    content_type=log_type,
                    object_id=initiative.pk,
                    transition=name,
                    source_state=source,
                    state=TARGET[name],
                    by=by,
                    description=_message(name, message) or None,
                    timestamp=when,
                )
            )
            source = TARGET[name]
            if name == "identify":
                IdentificationScore.objects.bulk_create(
                    IdentificationScore(
                        initiative=initiative,
                        criterion=criterion,
                        score=score,
                        comment=comment,
                        scored_by=by,
                        scored_at=when,
                    )
                    for criterion, (score, comment) in _scores(spec).items()
                )
        StateLog.objects.bulk_create(logs)

    last = steps[-1][1] if steps else created
    updated = clock.at(spec["updated"], salt) if "updated" in spec else last
    # Last, as the services save the whole row: the dates of the story, not of the loading.
    sheet = {}
    if "public_sheet" in spec:
        days_ago, text = spec["public_sheet"]
        sheet = {"public_sheet": text, "sheet_published_at": clock.at(days_ago, salt)}
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=created,
        updated_at=max(updated, last),
        submitted_at=submitted_at,
        stage_entered_at=last,
        **sheet,
    )
    if stage not in (Stage.DRAFT, Stage.WITHDRAWN) and salt % 3 != 2:
        # Two files out of three have a lead at the accelerator.
        LeadAssignment.objects.create(
            initiative=initiative, lead=users[STAFF], assigned_by=users[STAFF], assigned_at=last
        )
        Initiative.objects.filter(pk=initiative.pk).update(lead=users[STAFF])
    return initiative


# The evaluation's machine, in the order its steps run, and where each step leads.
EVALUATION_STEPS = ["start", "submit_report", "rate"]
EVALUATION_TARGET = {
    "start": EvaluationState.IN_PROGRESS,
    "submit_report": EvaluationState.REPORT_SUBMITTED,
    "rate": EvaluationState.RATED,
}


def _check_evaluation(title, spec):
    """The steps follow the machine and go back in time, and each state has what its
    transition asked for (the report file is written on loading); returns the final state."""
    names = [name for name, _days, _message in spec["history"]]
    if names != EVALUATION_STEPS[: len(names)]:
        raise ValueError(f"{title}: the evaluation's steps {names} do not follow the machine.")
    previous = spec["planned"]
    for name, days_ago, _message in spec["history"]:
        if days_ago >= previous or days_ago < 1:
            raise ValueError(f"{title}: the evaluation's {name} is out of order.")
        previous = days_ago
    state = EVALUATION_TARGET[names[-1]] if names else EvaluationState.PLANNED
    if not spec.get("design") or not (spec.get("evaluator") or spec.get("external")):
        raise ValueError(f"{title}: an evaluation needs a design and an evaluator.")
    if names[1:] and not (spec.get("summary") and spec.get("outcomes")):
        raise ValueError(f"{title}: a submitted report has a summary and outcomes.")
    if ("nesta" in spec) != (state == EvaluationState.RATED):
        raise ValueError(f"{title}: a rated evaluation, and only it, has a Nesta level.")
    if state == EvaluationState.RATED and not spec["history"][-1][2]:
        raise ValueError(f"{title}: the committee's rating needs its rationale.")
    for result in spec.get("outcomes", []):
        values = [result.effect, result.low, result.high]
        if any(v is not None for v in values) and not (
            None not in values
            and Decimal(result.low) <= Decimal(result.effect) <= Decimal(result.high)
        ):
            raise ValueError(f"{title}: {result.indicator}: the interval must frame the effect.")
    return state


def _evaluation_actor(name, spec, users):
    """The committee rates; the evaluator starts and submits, or, for an external body that
    has no account, the chargée de mission records its steps."""
    if name == "rate":
        return users[COMMITTEE]
    return users[spec["evaluator"]] if spec.get("evaluator") else users[STAFF]


def _evaluation_message(name, spec, message):
    if message or name != "submit_report":
        return message
    if spec.get("external"):
        return (
            f"Rapport de l'organisme évaluateur ({spec['external']}) reçu ; résultats et "
            "synthèse versés au dossier."
        )
    return "Rapport remis : résultats et synthèse enregistrés."


def _decimal(value):
    return Decimal(value) if value is not None else None


REPORT_TEMPLATE = "pdf/demo_evaluation_report.html"


@functools.lru_cache(maxsize=64)
def _rendered(html):
    """The PDF of `html`; a report renders once per process (the tests load the demo many
    times over, and its reports read the same on the same day)."""
    data, _pages = pdf.html_to_pdf(html)
    return data


def _report_file(evaluation, submitted_at):
    """The report the evaluator handed in: a small PDF of the evaluation's questions,
    design, sample, period and results, dated (its metadata) at `submitted_at`."""
    html = pdf.render_html(
        REPORT_TEMPLATE,
        {
            "evaluation": evaluation,
            "initiative": evaluation.initiative,
            "questions": [line for line in evaluation.questions.splitlines() if line.strip()],
            "outcomes": list(evaluation.outcomes.all()),
            "submitted_at": timezone.localtime(submitted_at),
        },
    )
    return ContentFile(_rendered(html), name=f"rapport-{slugify(evaluation.initiative.title)}.pdf")


def _attach_report(evaluation, submitted_at):
    """Store the report as the evaluator would have, through the service that checks it is
    a PDF, before the submission that asked for it (report_complete)."""
    evaluation_services.evaluation_attach_report(
        evaluation=evaluation, upload=_report_file(evaluation, submitted_at)
    )


def _reportless_evaluations():
    """The demo evaluations handed in (submit_report in their history) without a report
    file: loaded before the demo wrote their reports."""
    submitted = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Evaluation), transition="submit_report"
    ).values("object_id")
    expected = _expected_evaluations()
    return [
        evaluation
        for evaluation in Evaluation.objects.filter(
            initiative__title__in=EVALUATIONS, report="", pk__in=submitted
        )
        .select_related("initiative__carrier", "territory", "evaluator")
        .order_by("pk")
        if (evaluation.initiative.title, evaluation.questions) in expected
    ]


def _add_missing_reports():
    """Attach their report to the evaluations of an earlier demo that lack it, dated at
    their submission; their other dates are left as they were. Returns how many."""
    missing = _reportless_evaluations()
    for evaluation in missing:
        submitted_at = evaluation.submitted_at or (
            StateLog.objects.for_(evaluation)
            .filter(transition="submit_report")
            .latest("timestamp")
            .timestamp
        )
        updated_at = evaluation.updated_at
        _attach_report(evaluation, submitted_at)
        Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=updated_at)
    return len(missing)


def _load_evaluation(initiative, spec, *, users, at):
    """Create one evaluation of `initiative` at its state, with its outcomes, its report
    once handed in, its rating and its history; `at(days_ago)` dates the story."""
    state = _check_evaluation(initiative.title, spec)
    start, end = spec.get("period", (None, None))
    evaluation = Evaluation.objects.create(
        initiative=initiative,
        kind=spec["kind"],
        questions=spec["questions"],
        design=spec["design"],
        commissioner=spec["commissioner"],
        evaluator=users[spec["evaluator"]] if spec.get("evaluator") else None,
        external_evaluator=spec.get("external", ""),
        independent=spec.get("independent", False),
        treated_size=spec.get("treated"),
        comparison_size=spec.get("comparison"),
        sites=spec.get("sites"),
        attrition=_decimal(spec.get("attrition")),
        period_start=at(start).date() if start is not None else None,
        period_end=at(end).date() if end is not None else None,
        territory=_territories([spec["territory"]])[0] if spec.get("territory") else None,
        cost_per_beneficiary=_decimal(spec.get("cost")),
        summary=spec.get("summary", ""),
        state=state,
        planned_by=users[STAFF],
    )
    Outcome.objects.bulk_create(
        Outcome(
            evaluation=evaluation,
            indicator=result.indicator,
            horizon=result.horizon,
            effect_size=_decimal(result.effect),
            ci_low=_decimal(result.low),
            ci_high=_decimal(result.high),
            unit=result.unit,
            direction=result.direction,
            resolution=result.resolution[1] if result.resolution else "",
            resolved_by=users[STAFF] if result.resolution else None,
            resolved_at=at(result.resolution[0]) if result.resolution else None,
        )
        for result in spec.get("outcomes", [])
    )
    log_type = ContentType.objects.get_for_model(Evaluation)
    logs, source, when = [], EvaluationState.PLANNED, {}
    for name, days_ago, message in spec["history"]:
        when[name] = at(days_ago)
        logs.append(
            StateLog(
                content_type=log_type,
                object_id=evaluation.pk,
                transition=name,
                source_state=source,
                state=EVALUATION_TARGET[name],
                by=_evaluation_actor(name, spec, users),
                description=_evaluation_message(name, spec, message) or None,
                timestamp=when[name],
            )
        )
        source = EVALUATION_TARGET[name]
    StateLog.objects.bulk_create(logs)
    if "submit_report" in when:
        _attach_report(evaluation, when["submit_report"])
    if "rate" in when:
        EvidenceRating.objects.create(
            evaluation=evaluation,
            nesta_level=spec["nesta"],
            sms_level=SMS_LEVELS.get(spec["design"]),
            rationale=spec["history"][-1][2],
            rater=users[COMMITTEE],
            rated_at=when["rate"],
        )
    planned = at(spec["planned"])
    last = logs[-1].timestamp if logs else planned
    updated = at(spec["updated"]) if "updated" in spec else last
    Evaluation.objects.filter(pk=evaluation.pk).update(
        created_at=planned, updated_at=max(updated, last), submitted_at=when.get("submit_report")
    )
    return evaluation


def _present_evaluations():
    """The demo evaluations already there, keyed on (initiative title, questions)."""
    return set(
        Evaluation.objects.filter(initiative__title__in=EVALUATIONS).values_list(
            "initiative__title", "questions"
        )
    )


def _expected_evaluations():
    return {(title, spec["questions"]) for title, specs in EVALUATIONS.items() for spec in specs}


def _shift(initiative, spec, clock, salt):
    """How far the story of an initiative loaded on an earlier day lies from today's clock,
    so that the evaluations added to it fit its recorded history."""
    first = (
        StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative), object_id=initiative.pk
        )
        .order_by("timestamp")
        .first()
    )
    if first is None or not spec["history"]:
        return datetime.timedelta(0)
    return first.timestamp - clock.at(spec["history"][0][1], salt)


def _dater(clock, salt, shift):
    """`at(days_ago)`: the moments of one initiative's story (see _shift)."""

    def at(days_ago):
        return clock.at(days_ago, salt) + shift

    return at


# Essaimage: kits, the carrier's consent, replications and scale-up plans. The services
# run every step they can (writing and publishing a kit, the consent, the replications'
# transitions and reports, the plans), guards and all; the moments are then set to those of
# the story, as for the initiatives. A replication is created directly: the service that
# declares an interest refuses an initiative that has since scaled up, and e-mails staff.


def _stage_days(spec):
    """When (days ago) the initiative took each step of its history."""
    return {name: days_ago for name, days_ago, _message in spec["history"]}


def _opened(spec):
    """When the initiative first needed its kit: opening to spreading, or scaling up."""
    days = _stage_days(spec)
    return days.get("open_spreading", days.get("start_scale_up"))


def _spreading_window(spec):
    """(from, to) in days ago: when the initiative stood at spreading, open to interest."""
    steps = spec["history"]
    for index, (name, days_ago, _message) in enumerate(steps):
        if name == "open_spreading":
            return days_ago, steps[index + 1][1] if index + 1 < len(steps) else 0
    return None


def _walk(model, initial, steps, title):
    """The state `steps` (transition, days ago, message) lead to from `initial`, checking
    they follow the model's machine and go forward in time."""
    state, previous = initial, None
    for name, days_ago, _message in steps:
        found = getattr(model, name)._django_fsm.get_transition(state)
        if found is None:
            raise ValueError(f"{title}: {name} cannot run from {state}.")
        if (previous is not None and days_ago >= previous) or days_ago < 1:
            raise ValueError(f"{title}: the {model.__name__} step {name} is out of order.")
        state, previous = found.target, days_ago
    return state


def _check_kits(title, spec, kit):
    days = _stage_days(spec)
    opened = _opened(spec)
    if "validate" not in days:
        raise ValueError(f"{title}: a kit is written once the initiative is validated.")
    previous = days["validate"]
    for version in kit["versions"]:
        end = version.get("published", version.get("updated"))
        if not previous > version["drafted"] > end >= 1:
            raise ValueError(f"{title}: a kit version is out of order.")
        if "published" in version:
            if opened is not None and version["published"] <= opened:
                raise ValueError(f"{title}: the kit is published after the initiative opened.")
            previous = version["published"]
        elif version is not kit["versions"][-1]:
            raise ValueError(f"{title}: only the last kit version may be a draft.")
    if "consent" in kit and not days["validate"] > kit["consent"][0] > (opened or 0):
        raise ValueError(f"{title}: the consent is given between validation and opening.")
    if opened is not None and not (
        "consent" in kit and any("published" in v for v in kit["versions"])
    ):
        raise ValueError(f"{title}: opened without a published kit and the carrier's consent.")


def _check_replication(spec, window, memberships):
    title = f"{spec['initiative']} · {spec['organisation']}"
    if window is None or not window[0] > spec["declared"] > window[1]:
        raise ValueError(f"{title}: interest is declared while the initiative is spreading.")
    if spec["organisation"] not in memberships[spec["declared_by"]]:
        raise ValueError(f"{title}: declared by someone not of the organisation.")
    steps = [("declare", spec["declared"], ""), *spec.get("history", [])]
    state = _walk(Replication, ReplicationState.INTEREST, steps[1:], title)
    if steps[1:] and steps[1][1] >= spec["declared"]:
        raise ValueError(f"{title}: the first step comes after the interest.")
    days = _stage_days({"history": steps})
    end = days.get("abandon", 0)
    if spec.get("milestones") and "agree" not in days:
        raise ValueError(f"{title}: milestones come after the agreement.")
    for _title, days_ago, _note in spec.get("milestones", []):
        if not days.get("agree", 0) > days_ago > end:
            raise ValueError(f"{title}: a milestone is dated outside the agreement.")
    running = state in (ReplicationState.LAUNCHED, ReplicationState.AUTONOMOUS)
    for name in ("fidelity", "measures"):
        reports = spec.get(name, [])
        if running != (len(reports) == 2) or not all(
            days["launch"] > days_ago >= 1 for days_ago, _values in reports
        ):
            raise ValueError(f"{title}: {name} at two dates once launched, and only then.")


def _check_essaimage():
    """Every initiative that opened to spreading or scaled up did so with what its guards
    asked for, and the kits, replications and plans fit the initiatives' histories."""
    specs = {spec["title"]: spec for spec in INITIATIVES}
    unknown = ({r["initiative"] for r in REPLICATIONS} | set(KITS) | set(PLANS)) - set(specs)
    if unknown:
        raise ValueError(f"Essaimage of initiatives not in the demo: {sorted(unknown)}")
    for title, spec in specs.items():
        if _opened(spec) is not None and title not in KITS:
            raise ValueError(f"{title}: opened without a kit.")
        if "start_scale_up" in _stage_days(spec) and title not in PLANS:
            raise ValueError(f"{title}: scaled up without a plan.")
    for title, kit in KITS.items():
        _check_kits(title, specs[title], kit)
    memberships = {
        a.email: {a.organisation, *a.other_organisations} for a in ACCOUNTS if a.organisation
    }
    for spec in REPLICATIONS:
        _check_replication(spec, _spreading_window(specs[spec["initiative"]]), memberships)
    for title, plan in PLANS.items():
        days = _stage_days(specs[title])
        state = _walk(ScaleUpPlan, PlanState.DRAFT, plan["history"], title)
        first = plan["history"][0][1] if plan["history"] else 0
        if not days.get("validate", 0) > plan["created"] > first:
            raise ValueError(f"{title}: the plan is drafted after validation, then decided.")
        scaled = days.get("start_scale_up")
        if scaled is not None and not _stage_days(plan).get("approve", 0) > scaled:
            raise ValueError(f"{title}: the plan is approved before the scale-up.")
        if _check_history(specs[title]) == Stage.SCALING and state not in (
            PlanState.APPROVED,
            PlanState.IN_PROGRESS,
        ):
            raise ValueError(f"{title}: a scaling initiative runs an approved plan.")


def _date_last_log(instance, when):
    """Date the state change just logged for `instance` at `when`, in the story."""
    log = StateLog.objects.for_(instance).order_by("-pk").first()
    StateLog.objects.filter(pk=log.pk).update(timestamp=when)


def _indicator(initiative, item, before):
    """An indicator of the kit: a (label, unit, reference, source) tuple, or the label of an
    outcome of the initiative's evaluations rated `before` the kit, whose effect is the
    original's result (as the kit's page prefills it)."""
    if isinstance(item, tuple):
        label, unit, value, note = item
        return {
            "label": label,
            "unit": unit,
            "reference_value": Decimal(value),
            "reference_note": note,
        }
    outcome = (
        Outcome.objects.filter(
            evaluation__in=initiative.evaluations.rated(),
            evaluation__rating__rated_at__lt=before,
            indicator=item,
        )
        .exclude(direction=Direction.NEGATIVE)
        .select_related("evaluation")
        .order_by("evaluation__pk", "pk")
        .first()
    )
    if outcome is None:
        raise LookupError(f"{initiative.title}: no rated outcome « {item} » for the kit.")
    evaluation = outcome.evaluation
    note = " · ".join(
        str(part)
        for part in (
            evaluation.get_kind_display(),
            evaluation.get_design_display(),
            outcome.horizon,
        )
        if part
    )
    return {
        "label": outcome.indicator,
        "unit": outcome.unit[:50],
        "reference_value": outcome.effect_size,
        "reference_note": note[:200],
    }


def _load_kit(initiative, spec, *, users, at):
    """One kit version: drafted (a copy of the latest version, for a new one), written, and
    published by the chargée de mission or left as a draft."""
    author = initiative.owner if spec["by"] == OWNER else users[spec["by"]]
    kit = swarming_services.kit_draft(initiative=initiative, by=author)
    swarming_services.kit_update(kit=kit, data=spec["sections"])
    for label, description in spec.get("invariants", []):
        swarming_services.kit_add_invariant(kit=kit, label=label, description=description)
    published = at(spec["published"]) if "published" in spec else None
    for item in spec.get("indicators", []):
        swarming_services.kit_add_indicator(
            kit=kit, **_indicator(initiative, item, published or at(spec["updated"]))
        )
    dates = {"created_at": at(spec["drafted"])}
    if published is None:
        dates["updated_at"] = at(spec["updated"])
    else:
        message = spec.get("message") or (
            f"Version {kit.version} publiée : sections, invariants et indicateurs partagés "
            "relus avec la structure porteuse."
        )
        swarming_services.kit_publish(kit=kit, by=users[STAFF], message=message)
        _date_last_log(kit, published)
        dates.update(updated_at=published, published_at=published)
    TransferKit.objects.filter(pk=kit.pk).update(**dates)
    return kit


def _measured(indicator, ratio, index):
    """A value near the original's: `ratio` of it, a little more or less per indicator."""
    factor = Decimal(ratio) + Decimal("0.04") * (index % 3 - 1)
    return (indicator.reference_value * factor).quantize(Decimal("0.1"))


MEASURE_COMMENTS = [
    "Première mesure, sur les premières personnes accompagnées.",
    "Mesure à date, selon la méthode de calcul du kit.",
]


def _load_replication(initiative, spec, *, users, organisations, at):
    """One replication: declared, moved along its machine by the chargée de mission, and
    reported on by the partner who declared it."""
    declared = at(spec["declared"])
    kit = (
        initiative.transfer_kits.published()
        .filter(published_at__lt=declared)
        .order_by("-version")
        .first()
    )
    if kit is None:
        raise LookupError(f"{initiative.title}: no kit published before the interest.")
    partner, staff = users[spec["declared_by"]], users[STAFF]
    replication = Replication.objects.create(
        initiative=initiative,
        kit=kit,
        organisation=organisations[spec["organisation"]],
        territory=_territories([spec["territory"]])[0],
        strategy=spec["strategy"],
        motivation=spec["motivation"],
        declared_by=partner,
    )
    moments = [declared]
    for name, days_ago, message in spec.get("history", []):
        when = at(days_ago)
        if name == "agree":
            swarming_services.replication_agree(
                replication=replication,
                by=staff,
                signed_on=timezone.localdate(when - datetime.timedelta(days=2)),
                message=message,
            )
        else:
            run_service(swarming_services, replication, name, by=staff, text=message)
        _date_last_log(replication, when)
        moments.append(when)
    for title, days_ago, note in spec.get("milestones", []):
        when = at(days_ago)
        milestone = swarming_services.replication_report_milestone(
            replication=replication,
            by=partner,
            title=title,
            reached_on=timezone.localdate(when),
            note=note,
        )
        Milestone.objects.filter(pk=milestone.pk).update(reported_at=when)
        moments.append(when)
    invariants = list(kit.invariants.all())
    for days_ago, exceptions in spec.get("fidelity", []):
        when = at(days_ago)
        swarming_services.replication_report_fidelity(
            replication=replication,
            by=partner,
            reported_on=timezone.localdate(when),
            statuses={
                invariant: exceptions.get(index, (Fidelity.RESPECTED, ""))
                for index, invariant in enumerate(invariants)
            },
        )
        replication.fidelity_reports.filter(reported_on=timezone.localdate(when)).update(
            reported_at=when
        )
        moments.append(when)
    indicators = [i for i in kit.indicators.all() if i.reference_value is not None]
    for number, (days_ago, ratio) in enumerate(spec.get("measures", [])):
        when, comment = at(days_ago), MEASURE_COMMENTS[number]
        for index, indicator in enumerate(indicators):
            report = swarming_services.replication_report_indicator(
                replication=replication,
                by=partner,
                indicator=indicator,
                value=_measured(indicator, ratio, index),
                measured_on=timezone.localdate(when),
                comment=comment,
            )
            IndicatorReport.objects.filter(pk=report.pk).update(reported_at=when)
        moments.append(when)
    Replication.objects.filter(pk=replication.pk).update(
        created_at=declared, updated_at=max(moments)
    )
    return replication


def _month(moment):
    return f"{MONTHS[moment.month - 1].capitalize()} {moment.year}"


def _load_plan(initiative, spec, *, users, at):
    """One scale-up plan: drafted by the carrier, approved by the committee, run by the
    chargée de mission."""
    milestones = "\n".join(f"{_month(at(days))} : {text}" for days, text in spec["milestones"])
    plan = swarming_services.plan_create(
        initiative=initiative,
        by=initiative.owner,
        data={"budget": Decimal(spec["budget"]), "milestones": milestones},
        territories=_territories(spec["territories"]),
    )
    last = at(spec["created"])
    for name, days_ago, message in spec["history"]:
        last = at(days_ago)
        by = users[COMMITTEE] if name == "approve" else users[STAFF]
        run_service(swarming_services, plan, name, by=by, text=message)
        _date_last_log(plan, last)
    ScaleUpPlan.objects.filter(pk=plan.pk).update(created_at=at(spec["created"]), updated_at=last)
    return plan


def _load_essaimage(initiative, spec, *, users, organisations, present, at):
    """What the demo lacks of the initiative's essaimage; returns how much was created."""
    title = spec["title"]
    created = {"kits": 0, "consents": 0, "replications": 0, "plans": 0}
    kit = KITS.get(title, {})
    for number, version in enumerate(kit.get("versions", []), 1):
        latest = initiative.transfer_kits.order_by("-version").first()
        # A version written meanwhile on the site is left alone, and the versions after it.
        if ("kit", title, number) in present or (latest.version if latest else 0) != number - 1:
            continue
        if initiative.transfer_kits.drafts().exists():
            continue
        _load_kit(initiative, version, users=users, at=at)
        created["kits"] += 1
    if "consent" in kit and ("consent", title) not in present:
        days_ago, terms = kit["consent"]
        consent = swarming_services.consent_give(
            initiative=initiative, by=initiative.owner, terms=terms
        )
        SpreadingConsent.objects.filter(pk=consent.pk).update(given_at=at(days_ago))
        created["consents"] += 1
    for replication in REPLICATIONS:
        if replication["initiative"] == title and (
            ("replication", title, replication["organisation"]) not in present
        ):
            _load_replication(
                initiative, replication, users=users, organisations=organisations, at=at
            )
            created["replications"] += 1
    if title in PLANS and ("plan", title) not in present:
        _load_plan(initiative, PLANS[title], users=users, at=at)
        created["plans"] += 1
    return created


def _present_essaimage():
    """The demo's essaimage already there, keyed on initiative titles (kit versions,
    consents, replications by organisation, plans)."""
    titles = [spec["title"] for spec in INITIATIVES]
    kits = TransferKit.objects.filter(initiative__title__in=titles)
    consents = SpreadingConsent.objects.filter(initiative__title__in=titles)
    replications = Replication.objects.filter(initiative__title__in=titles)
    plans = ScaleUpPlan.objects.filter(initiative__title__in=titles)
    return (
        {("kit", *key) for key in kits.values_list("initiative__title", "version")}
        | {("consent", t) for t in consents.values_list("initiative__title", flat=True)}
        | {
            ("replication", *key)
            for key in replications.values_list("initiative__title", "organisation__name")
        }
        | {("plan", t) for t in plans.values_list("initiative__title", flat=True)}
    )


def _expected_essaimage():
    expected = {("plan", title) for title in PLANS}
    expected |= {("replication", r["initiative"], r["organisation"]) for r in REPLICATIONS}
    for title, kit in KITS.items():
        expected |= {("kit", title, n) for n in range(1, len(kit["versions"]) + 1)}
        if "consent" in kit:
            expected.add(("consent", title))
    return expected


def load_demo_data(stdout=None) -> dict:
    """Load the French demo data set; a second run creates nothing.

    Returns what was created (`created`: counts per kind), whether everything was already
    there (`already_loaded`), and the demo accounts (`accounts`: role, label, e-mail,
    password).
    """
    accounts = [
        {
            "role": account.role or "admin",
            "label": str(roles.ROLES[account.role]) if account.role else ADMIN_LABEL,
            "email": account.email,
            "password": DEMO_PASSWORD,
        }
        for account in _printed_accounts()
    ]
    titles = [spec["title"] for spec in INITIATIVES]
    unknown = set(EVALUATIONS) - set(titles)
    if unknown:
        raise ValueError(f"Evaluations of initiatives not in the demo: {sorted(unknown)}")
    _check_essaimage()
    User = get_user_model()
    already = (
        User.objects.filter(email__in=[a.email for a in ACCOUNTS]).count() == len(ACCOUNTS)
        and Organisation.objects.filter(name__in=ORGANISATIONS).values("name").distinct().count()
        == len(ORGANISATIONS)
        and Call.objects.filter(title__in=[CALL_2025, CALL_2026]).values("title").distinct().count()
        == 2
        and Initiative.objects.filter(title__in=titles).values("title").distinct().count()
        == len(titles)
    )
    already = already and _expected_evaluations() <= _present_evaluations()
    already = already and not _reportless_evaluations()
    already = already and _expected_essaimage() <= _present_essaimage()
    created = dict.fromkeys(
        [
            "users",
            "organisations",
            "calls",
            "initiatives",
            "evaluations",
            "reports",
            "kits",
            "consents",
            "replications",
            "plans",
        ],
        0,
    )
    if already:
        _write(stdout, "Les données de démonstration sont déjà chargées : rien à faire.")
        return {"already_loaded": True, "created": created, "accounts": accounts}

    clock = _Clock()
    with transaction.atomic():
        users, created["users"] = _ensure_users(make_password(DEMO_PASSWORD))
        organisations, created["organisations"] = _ensure_organisations(users)
        calls, created["calls"] = _ensure_calls(clock.now.date())
        existing = set(Initiative.objects.filter(title__in=titles).values_list("title", flat=True))
        present = _present_evaluations()
        present_essaimage = _present_essaimage()
        for salt, spec in enumerate(INITIATIVES):
            if spec["title"] in existing:
                initiative = Initiative.objects.filter(title=spec["title"]).order_by("pk").first()
                shift = _shift(initiative, spec, clock, salt)
            else:
                initiative = _load_initiative(
                    spec,
                    users=users,
                    organisations=organisations,
                    calls=calls,
                    clock=clock,
                    salt=salt,
                )
                shift = datetime.timedelta(0)
                created["initiatives"] += 1
            at = _dater(clock, salt, shift)
            for evaluation in EVALUATIONS.get(spec["title"], []):
                if (spec["title"], evaluation["questions"]) in present:
                    continue
                added = _load_evaluation(initiative, evaluation, users=users, at=at)
                created["evaluations"] += 1
                created["reports"] += bool(added.report)
            # After the evaluations: the kits' indicators are their outcomes.
            loaded = _load_essaimage(
                initiative,
                spec,
                users=users,
                organisations=organisations,
                present=present_essaimage,
                at=at,
            )
            for kind, count in loaded.items():
                created[kind] += count
        created["reports"] += _add_missing_reports()
        search.reindex()
        # The story's dates were written into the log after the transitions: the stays and
        # furthest steps the dashboard reads are rebuilt from it.
        stays.refresh(Initiative.objects.filter(title__in=titles).values_list("pk", flat=True))

    _write(
        stdout,
        "Données de démonstration chargées : {users} comptes, {organisations} structures, "
        "{calls} appels à initiatives, {initiatives} initiatives, "
        "{evaluations} évaluations, {reports} rapports d'évaluation, {kits} versions de kits "
        "d'essaimage, {consents} accords d'essaimage, {replications} réplications, {plans} "
        "plans de changement d'échelle.".format(**created),
    )
    return {"already_loaded": False, "created": created, "accounts": accounts}


def _printed_accounts():
    """One account per role, then the superuser."""
    seen, printed = set(), []
    for account in ACCOUNTS:
        if account.role is not None and account.role not in seen:
            seen.add(account.role)
            printed.append(account)
    printed.extend(account for account in ACCOUNTS if account.role is None)
    return printed

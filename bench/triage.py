"""Benchmark of the staff triage board (initiatives.triage.board) at scale.

Fills its own PostgreSQL database, `essaim_bench`, with N initiatives (100,000 by default),
then measures the server time of four pages of the board through django.test.Client (first
page; filtered by région and stage; full-text search; sorted by days in stage), and beside
each the floor measured in the same run: one raw SQL query that fetches the same 25 rows
with the columns the board shows. Prints median and 95th percentile of both, their ratio,
and whether the target (p95 under 100 ms) is met; for a page that misses it, EXPLAIN
ANALYZE of the board's queries, slowest first.

    uv run python bench/triage.py [--initiatives 100000] [--repeat 50] [--keep]

The data is reused when the database already holds the requested number of initiatives;
the database is dropped at the end unless --keep is given. A benchmark, not a test: it
prints figures and asserts nothing about time.
"""

import argparse
import math
import os
import random
import re
import statistics
import sys
import time
import warnings
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "essaim_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("CACHE_KEY_PREFIX", "essaim-bench")
# As deployed (docker-compose.yml): no debug, persistent database connections.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerator.settings")
# WhiteNoise looks for STATIC_ROOT, which only collectstatic creates.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

TARGET_MS = 100.0
PAGE_SIZE = 25
SEED = 20250601
BATCH = 5_000
STAFF_EMAIL = "bench.staff@essaim.bench"


def ensure_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
            print(f"Base {DB_NAME} créée.")


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
        )
    print(f"Base {DB_NAME} supprimée (--keep pour la garder et réutiliser les données).")


ensure_database()
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accelerator import roles  # noqa: E402
from initiatives import filters, search  # noqa: E402
from initiatives.models import (  # noqa: E402
    Call,
    Initiative,
    Maturity,
    Organisation,
    Stage,
    TargetPublic,
    Territory,
    Theme,
)

User = get_user_model()

# --- Word lists -------------------------------------------------------------------------

# Theme (as in migration 0002) -> what initiatives of that theme do, and the need they meet.
THEME_TEXT = {
    "Emploi": (
        [
            "un territoire zéro chômeur de longue durée",
            "un groupement d'employeurs pour l'insertion",
            "le recrutement sans CV",
            "une entreprise à but d'emploi",
            "des job datings dans les quartiers",
        ],
        "Le chômage de longue durée touche un actif sur dix et les offres restent "
        "non pourvues faute de mise en relation.",
    ),
    "Insertion professionnelle": (
        [
            "un chantier d'insertion en maraîchage",
            "une entreprise d'insertion du bâtiment",
            "un parcours d'insertion par le sport",
            "du job coaching en entreprise",
            "une plateforme de parrainage vers l'emploi",
        ],
        "Les personnes éloignées de l'emploi cumulent des freins que les dispositifs de "
        "droit commun traitent séparément.",
    ),
    "Formation": (
        [
            "une école de production",
            "une formation aux métiers du soin",
            "un atelier de savoirs de base",
            "une formation au numérique en alternance",
            "un campus des métiers du bâtiment",
        ],
        "Faute de qualification reconnue, les demandeurs d'emploi n'accèdent pas aux "
        "métiers en tension du territoire.",
    ),
    "Mobilité": (
        [
            "un garage solidaire",
            "une auto-école sociale",
            "une plateforme de mobilité",
            "le covoiturage solidaire",
            "la location de vélos électriques à petit prix",
        ],
        "Sans permis ni véhicule, beaucoup renoncent à un emploi ou à une formation "
        "situés à plus de trente minutes de chez eux.",
    ),
    "Logement": (
        [
            "une colocation solidaire",
            "de l'intermédiation locative",
            "un habitat inclusif",
            "un accompagnement vers le logement d'abord",
            "une pension de famille",
        ],
        "Sans logement stable, il est impossible de tenir un emploi ou une formation.",
    ),
    "Précarité énergétique": (
        [
            "des ambassadeurs de l'énergie contre la précarité énergétique",
            "la rénovation énergétique des logements modestes",
            "des diagnostics énergétiques à domicile",
            "un fonds de lutte contre la précarité énergétique",
            "des visites à domicile pour réduire les factures d'énergie",
        ],
        "Des ménages modestes vivent dans des passoires thermiques et se privent de "
        "chauffage : la précarité énergétique pèse sur leur santé et leur budget.",
    ),
    "Accès aux droits": (
        [
            "une permanence d'accès aux droits",
            "la lutte contre le non-recours",
            "un bus France services",
            "un accompagnement administratif itinérant",
            "des écrivains publics bénévoles",
        ],
        "Un tiers des personnes éligibles ne demandent pas les aides auxquelles elles "
        "ont droit, faute d'information ou par découragement.",
    ),
    "Santé": (
        [
            "de la médiation en santé",
            "un accompagnement en santé mentale vers l'emploi",
            "une épicerie solidaire et un atelier nutrition",
            "une maison de santé participative",
            "un programme de prévention des addictions",
        ],
        "Les problèmes de santé non soignés sont le premier frein au retour à l'emploi "
        "des personnes accompagnées.",
    ),
    "Numérique": (
        [
            "l'inclusion numérique",
            "des conseillers numériques itinérants",
            "des ordinateurs reconditionnés",
            "des ateliers numériques pour chercher un emploi",
            "un tiers-lieu numérique",
        ],
        "La dématérialisation des démarches exclut ceux qui n'ont ni équipement ni "
        "compétences numériques.",
    ),
    "Jeunesse": (
        [
            "le mentorat de jeunes",
            "un service civique de solidarité",
            "un accompagnement des jeunes sortis de l'aide sociale à l'enfance",
            "un café des jeunes",
            "une école de la deuxième chance",
        ],
        "Des jeunes sans diplôme ni emploi échappent aux missions locales et restent sans "
        "accompagnement.",
    ),
    "Création d'activité": (
        [
            "une couveuse d'entreprises",
            "une coopérative d'activités et d'emploi",
            "du microcrédit accompagné",
            "un incubateur des quartiers",
            "une boutique à l'essai",
        ],
        "Des porteurs de projet sans réseau ni apport renoncent à créer leur activité.",
    ),
    "Économie circulaire": (
        [
            "une ressourcerie",
            "une recyclerie du bâtiment",
            "le réemploi des matériaux",
            "un repair café",
            "une légumerie solidaire contre le gaspillage",
        ],
        "Des gisements de déchets réutilisables sont perdus alors qu'ils pourraient créer "
        "des emplois locaux.",
    ),
    "Garde d'enfants": (
        [
            "une crèche à vocation d'insertion professionnelle",
            "la garde d'enfants en horaires atypiques",
            "un relais petite enfance itinérant",
            "une halte-garderie pour parents en formation",
            "des assistantes maternelles en horaires décalés",
        ],
        "Faute de mode de garde, des parents, surtout des mères seules, renoncent à un "
        "emploi ou à une formation.",
    ),
}

# Target public (as in migration 0002) -> how a sentence names it.
PUBLIC_TEXT = {
    "Demandeurs d'emploi de longue durée": "les demandeurs d'emploi de longue durée",
    "Bénéficiaires du RSA": "les bénéficiaires du RSA",
    "Jeunes NEET": "les jeunes ni en emploi ni en formation",
    "Habitants des QPV": "les habitants des quartiers prioritaires",
    "Travailleurs handicapés": "les travailleurs handicapés",
    "Seniors": "les seniors sans emploi",
    "Salariés en insertion": "les salariés en insertion",
    "Familles monoparentales": "les familles monoparentales",
}

# Département code -> towns (the préfecture first).
TOWNS = {
    "01": ["Bourg-en-Bresse", "Oyonnax"],
    "02": ["Laon", "Saint-Quentin", "Soissons"],
    "03": ["Moulins", "Montluçon", "Vichy"],
    "04": ["Digne-les-Bains", "Manosque"],
    "05": ["Gap", "Briançon"],
    "06": ["Nice", "Cannes", "Grasse"],
    "07": ["Privas", "Aubenas"],
    "08": ["Charleville-Mézières", "Sedan"],
    "09": ["Foix", "Pamiers"],
    "10": ["Troyes", "Romilly-sur-Seine"],
    "11": ["Carcassonne", "Narbonne"],
    "12": ["Rodez", "Millau"],
    "13": ["Marseille", "Aix-en-Provence", "Arles"],
    "14": ["Caen", "Lisieux"],
    "15": ["Aurillac"],
    "16": ["Angoulême", "Cognac"],
    "17": ["La Rochelle", "Rochefort", "Saintes"],
    "18": ["Bourges", "Vierzon"],
    "19": ["Tulle", "Brive-la-Gaillarde"],
    "2A": ["Ajaccio"],
    "2B": ["Bastia", "Corte"],
    "21": ["Dijon", "Beaune"],
    "22": ["Saint-Brieuc", "Lannion"],
    "23": ["Guéret"],
    "24": ["Périgueux", "Bergerac"],
    "25": ["Besançon", "Montbéliard"],
    "26": ["Valence", "Montélimar"],
    "27": ["Évreux", "Vernon"],
    "28": ["Chartres", "Dreux"],
    "29": ["Quimper", "Brest", "Morlaix"],
    "30": ["Nîmes", "Alès"],
    "31": ["Toulouse", "Muret", "Saint-Gaudens"],
    "32": ["Auch"],
    "33": ["Bordeaux", "Mérignac", "Libourne"],
    "34": ["Montpellier", "Béziers", "Sète"],
    "35": ["Rennes", "Saint-Malo"],
    "36": ["Châteauroux"],
    "37": ["Tours", "Amboise"],
    "38": ["Grenoble", "Vienne", "Bourgoin-Jallieu"],
    "39": ["Lons-le-Saunier", "Dole"],
    "40": ["Mont-de-Marsan", "Dax"],
    "41": ["Blois", "Vendôme"],
    "42": ["Saint-Étienne", "Roanne"],
    "43": ["Le Puy-en-Velay"],
    "44": ["Nantes", "Saint-Nazaire"],
    "45": ["Orléans", "Montargis"],
    "46": ["Cahors", "Figeac"],
    "47": ["Agen", "Villeneuve-sur-Lot"],
    "48": ["Mende"],
    "49": ["Angers", "Cholet", "Saumur"],
    "50": ["Saint-Lô", "Cherbourg-en-Cotentin"],
    "51": ["Châlons-en-Champagne", "Reims", "Épernay"],
    "52": ["Chaumont", "Saint-Dizier"],
    "53": ["Laval", "Château-Gontier"],
    "54": ["Nancy", "Lunéville"],
    "55": ["Bar-le-Duc", "Verdun"],
    "56": ["Vannes", "Lorient"],
    "57": ["Metz", "Thionville", "Forbach"],
    "58": ["Nevers"],
    "59": ["Lille", "Roubaix", "Tourcoing", "Dunkerque", "Valenciennes", "Maubeuge"],
    "60": ["Beauvais", "Creil", "Compiègne"],
    "61": ["Alençon", "Flers"],
    "62": ["Arras", "Lens", "Calais", "Boulogne-sur-Mer", "Liévin"],
    "63": ["Clermont-Ferrand", "Thiers"],
    "64": ["Pau", "Bayonne"],
    "65": ["Tarbes", "Lourdes"],
    "66": ["Perpignan"],
    "67": ["Strasbourg", "Haguenau"],
    "68": ["Colmar", "Mulhouse"],
    "69": ["Lyon", "Villeurbanne", "Vénissieux", "Villefranche-sur-Saône"],
    "70": ["Vesoul"],
    "71": ["Mâcon", "Chalon-sur-Saône", "Le Creusot"],
    "72": ["Le Mans", "La Flèche"],
    "73": ["Chambéry", "Aix-les-Bains"],
    "74": ["Annecy", "Annemasse"],
    "75": ["Paris"],
    "76": ["Rouen", "Le Havre", "Dieppe"],
    "77": ["Melun", "Meaux", "Chelles"],
    "78": ["Versailles", "Mantes-la-Jolie", "Trappes"],
    "79": ["Niort", "Bressuire"],
    "80": ["Amiens", "Abbeville"],
    "81": ["Albi", "Castres"],
    "82": ["Montauban"],
    "83": ["Toulon", "Fréjus", "Draguignan"],
    "84": ["Avignon", "Carpentras"],
    "85": ["La Roche-sur-Yon", "Les Sables-d'Olonne"],
    "86": ["Poitiers", "Châtellerault"],
    "87": ["Limoges"],
    "88": ["Épinal", "Saint-Dié-des-Vosges"],
    "89": ["Auxerre", "Sens"],
    "90": ["Belfort"],
    "91": ["Évry-Courcouronnes", "Corbeil-Essonnes", "Grigny"],
    "92": ["Nanterre", "Gennevilliers", "Colombes"],
    "93": ["Bobigny", "Saint-Denis", "Aubervilliers", "Montreuil", "Clichy-sous-Bois"],
    "94": ["Créteil", "Vitry-sur-Seine", "Champigny-sur-Marne"],
    "95": ["Cergy", "Sarcelles", "Argenteuil"],
    "971": ["Basse-Terre", "Pointe-à-Pitre"],
    "972": ["Fort-de-France"],
    "973": ["Cayenne", "Saint-Laurent-du-Maroni"],
    "974": ["Saint-Denis", "Saint-Pierre", "Le Port"],
    "976": ["Mamoudzou"],
}

WHERE = [
    "à {town}",
    "dans les quartiers prioritaires de {town}",
    "en zone rurale autour de {town}",
    "dans le bassin d'emploi de {town}",
    "à {town} et dans sa périphérie",
]
BRAND_FIRST = [
    "Cap",
    "Tremplin",
    "Passerelle",
    "Élan",
    "Horizon",
    "Relais",
    "Ensemble",
    "Boussole",
    "Déclic",
    "Escale",
    "Ricochet",
    "Sésame",
]
BRAND_SECOND = [
    "Avenir",
    "Emploi",
    "Solidaire",
    "Jeunes",
    "Énergie",
    "Mobilité",
    "Familles",
    "Quartiers",
    "Compétences",
    "Territoires",
    "Partage",
    "Horizons",
]
ORG_KINDS = [
    ("Association {brand}", Organisation.LegalForm.ASSOCIATION),
    ("Régie de quartier de {town}", Organisation.LegalForm.ASSOCIATION),
    ("Centre social {brand} de {town}", Organisation.LegalForm.ASSOCIATION),
    ("Ressourcerie {brand}", Organisation.LegalForm.ASSOCIATION),
    ("SCIC {brand}", Organisation.LegalForm.SCIC),
    ("SCOP {brand}", Organisation.LegalForm.SCOP),
    ("Fondation {brand}", Organisation.LegalForm.FOUNDATION),
    ("Maison de l'emploi de {town}", Organisation.LegalForm.GIP),
    ("CCAS de {town}", Organisation.LegalForm.PUBLIC_BODY),
    ("Entreprise d'insertion {brand}", Organisation.LegalForm.ESUS),
    ("Mission locale de {town}", Organisation.LegalForm.ASSOCIATION),
]
METHODS = [
    "Un accompagnement individuel renforcé est proposé pendant six à douze mois.",
    "Les participants sont orientés par France Travail, le département et les travailleurs "
    "sociaux.",
    "Le dispositif s'appuie sur des bénévoles formés et un réseau d'entreprises partenaires.",
    "Des ateliers collectifs hebdomadaires complètent un suivi individuel.",
    "Un binôme de professionnels va à la rencontre des personnes là où elles vivent.",
    "Le projet est co-construit avec les habitants et les entreprises du territoire.",
]
EVIDENCE = [
    "Constat partagé par les travailleurs sociaux du CCAS.",
    "Diagnostic territorial réalisé avec la mission locale en {year}.",
    "Enquête menée auprès de {n} ménages du territoire.",
    "Remontées des conseillers France Travail lors des comités locaux.",
    "Étude de l'observatoire régional publiée en {year}.",
]
FIRST_NAMES = ["Claire", "Julien", "Nadia", "Thomas", "Sandrine", "Youssef", "Camille", "Hugo"]
LAST_NAMES = ["Dubois", "Martin", "Benali", "Lefèvre", "Nguyen", "Moreau", "Garnier", "Roux"]

# Stages: most initiatives are at the start of the chain.
STAGE_WEIGHTS = {
    Stage.DRAFT: 28,
    Stage.SUBMITTED: 24,
    Stage.IDENTIFIED: 16,
    Stage.IN_EVALUATION: 6,
    Stage.EVALUATED: 4,
    Stage.VALIDATED: 3,
    Stage.SPREADING: 2,
    Stage.SCALING: 1,
    Stage.REWORK: 3,
    Stage.DECLINED: 8,
    Stage.WITHDRAWN: 3,
    Stage.ARCHIVED: 2,
}


def number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


# --- Fill -------------------------------------------------------------------------------


@contextmanager
def dates_as_given():
    """bulk_create would stamp created_at/updated_at with now(): keep the dates we set."""
    fields = [Initiative._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def fill(count: int) -> None:
    rng = random.Random(SEED)
    now = timezone.now()
    two_years = 730 * 86_400

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE initiatives_initiative, initiatives_organisation, initiatives_call, "
            "accelerator_user RESTART IDENTITY CASCADE"
        )

    with transaction.atomic():
        departments = list(Territory.objects.filter(kind=Territory.Kind.DEPARTMENT))
        themes = {theme.name: theme for theme in Theme.objects.all()}
        publics = {public.name: public for public in TargetPublic.objects.all()}
        # The reference data of migration 0002 that the word lists know.
        theme_list = [themes[name] for name in THEME_TEXT if name in themes]
        public_list = [publics[name] for name in PUBLIC_TEXT if name in publics]

        # People: the benchmark's staff member, a few chargé·es de mission, the innovators.
        staff_group = Group.objects.get(name=roles.STAFF)
        innovator_group = Group.objects.get(name=roles.INNOVATOR)
        staff = [User(email=STAFF_EMAIL, first_name="Banc", last_name="D'essai", password="!")]
        staff += [
            User(
                email=f"charge{i}@essaim.bench",
                first_name=FIRST_NAMES[i],
                last_name=LAST_NAMES[(i * 3) % len(LAST_NAMES)],
                password="!",
            )
            for i in range(6)
        ]
        staff = User.objects.bulk_create(staff)
        leads = staff[1:]
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=staff_group.pk) for user in staff]
        )

        # Organisations, each with its innovator.
        organisations, owners = [], []
        for i in range(300):
            department = rng.choice(departments)
            town = rng.choice(TOWNS.get(department.code, [department.name]))
            brand = f"{rng.choice(BRAND_FIRST)} {rng.choice(BRAND_SECOND)}"
            pattern, legal_form = rng.choice(ORG_KINDS)
            organisations.append(
                Organisation(
                    name=pattern.format(brand=brand, town=town),
                    legal_form=legal_form,
                    not_for_profit=legal_form != Organisation.LegalForm.COMPANY,
                    territory=department,
                )
            )
            owners.append(
                User(
                    email=f"porteur{i}@essaim.bench",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    password="!",
                )
            )
        organisations = Organisation.objects.bulk_create(organisations)
        owners = User.objects.bulk_create(owners)
        Membership.objects.bulk_create(
            [Membership(user_id=user.pk, group_id=innovator_group.pk) for user in owners]
        )
        Members = Organisation.members.through
        Members.objects.bulk_create(
            [
                Members(organisation_id=org.pk, user_id=user.pk)
                for org, user in zip(organisations, owners, strict=True)
            ]
        )
        today = timezone.localdate()
        calls = Call.objects.bulk_create(
            [
                Call(
                    title=f"AIS#Emploi {year}",
                    description="Appel à initiatives sociales pour l'emploi.",
                    opens_on=today.replace(year=year, month=1, day=15),
                    closes_on=today.replace(year=year, month=6, day=30),
                )
                for year in (today.year - 2, today.year - 1, today.year)
            ]
        )

        stages = list(STAGE_WEIGHTS)
        weights = list(STAGE_WEIGHTS.values())
        maturities = [*Maturity.values, ""]
        ThroughTerritory = Initiative.territories.through
        ThroughTheme = Initiative.themes.through
        ThroughPublic = Initiative.target_publics.through

        with dates_as_given():
            done = 0
            while done < count:
                size = min(BATCH, count - done)
                initiatives, links = [], []
                for _ in range(size):
                    stage = rng.choices(stages, weights)[0]
                    picked_departments = rng.sample(departments, rng.choice((1, 1, 1, 2)))
                    picked_themes = rng.sample(theme_list, rng.choice((1, 2, 2, 3)))
                    picked_publics = rng.sample(public_list, rng.choice((1, 1, 2)))
                    organisation_index = rng.randrange(len(organisations))
                    initiatives.append(
                        make_initiative(
                            rng,
                            now,
                            two_years,
                            stage,
                            organisations[organisation_index],
                            owners[organisation_index],
                            picked_departments,
                            picked_themes,
                            picked_publics,
                            maturities,
                            calls,
                            leads,
                        )
                    )
                    links.append((picked_departments, picked_themes, picked_publics))
                initiatives = Initiative.objects.bulk_create(initiatives)
                territory_rows, theme_rows, public_rows = [], [], []
                for initiative, (deps, ths, pubs) in zip(initiatives, links, strict=True):
                    pk = initiative.pk
                    territory_rows += [
                        ThroughTerritory(initiative_id=pk, territory_id=d.pk) for d in deps
                    ]
                    theme_rows += [ThroughTheme(initiative_id=pk, theme_id=t.pk) for t in ths]
                    public_rows += [
                        ThroughPublic(initiative_id=pk, targetpublic_id=p.pk) for p in pubs
                    ]
                ThroughTerritory.objects.bulk_create(territory_rows)
                ThroughTheme.objects.bulk_create(theme_rows)
                ThroughPublic.objects.bulk_create(public_rows)
                done += size
                if sys.stdout.isatty():
                    print(f"\r  {number(done)} / {number(count)}", end="", flush=True)
        print(f"\r  {number(count)} initiatives, leurs territoires, thématiques et publics")

    print("  vecteurs de recherche (initiatives.search.reindex)…", flush=True)
    search.reindex()
    # reindex() rewrote every row: compact the table as a table filled over time would be.
    print("  VACUUM FULL, ANALYZE…", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (FULL, ANALYZE) initiatives_initiative")
        cursor.execute("VACUUM ANALYZE")


def make_initiative(
    rng,
    now,
    span,
    stage,
    organisation,
    owner,
    departments,
    themes,
    publics,
    maturities,
    calls,
    leads,
):
    department = departments[0]
    town = rng.choice(TOWNS.get(department.code, [department.name]))
    where = rng.choice(WHERE).format(town=town)
    actions = [rng.choice(THEME_TEXT[theme.name][0]) for theme in themes]
    public_text = [PUBLIC_TEXT[public.name] for public in publics]
    action = actions[0]
    brand = f"{rng.choice(BRAND_FIRST)} {rng.choice(BRAND_SECOND)}"
    match rng.randrange(3):
        case 0:
            title = f"{action[0].upper()}{action[1:]} pour {public_text[0]} {where}"
        case 1:
            title = f"{brand} : {action} {where}"
        case _:
            title = f"{action[0].upper()}{action[1:]} {where}"
    summary = [
        f"{organisation.name} porte {action} {where}, pour {' et '.join(public_text)}.",
        *(f"Le projet développe aussi {other}." for other in actions[1:]),
        rng.choice(METHODS),
        f"Depuis {now.year - rng.randrange(1, 6)}, {rng.randrange(20, 600)} personnes ont été "
        "accompagnées.",
    ]
    if len(departments) > 1:
        summary.append(f"L'action s'étend au département {departments[1].name}.")
    evidence = rng.choice(EVIDENCE).format(
        year=now.year - rng.randrange(1, 4), n=rng.randrange(50, 500)
    )
    problem = f"{THEME_TEXT[themes[0].name][1]} {evidence}"

    # Dates over two years: created ≤ submitted ≤ entered the stage ≤ last activity ≤ now.
    created = now - timedelta(seconds=rng.randrange(span))
    left = (now - created).total_seconds()
    submitted = None
    stage_entered = created
    if stage != Stage.DRAFT:
        submitted = created + timedelta(seconds=rng.random() * left * 0.3)
        stage_entered = submitted
        if stage != Stage.SUBMITTED:
            stage_entered = submitted + timedelta(
                seconds=rng.random() * (now - submitted).total_seconds() * 0.7
            )
    updated = stage_entered + timedelta(
        seconds=rng.random() * (now - stage_entered).total_seconds() * 0.5
    )
    return Initiative(
        title=title[:200],
        summary=" ".join(summary),
        problem=problem,
        carrier=organisation,
        owner=owner,
        maturity=rng.choice(maturities),
        theory_of_change="Accompagner, lever les freins, accéder à un emploi durable.",
        expected_outcomes="Taux de retour à l'emploi à six mois.",
        budget=Decimal(rng.randrange(20, 900) * 1000),
        cost_per_beneficiary=Decimal(rng.randrange(300, 9000)) if rng.random() < 0.6 else None,
        call=rng.choice(calls) if rng.random() < 0.7 else None,
        stage=stage,
        stage_entered_at=stage_entered,
        lead=rng.choice(leads) if rng.random() < 0.5 else None,
        created_at=created,
        updated_at=updated,
        submitted_at=submitted,
    )


# --- Measures ---------------------------------------------------------------------------

FLOOR_COLUMNS = """
SELECT p.id, p.title, o.name, p.stage, u.first_name, u.last_name, p.stage_entered_at,
       p.updated_at,
       ARRAY(SELECT t.name FROM initiatives_initiative_territories it
             JOIN initiatives_territory t ON t.id = it.territory_id
             WHERE it.initiative_id = p.id ORDER BY t.kind, t.code) AS territories,
       ARRAY(SELECT th.name FROM initiatives_initiative_themes ith
             JOIN initiatives_theme th ON th.id = ith.theme_id
             WHERE ith.initiative_id = p.id ORDER BY th.position, th.name) AS themes
FROM ({page}) p
LEFT JOIN initiatives_organisation o ON o.id = p.carrier_id
LEFT JOIN accelerator_user u ON u.id = p.lead_id
ORDER BY {outer_order}
"""


def floor_sql(where: str, order: str, outer_order: str, extra_columns: str = "") -> str:
    """One query for the page: the 25 rows (filter, order, LIMIT), then their columns."""
    page = (
        "SELECT i.id, i.title, i.carrier_id, i.lead_id, i.stage, i.stage_entered_at, "
        f"i.updated_at{extra_columns} FROM initiatives_initiative i "
        f"{where} ORDER BY {order} LIMIT {PAGE_SIZE}"
    )
    return FLOOR_COLUMNS.format(page=page, outer_order=outer_order)


def pages():
    """(label, GET parameters, floor SQL, its parameters) of the four pages measured."""
    region = Territory.objects.get(kind=Territory.Kind.REGION, code="32")
    region_ids = [region.pk, *region.departments.values_list("pk", flat=True)]
    text = "precarite energetique"
    # filters.SORTS["days"] ascends with -stage_entered_at: "-days" puts the oldest first.
    assert filters.SORTS["days"][1][0] == "-stage_entered_at"
    activity = "i.updated_at DESC, i.id DESC"
    return [
        (
            "1. première page",
            {},
            floor_sql("", activity, "p.updated_at DESC, p.id DESC"),
            [],
        ),
        (
            f"2. région {region.name} + soumise",
            {"region": region.pk, "stage": Stage.SUBMITTED.value},
            floor_sql(
                "WHERE i.stage = %s AND EXISTS (SELECT 1 FROM initiatives_initiative_territories"
                " it WHERE it.initiative_id = i.id AND it.territory_id = ANY(%s))",
                activity,
                "p.updated_at DESC, p.id DESC",
            ),
            [Stage.SUBMITTED.value, region_ids],
        ),
        (
            f"3. recherche « {text} »",
            {"q": text},
            floor_sql(
                f"WHERE i.search_vector @@ websearch_to_tsquery('{search.CONFIG}', %s)",
                "rank DESC, i.updated_at DESC, i.id DESC",
                "p.rank DESC, p.updated_at DESC, p.id DESC",
                extra_columns=(
                    ", ts_rank(i.search_vector, "
                    f"websearch_to_tsquery('{search.CONFIG}', %s)) AS rank"
                ),
            ),
            [text, text],
        ),
        (
            "4. tri jours à l'étape (le plus ancien d'abord)",
            {"sort": "-days"},
            floor_sql("", "i.stage_entered_at ASC, i.id ASC", "p.stage_entered_at ASC, p.id ASC"),
            [],
        ),
    ]


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class SqlTimer:
    """Time spent in cursor.execute (the database and the round trips), for execute_wrapper."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - start


def timed(run, repeat, warmup=3):
    """Median and p95 of `run` in ms, and the median time its SQL took."""
    for _ in range(warmup):
        run()
    times, sql_times = [], []
    timer = SqlTimer()
    with connection.execute_wrapper(timer):
        for _ in range(repeat):
            timer.total = 0.0
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
            sql_times.append(timer.total * 1000)
    return statistics.median(times), percentile(times, 0.95), statistics.median(sql_times)


def connect_time(repeat=20):
    """What opening a PostgreSQL connection costs (once per request with CONN_MAX_AGE=0)."""
    times = []
    for _ in range(repeat):
        connection.close()
        start = time.perf_counter()
        connection.ensure_connection()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


ROW_ID = re.compile(rb'name="ids" value="(\d+)"')


def measure(repeat):
    user = User.objects.get(email=STAFF_EMAIL)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("initiatives:board")
    results = []
    for label, params, floor, floor_params in pages():

        def get(params=params, label=label):
            response = client.get(url, params)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            return response

        def fetch_floor(floor=floor, floor_params=floor_params):
            with connection.cursor() as cursor:
                cursor.execute(floor, floor_params)
                return cursor.fetchall()

        with CaptureQueriesContext(connection) as captured:
            response = get()
        queries = [query["sql"] for query in captured.captured_queries]
        board_ids = [int(pk) for pk in ROW_ID.findall(response.content)]
        floor_ids = [row[0] for row in fetch_floor()]
        results.append(
            {
                "label": label,
                "queries": queries,
                "same_rows": board_ids == floor_ids and len(board_ids) == PAGE_SIZE,
                "board": timed(get, repeat),
                "floor": timed(fetch_floor, repeat),
            }
        )
    return results


def explain(queries, limit=3, shown_from_ms=5.0):
    """EXPLAIN ANALYZE each SELECT (or WITH … SELECT) of a board page: all timings, the
    slowest plans."""
    timings = []
    with connection.cursor() as cursor:
        for query in queries:
            if not query.lstrip().upper().startswith(("SELECT", "WITH")):
                continue  # server-side cursors (DECLARE) of the choice fields: a few rows
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query)
            plan = [row[0] for row in cursor.fetchall()]
            total = next(
                float(line.split(":")[1].split()[0])
                for line in plan
                if line.startswith("Execution Time")
            )
            timings.append((total, query, plan))
    timings.sort(key=lambda item: item[0], reverse=True)
    print(f"    durée d'exécution totale : {sum(t for t, _q, _p in timings):.1f} ms")
    for total, query, _plan in timings:
        print(f"    {total:7.1f} ms  {query[:110]}…")
    for total, query, plan in timings[:limit]:
        if total < shown_from_ms:
            break
        shown = query if len(query) <= 500 else f"{query[:150]} … {query[-350:]}"
        print(f"\n    -- {total:.1f} ms : {shown}")
        for line in plan:
            print(f"       {line}")


def report(results, count):
    headers = (
        "page",
        "board méd.",
        "board p95",
        "dont SQL méd.",
        "requêtes",
        "plancher méd.",
        "plancher p95",
        "p95 board/plancher",
        f"p95 < {TARGET_MS:.0f} ms",
    )
    rows = []
    for result in results:
        (bm, bp, bsql), (fm, fp, _fsql) = result["board"], result["floor"]
        rows.append(
            (
                result["label"],
                f"{bm:.1f} ms",
                f"{bp:.1f} ms",
                f"{bsql:.1f} ms",
                str(len(result["queries"])),
                f"{fm:.1f} ms",
                f"{fp:.1f} ms",
                f"× {bp / fp:.1f}",
                "oui" if bp < TARGET_MS else "NON",
            )
        )
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    print(f"\nTableau de suivi : {number(count)} initiatives")
    print(line(headers))
    print(line(["-" * width for width in widths]))
    for row in rows:
        print(line(row))
    for result in results:
        if not result["same_rows"]:
            print(f"  attention : {result['label']} — le plancher ne ramène pas les mêmes lignes")
    return [result for result in results if result["board"][1] >= TARGET_MS]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--keep", action="store_true", help=f"garder la base {DB_NAME} pour la prochaine fois"
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    present = Initiative.objects.count()
    complete = (
        User.objects.filter(email=STAFF_EMAIL).exists()
        and not Initiative.objects.filter(search_vector__isnull=True).exists()
    )
    if present == args.initiatives and complete:
        print(f"Données réutilisées : {number(present)} initiatives.")
    else:
        print(f"Remplissage : {number(args.initiatives)} initiatives…", flush=True)
        start = time.perf_counter()
        fill(args.initiatives)
        print(f"Remplissage fait en {time.perf_counter() - start:.0f} s.")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers')"
        )
        version, shared_buffers = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('initiatives_initiative'))")
        (size,) = cursor.fetchone()
    max_age = connection.settings_dict["CONN_MAX_AGE"]
    reuse = "ouverte à chaque requête" if not max_age else f"gardée {max_age} s entre requêtes"
    print(
        f"PostgreSQL {version} (shared_buffers {shared_buffers}), table des initiatives : "
        f"{size} ; connexion : {connect_time():.1f} ms, {reuse} (CONN_MAX_AGE={max_age})."
    )
    print(f"Mesure : {args.repeat} requêtes par page après 3 d'échauffement…", flush=True)
    load_before = os.getloadavg()[0]
    results = measure(args.repeat)
    missed = report(results, args.initiatives)
    print(
        f"Charge de la machine ({os.cpu_count()} cœurs), moyenne sur 1 min : "
        f"{load_before:.2f} avant la mesure, {os.getloadavg()[0]:.2f} après."
    )
    print(
        "\nboard : temps serveur de client.get (middlewares, vue, requêtes, gabarit) ; "
        "dont SQL : temps passé dans cursor.execute ;\nplancher : une requête SQL brute "
        "qui ramène les mêmes 25 lignes avec les colonnes affichées."
    )
    for result in missed:
        print(f"\nEXPLAIN ANALYZE des requêtes de « {result['label']} », les plus lentes d'abord :")
        explain(result["queries"])

    if not args.keep:
        drop_database()


if __name__ == "__main__":
    main()

"""Benchmark of the staff dashboard's aggregations (dashboard.selectors) at scale.

Reuses the `essaim_bench` database that bench/triage.py fills and keeps (run
`uv run python bench/triage.py --keep` first). triage.py writes no transition log: this
script adds one, its own way — for each initiative, the StateLog rows of a plausible path
from draft to its current stage, spread evenly between its creation and `stage_entered_at`,
marked transition = 'bench-dashboard' — and replaces them when the initiatives have changed;
then rebuilds from that log what the dashboard reads (initiatives.stays: the stays in each
stage, the furthest step reached), as whatever writes the log in bulk must, and times it.

triage.py writes no evaluations nor replications either: this script adds them the same way
(set-based SQL, random() after setseed, marked 'bench-dashboard' in a column the dashboard
does not read, replaced when the initiatives have changed, never touching other rows):

- an evaluation for every initiative that reached the evaluation (in_evaluation, evaluated,
  rework, validated, spreading, scaling, archived), its design drawn among Design's — running
  or cancelled in evaluation, rated past it, at Nesta level 3 or more past the validation —
  plus, for some, a process evaluation before it, the evaluation redone in rework, a fidelity
  evaluation while spreading or scaling (about 32,000 rows); the committee's EvidenceRating of
  the rated ones (Nesta level the design supports, its Maryland SMS level; about 23,000), by
  evaluators and committee members it adds once (@bench-dashboard.essaim.bench);
- a published transfer kit per initiative spreading or scaling, then 1 to 3 replications per
  initiative spreading, 3 to 8 per initiative scaling (about 9,700), by partner organisations
  of triage.py in their département or their région, across strategies and states.

Then it times, `--repeat` times after 3 warm-up runs, every aggregation of the page (funnel,
stages, time in stage, stalled, evaluations, replications by région and by strategy), one by
one and all together, beside the floor: a bare `SELECT stage, COUNT(*) ... GROUP BY stage`.

    uv run python bench/dashboard.py [--repeat 30]

A benchmark, not a test: it prints figures and asserts nothing about time.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "essaim_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("CACHE_KEY_PREFIX", "essaim-bench")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerator.settings")
warnings.filterwarnings("ignore", "No directory at", UserWarning)

import django  # noqa: E402
import psycopg  # noqa: E402

TARGET_MS = 300.0
MARK = "bench-dashboard"

# The path from draft to each stage: the stages entered, in order.
CHAIN_PATH = ["submitted", "identified", "in_evaluation", "evaluated", "validated"]
PATHS = {
    "submitted": CHAIN_PATH[:1],
    "identified": CHAIN_PATH[:2],
    "in_evaluation": CHAIN_PATH[:3],
    "evaluated": CHAIN_PATH[:4],
    "validated": CHAIN_PATH,
    "spreading": [*CHAIN_PATH, "spreading"],
    "scaling": [*CHAIN_PATH, "spreading", "scaling"],
    "rework": [*CHAIN_PATH[:3], "rework"],
    "declined": ["submitted", "identified", "declined"],
    "withdrawn": ["submitted", "withdrawn"],
    "archived": [*CHAIN_PATH, "archived"],
}


def check_database():
    try:
        with psycopg.connect(f"{SERVER}/{DB_NAME}") as conn:
            (count,) = conn.execute("SELECT COUNT(*) FROM initiatives_initiative").fetchone()
    except psycopg.Error as error:
        sys.exit(f"Base {DB_NAME} absente ou vide ({error}) : lancer bench/triage.py --keep.")
    if not count:
        sys.exit(f"Base {DB_NAME} vide : lancer `uv run python bench/triage.py --keep`.")


check_database()
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accelerator import roles  # noqa: E402
from dashboard import selectors as dashboard  # noqa: E402
from evaluations.models import SMS_LEVELS, Design, Kind, State  # noqa: E402
from initiatives import stays  # noqa: E402
from initiatives.models import Initiative, Stage  # noqa: E402
from swarming.models import KitState, ReplicationState, Strategy  # noqa: E402

User = get_user_model()


def fill_log():
    """Adds the transition log when it is missing or out of date; returns its row count."""
    content_type = ContentType.objects.get_for_model(Initiative).pk
    expected_sql = " + ".join(
        f"COUNT(*) FILTER (WHERE stage = '{stage}') * {len(path)}" for stage, path in PATHS.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expected_sql} FROM initiatives_initiative")
        (expected,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*) FROM django_fsm_log_statelog l JOIN initiatives_initiative i "
            "ON i.id = l.object_id AND l.content_type_id = %s WHERE l.transition = %s",
            [content_type, MARK],
        )
        (present,) = cursor.fetchone()
        if present == expected:
            print(f"Historique des transitions réutilisé : {number(present)} lignes.")
            return present
        print("Écriture de l'historique des transitions…", flush=True)
        start = time.perf_counter()
        values = ", ".join(
            f"('{stage}', ARRAY[{', '.join(repr(s) for s in path)}]::varchar[])"
            for stage, path in PATHS.items()
        )
        with transaction.atomic():
            cursor.execute("DELETE FROM django_fsm_log_statelog WHERE transition = %s", [MARK])
            cursor.execute(
                f"""
                WITH paths(stage, path) AS (VALUES {values})
                INSERT INTO django_fsm_log_statelog
                    (timestamp, source_state, state, transition, content_type_id, object_id,
                     description)
                SELECT i.created_at + (GREATEST(i.stage_entered_at, i.created_at) - i.created_at)
                           * (s.k::float / cardinality(p.path)),
                       COALESCE(p.path[s.k - 1], 'draft'), p.path[s.k], %s, %s, i.id, ''
                FROM initiatives_initiative i
                JOIN paths p ON p.stage = i.stage
                CROSS JOIN LATERAL generate_subscripts(p.path, 1) AS s(k)
                """,
                [MARK, content_type],
            )
        cursor.execute("ANALYZE django_fsm_log_statelog")
        print(f"Historique écrit en {time.perf_counter() - start:.0f} s ({expected:,} lignes).")
        return expected


# --- Evaluations and replications -----------------------------------------------------------
#
# Written in set-based SQL (INSERT ... SELECT, random() after setseed, drawn over the rows
# in a fixed order: the same draws on every run), marked in a free-text column that the
# dashboard does not read, so that only the rows written here are ever replaced:
#   evaluations_evaluation.commissioner, swarming_transferkit.licence_terms and
#   swarming_replication.motivation = MARK; the committee's ratings belong to those
#   evaluations; the people below have e-mail addresses @bench-dashboard.essaim.bench.

# The evaluators and committee members the evaluations need (rater is required): added once.
PEOPLE = {
    roles.EVALUATOR: [
        ("Hélène", "Robin"),
        ("Karim", "Benali"),
        ("Sophie", "Garnier"),
        ("Thomas", "Lemoine"),
        ("Nadia", "Haddad"),
        ("Julien", "Perrin"),
    ],
    roles.COMMITTEE: [
        ("Marie", "Fontaine"),
        ("Olivier", "Chevalier"),
        ("Aïcha", "Diallo"),
        ("François", "Marchand"),
    ],
}
PEOPLE_DOMAIN = f"{MARK}.essaim.bench"
EXTERNAL_EVALUATORS = [
    "Cabinet Quadrant Évaluation",
    "Agence Phare Études",
    "Laboratoire d'évaluation des politiques sociales",
    "Coopérative Mesure et Impact",
    "Institut régional de l'économie sociale",
]

# The evaluations, set by set: the initiatives at these stages (a share of them), the kind
# (None: process for a theory of change, impact otherwise), the designs and the states drawn
# with these weights, and when it ran: "evaluation", the initiative's stay in in_evaluation as
# the transition log dates it (or its first half); "stage", from its entry into its current
# stage to now. Every initiative that reached the evaluation has the first ones.
EVALUATED_STAGES = [
    Stage.IN_EVALUATION,
    Stage.EVALUATED,
    Stage.REWORK,
    Stage.VALIDATED,
    Stage.SPREADING,
    Stage.SCALING,
    Stage.ARCHIVED,
]
# Past the validation, the evidence was rated at Nesta level 3 or more (evidence_sufficient):
# only the designs that can support it.
VALIDATED_STAGES = [Stage.VALIDATED, Stage.SPREADING, Stage.SCALING, Stage.ARCHIVED]
DESIGNS = {
    # design: (weight before the validation, weight past it), Nesta levels it may support
    Design.THEORY_OF_CHANGE: ((15, 0), (1, 1)),
    Design.BEFORE_AFTER: ((25, 0), (1, 2)),
    Design.COMPARISON_GROUP: ((25, 35), (2, 3)),
    Design.DIFFERENCE_IN_DIFFERENCES: ((15, 30), (2, 3)),
    Design.QUASI_RANDOM: ((8, 15), (3, 4)),
    Design.RCT: ((12, 20), (3, 5)),
}
BEFORE = {design: weights[0] for design, (weights, _levels) in DESIGNS.items()}
PAST = {design: weights[1] for design, (weights, _levels) in DESIGNS.items()}
RATED = {State.RATED: 1}
EVALUATION_SETS = [
    # The evaluation that takes the initiative through the chain: running (or cancelled) while
    # in evaluation, rated (with a null or negative result for those in rework) past it.
    (
        [Stage.IN_EVALUATION],
        1,
        None,
        BEFORE,
        {State.PLANNED: 20, State.IN_PROGRESS: 45, State.REPORT_SUBMITTED: 30, State.CANCELLED: 5},
        "evaluation",
    ),
    ([Stage.EVALUATED, Stage.REWORK], 1, None, BEFORE, RATED, "evaluation"),
    (VALIDATED_STAGES, 1, None, PAST, RATED, "evaluation"),
    # For half of those past it, a process evaluation first.
    (
        [s for s in EVALUATED_STAGES if s != Stage.IN_EVALUATION],
        0.5,
        Kind.PROCESS,
        {Design.THEORY_OF_CHANGE: 1},
        RATED,
        "first half",
    ),
    # In rework, the evaluation redone, planned, its design not always chosen yet.
    (
        [Stage.REWORK],
        0.8,
        Kind.IMPACT,
        {"": 40, Design.BEFORE_AFTER: 20, Design.COMPARISON_GROUP: 25, Design.RCT: 15},
        {State.PLANNED: 1},
        "stage",
    ),
    # Spreading or scaling, a fidelity evaluation of the replications.
    (
        [Stage.SPREADING, Stage.SCALING],
        0.4,
        Kind.FIDELITY,
        {"": 50, Design.BEFORE_AFTER: 25, Design.COMPARISON_GROUP: 25},
        {State.PLANNED: 60, State.IN_PROGRESS: 40},
        "stage",
    ),
]

# Replications: a published kit per initiative spreading or scaling, then (lowest, highest)
# replications each, by partner organisations (one of the others, drawn at random) in their
# département or, for some, their région.
SPREAD_STAGES = {Stage.SPREADING: (1, 3), Stage.SCALING: (3, 8)}
REGION_SHARE = 0.3
STRATEGIES = {
    Strategy.OPEN_FERTILISATION: 30,
    Strategy.FORMAL_FERTILISATION: 20,
    Strategy.FLEXIBLE_DUPLICATION: 25,
    Strategy.SOCIAL_FRANCHISE: 15,
    Strategy.CENTRALISED_DUPLICATION: 10,
}
REPLICATION_STATES = {
    Stage.SPREADING: {
        ReplicationState.INTEREST: 30,
        ReplicationState.AGREEMENT: 25,
        ReplicationState.PREPARATION: 20,
        ReplicationState.LAUNCHED: 15,
        ReplicationState.ABANDONED: 10,
    },
    Stage.SCALING: {
        ReplicationState.INTEREST: 10,
        ReplicationState.AGREEMENT: 15,
        ReplicationState.PREPARATION: 15,
        ReplicationState.LAUNCHED: 30,
        ReplicationState.AUTONOMOUS: 20,
        ReplicationState.ABANDONED: 10,
    },
}
SIGNED_STATES = [
    ReplicationState.AGREEMENT,
    ReplicationState.PREPARATION,
    ReplicationState.LAUNCHED,
    ReplicationState.AUTONOMOUS,
]


def quoted(values):
    """SQL: a list of string literals (values of the code's own constants)."""
    return ", ".join("'{}'".format(str(v).replace("'", "''")) for v in values)


def pick(weights, draw):
    """SQL: the key of `weights` (key: weight) that the uniform draw in column `draw` falls on."""
    weights = {key: weight for key, weight in weights.items() if weight}
    total, bound, whens = sum(weights.values()), 0, []
    *first, last = weights
    for key in first:
        bound += weights[key]
        whens.append(f"WHEN {draw} < {bound / total!r} THEN {quoted([key])}")
    return f"CASE {' '.join(whens)} ELSE {quoted([last])} END" if whens else quoted([last])


def number(n):
    return f"{n:,}".replace(",", " ")


def ensure_people(cursor):
    """Adds the evaluators and committee members when missing; {role: [user ids]}."""
    rows = [
        (role, f"{role}{n}@{PEOPLE_DOMAIN}", first, last)
        for role, names in PEOPLE.items()
        for n, (first, last) in enumerate(names, 1)
    ]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    cursor.execute(
        f"""
        WITH people(role, email, first_name, last_name) AS (VALUES {values})
        INSERT INTO accelerator_user
            (password, is_superuser, first_name, last_name, is_staff, is_active, date_joined,
             email)
        SELECT '!', false, first_name, last_name, false, true, now(), email FROM people
        ON CONFLICT (email) DO NOTHING
        """,
        params,
    )
    cursor.execute(
        f"""
        WITH people(role, email, first_name, last_name) AS (VALUES {values})
        INSERT INTO accelerator_user_groups (user_id, group_id)
        SELECT u.id, g.id FROM people p
        JOIN accelerator_user u ON u.email = p.email JOIN auth_group g ON g.name = p.role
        ON CONFLICT (user_id, group_id) DO NOTHING
        """,
        params,
    )
    cursor.execute(
        "SELECT g.name, array_agg(u.id ORDER BY u.id) FROM accelerator_user u "
        "JOIN accelerator_user_groups ug ON ug.user_id = u.id "
        "JOIN auth_group g ON g.id = ug.group_id "
        "WHERE u.email = ANY(%s) OR g.name = %s GROUP BY g.name",
        [[email for _role, email, _first, _last in rows], roles.STAFF],
    )
    return dict(cursor.fetchall())


def marked_up_to_date(cursor, table, column, stages):
    """Whether every initiative at these stages has rows of `table` marked MARK in `column`,
    and no other initiative has."""
    cursor.execute(
        f"""
        SELECT COUNT(*) FILTER (WHERE i.stage IN ({quoted(stages)}) AND mine.id IS NULL),
               COUNT(*) FILTER (WHERE i.stage NOT IN ({quoted(stages)}) AND mine.id IS NOT NULL)
        FROM initiatives_initiative i
        LEFT JOIN LATERAL (
            SELECT t.id FROM {table} t
            WHERE t.initiative_id = i.id AND t.{column} = %s LIMIT 1
        ) mine ON true
        """,
        [MARK],
    )
    return cursor.fetchone() == (0, 0)


def fill_evaluations():
    """Adds the evaluations and the committee's ratings when missing or out of date; returns
    their row counts."""
    content_type = ContentType.objects.get_for_model(Initiative).pk
    counts = (
        "SELECT COUNT(*), COUNT(r.id) FROM evaluations_evaluation e "
        "LEFT JOIN evaluations_evidencerating r ON r.evaluation_id = e.id "
        "WHERE e.commissioner = %s"
    )
    with connection.cursor() as cursor:
        if marked_up_to_date(cursor, "evaluations_evaluation", "commissioner", EVALUATED_STAGES):
            cursor.execute(counts, [MARK])
            evaluations, ratings = cursor.fetchone()
            print(
                f"Évaluations réutilisées : {number(evaluations)} évaluations, "
                f"{number(ratings)} notations."
            )
            return evaluations, ratings
        print("Écriture des évaluations et de leurs notations…", flush=True)
        start = time.perf_counter()
        with transaction.atomic():
            people = ensure_people(cursor)
            cursor.execute(
                "DELETE FROM evaluations_evidencerating WHERE evaluation_id IN "
                "(SELECT id FROM evaluations_evaluation WHERE commissioner = %s)",
                [MARK],
            )
            cursor.execute("DELETE FROM evaluations_evaluation WHERE commissioner = %s", [MARK])
            cursor.execute("SELECT setseed(0.2025)")
            for evaluation_set in EVALUATION_SETS:
                insert_evaluations(cursor, content_type, people, *evaluation_set)
            # The committee's rating of the rated ones: a Nesta level their design supports
            # (3 or more past the validation, but for a process evaluation), the design's
            # Maryland SMS level.
            levels = " ".join(
                f"WHEN {quoted([design])} THEN {low} + floor(r.r_level * {high - low + 1})::int"
                for design, (_weights, (low, high)) in DESIGNS.items()
            )
            sms = " ".join(
                f"WHEN {quoted([design])} THEN {level if level else 'NULL'}"
                for design, level in SMS_LEVELS.items()
            )
            cursor.execute(
                f"""
                WITH ordered AS MATERIALIZED (
                    SELECT e.id, e.design, e.updated_at, i.stage
                    FROM evaluations_evaluation e
                    JOIN initiatives_initiative i ON i.id = e.initiative_id
                    WHERE e.commissioner = %s AND e.state = 'rated'
                    ORDER BY e.id
                ), rated AS MATERIALIZED (
                    SELECT ordered.*, random() AS r_level, random() AS r_rater FROM ordered
                )
                INSERT INTO evaluations_evidencerating
                    (nesta_level, sms_level, rationale, rated_at, evaluation_id, rater_id)
                SELECT CASE WHEN r.stage IN ({quoted(VALIDATED_STAGES)})
                                 AND r.design <> 'theory_of_change'
                            THEN GREATEST(3, CASE r.design {levels} END)
                            ELSE CASE r.design {levels} END END,
                       CASE r.design {sms} END,
                       'Niveau retenu au vu du protocole, des effectifs et des résultats.',
                       r.updated_at, r.id,
                       (%s::bigint[])[1 + floor(r.r_rater * cardinality(%s::bigint[]))::int]
                FROM rated r
                """,
                [MARK, people[roles.COMMITTEE], people[roles.COMMITTEE]],
            )
            cursor.execute(counts, [MARK])
            evaluations, ratings = cursor.fetchone()
        # VACUUM FULL: the rows a rewrite replaced would leave the tables bloated, and the
        # aggregation scans them (they are small: a second or less).
        cursor.execute("VACUUM FULL ANALYZE evaluations_evaluation, evaluations_evidencerating")
        print(
            f"Évaluations écrites en {time.perf_counter() - start:.1f} s "
            f"({number(evaluations)} évaluations, {number(ratings)} notations)."
        )
        return evaluations, ratings


QUESTIONS = {
    Kind.PROCESS: "Comment l'action est-elle mise en œuvre, et qu'est-ce qui conditionne sa "
    "réussite ?",
    Kind.IMPACT: "L'action améliore-t-elle la situation des personnes accompagnées, et de "
    "combien ?",
    Kind.FIDELITY: "Les invariants de la méthode sont-ils tenus sur les sites d'essaimage ?",
}
WINDOWS = {
    # (start, length) of the time the evaluation ran
    "evaluation": ("t_start", "t_end - t_start"),
    "first half": ("t_start", "(t_end - t_start) * 0.5"),
    "stage": ("i.stage_entered_at", "now() - i.stage_entered_at"),
}


def insert_evaluations(cursor, content_type, people, stages, share, kind, designs, states, window):
    """One set of EVALUATION_SETS: an evaluation for `share` of the initiatives at `stages`."""
    start, length = WINDOWS[window]
    kind_sql = (
        quoted([kind])
        if kind
        else "CASE design WHEN 'theory_of_change' THEN 'process' ELSE 'impact' END"
    )
    questions = " ".join(f"WHEN {quoted([k])} THEN %s" for k in QUESTIONS)
    cursor.execute(
        f"""
        WITH times AS (
            SELECT object_id,
                   MAX(timestamp) FILTER (WHERE state = 'in_evaluation') AS t_in,
                   MIN(timestamp) FILTER (WHERE source_state = 'in_evaluation') AS t_out
            FROM django_fsm_log_statelog
            WHERE content_type_id = %s AND transition = %s
              AND 'in_evaluation' IN (state, source_state)
            GROUP BY object_id
        ), ordered AS MATERIALIZED (
            SELECT i.id, i.lead_id, {start} AS t_in, GREATEST({length}, interval '0') AS span
            FROM initiatives_initiative i
            LEFT JOIN times t ON t.object_id = i.id
            CROSS JOIN LATERAL (
                SELECT COALESCE(t.t_in, i.stage_entered_at) AS t_start,
                       COALESCE(t.t_out, now()) AS t_end
            ) AS stay
            WHERE i.stage IN ({quoted(stages)})
            ORDER BY i.id
        ), drawn AS MATERIALIZED (
            SELECT ordered.*, random() AS r_share, random() AS r_design, random() AS r_state,
                   random() AS r_evaluator, random() AS r_who, random() AS r_size
            FROM ordered
        ), designed AS (
            SELECT drawn.*, {pick(designs, "r_design")} AS design,
                   {pick(states, "r_state")} AS drawn_state
            FROM drawn WHERE r_share < {float(share)!r}
        ), d AS (
            SELECT designed.*, {kind_sql} AS kind,
                   -- an evaluation starts once its design is chosen (ready_to_start)
                   CASE WHEN design = '' THEN 'planned' ELSE drawn_state END AS state
            FROM designed
        )
        INSERT INTO evaluations_evaluation
            (kind, questions, design, commissioner, external_evaluator, independent,
             treated_size, comparison_size, sites, summary, report, state, created_at,
             updated_at, submitted_at, evaluator_id, initiative_id, planned_by_id)
        SELECT d.kind, CASE d.kind {questions} END, d.design, %s,
               CASE WHEN d.r_evaluator < 0.4 THEN ''
                    ELSE (%s::text[])[1 + floor(d.r_who * cardinality(%s::text[]))::int] END,
               d.r_evaluator >= 0.4 OR d.r_who < 0.5,
               CASE WHEN d.kind = 'process' THEN NULL ELSE 40 + floor(d.r_size * 960)::int END,
               CASE WHEN d.design IN ('', 'theory_of_change', 'before_after') THEN NULL
                    ELSE 40 + floor(d.r_size * 960)::int END,
               1 + floor(d.r_who * 5)::int,
               CASE WHEN d.state IN ('report_submitted', 'rated')
                    THEN 'Synthèse des résultats remise par l''évaluateur·rice.' ELSE '' END,
               '', d.state,
               d.t_in + d.span * 0.05,
               d.t_in + d.span * CASE d.state WHEN 'rated' THEN 0.95
                                              WHEN 'report_submitted' THEN 0.8 ELSE 0.3 END,
               CASE WHEN d.state IN ('report_submitted', 'rated') THEN d.t_in + d.span * 0.8 END,
               CASE WHEN d.r_evaluator < 0.4
                    THEN (%s::bigint[])[1 + floor(d.r_who * cardinality(%s::bigint[]))::int] END,
               d.id,
               COALESCE(d.lead_id,
                        (%s::bigint[])[1 + floor(d.r_who * cardinality(%s::bigint[]))::int])
        FROM d
        """,
        [
            content_type,
            MARK,
            *QUESTIONS.values(),
            MARK,
            EXTERNAL_EVALUATORS,
            EXTERNAL_EVALUATORS,
            people[roles.EVALUATOR],
            people[roles.EVALUATOR],
            people[roles.STAFF],
            people[roles.STAFF],
        ],
    )


def fill_replications():
    """Adds the transfer kits and the replications when missing or out of date; returns
    their row counts."""
    content_type = ContentType.objects.get_for_model(Initiative).pk
    counts = (
        "SELECT (SELECT COUNT(*) FROM swarming_transferkit WHERE licence_terms = %s), "
        "(SELECT COUNT(*) FROM swarming_replication WHERE motivation = %s)"
    )
    with connection.cursor() as cursor:
        if marked_up_to_date(
            cursor, "swarming_transferkit", "licence_terms", SPREAD_STAGES
        ) and marked_up_to_date(cursor, "swarming_replication", "motivation", SPREAD_STAGES):
            cursor.execute(counts, [MARK, MARK])
            kits, replications = cursor.fetchone()
            print(
                f"Réplications réutilisées : {number(replications)} réplications, "
                f"{number(kits)} kits d'essaimage."
            )
            return kits, replications
        print("Écriture des kits d'essaimage et des réplications…", flush=True)
        start = time.perf_counter()
        with transaction.atomic():
            people = ensure_people(cursor)
            cursor.execute("DELETE FROM swarming_replication WHERE motivation = %s", [MARK])
            cursor.execute("DELETE FROM swarming_transferkit WHERE licence_terms = %s", [MARK])
            # A published kit per initiative, written when it was validated, published when it
            # opened the spreading (as the log dates them); the next version of its kits.
            cursor.execute(
                f"""
                WITH times AS (
                    SELECT object_id,
                           MAX(timestamp) FILTER (WHERE state = 'validated') AS t_validated,
                           MAX(timestamp) FILTER (WHERE state = 'spreading') AS t_spreading
                    FROM django_fsm_log_statelog
                    WHERE content_type_id = %s AND transition = %s
                      AND state IN ('validated', 'spreading')
                    GROUP BY object_id
                )
                INSERT INTO swarming_transferkit
                    (version, state, project_sheet, theory_of_change, adaptable_parts,
                     methodological_guide, economic_model, template_budget, success_conditions,
                     territorial_prerequisites, training_plan, monitoring_indicators,
                     licence_terms, created_at, updated_at, published_at, created_by_id,
                     initiative_id)
                SELECT 1 + COALESCE((SELECT MAX(k.version) FROM swarming_transferkit k
                                     WHERE k.initiative_id = i.id), 0),
                       %s, i.summary, i.theory_of_change,
                       'Le calendrier, les partenaires locaux et les outils de communication.',
                       'Les étapes de la méthode, de la mobilisation au suivi des personnes.',
                       'Un poste de coordination financé par des subventions et des '
                       'prestations.',
                       '', 'Un portage associatif et un réseau de partenaires de l''emploi.',
                       '', '', '', %s,
                       COALESCE(t.t_validated, i.stage_entered_at),
                       COALESCE(t.t_spreading, i.stage_entered_at),
                       COALESCE(t.t_spreading, i.stage_entered_at),
                       i.owner_id, i.id
                FROM initiatives_initiative i LEFT JOIN times t ON t.object_id = i.id
                WHERE i.stage IN ({quoted(SPREAD_STAGES)})
                """,
                [content_type, MARK, KitState.PUBLISHED, MARK],
            )
            how_many = " ".join(
                f"WHEN {quoted([stage])} THEN {low} + floor(b.r_count * {high - low + 1})::int"
                for stage, (low, high) in SPREAD_STAGES.items()
            )
            states = " ".join(
                f"WHEN {quoted([stage])} THEN {pick(weights, 'r_state')}"
                for stage, weights in REPLICATION_STATES.items()
            )
            cursor.execute("SELECT setseed(0.2027)")
            cursor.execute(
                f"""
                WITH partners AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM initiatives_organisation
                ), departments AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM initiatives_territory
                    WHERE kind = 'department'
                ), ordered AS MATERIALIZED (
                    SELECT i.id, i.stage, i.carrier_id, i.lead_id, k.id AS kit_id,
                           k.published_at
                    FROM initiatives_initiative i
                    JOIN swarming_transferkit k
                      ON k.initiative_id = i.id AND k.licence_terms = %s
                    WHERE i.stage IN ({quoted(SPREAD_STAGES)})
                    ORDER BY i.id
                ), base AS MATERIALIZED (
                    SELECT ordered.*, random() AS r_count FROM ordered
                ), drawn AS MATERIALIZED (
                    SELECT b.*, random() AS r_partner, random() AS r_region,
                           random() AS r_strategy, random() AS r_state, random() AS r_date
                    FROM base b
                    CROSS JOIN LATERAL generate_series(1, CASE b.stage {how_many} END) AS n
                ), partnered AS (
                    SELECT d.*, p.ids[1 + (floor(d.r_partner * cardinality(p.ids))::int
                                           + (p.ids[1 + floor(d.r_partner
                                                  * cardinality(p.ids))::int]
                                              IS NOT DISTINCT FROM d.carrier_id)::int)
                                          %% cardinality(p.ids)] AS organisation_id,
                           {pick(STRATEGIES, "d.r_strategy")} AS strategy,
                           CASE d.stage {states} END AS state,
                           d.published_at + (now() - d.published_at) * (0.7 * d.r_date)
                               AS created_at
                    FROM drawn d CROSS JOIN partners p
                )
                INSERT INTO swarming_replication
                    (strategy, motivation, agreement_signed_on, state, created_at, updated_at,
                     declared_by_id, initiative_id, organisation_id, territory_id, kit_id)
                SELECT r.strategy, %s,
                       CASE WHEN r.state IN ({quoted(SIGNED_STATES)})
                            THEN (r.created_at + (now() - r.created_at) * 0.2)::date END,
                       r.state, r.created_at, r.created_at + (now() - r.created_at) * 0.6,
                       COALESCE(r.lead_id,
                                (%s::bigint[])[1 + floor(r.r_date
                                               * cardinality(%s::bigint[]))::int]),
                       r.id, r.organisation_id,
                       CASE WHEN o.territory_id IS NULL
                            THEN dep.ids[1 + floor(r.r_region * cardinality(dep.ids))::int]
                            WHEN r.r_region < {REGION_SHARE!r}
                            THEN COALESCE(t.parent_id, t.id)
                            ELSE t.id END,
                       r.kit_id
                FROM partnered r
                JOIN initiatives_organisation o ON o.id = r.organisation_id
                LEFT JOIN initiatives_territory t ON t.id = o.territory_id
                CROSS JOIN departments dep
                -- One live replication per initiative, organisation and territory (the
                -- constraint one_live_replication_per_territory): a second draw is dropped.
                ON CONFLICT DO NOTHING
                """,
                [MARK, MARK, people[roles.STAFF], people[roles.STAFF]],
            )
            cursor.execute(counts, [MARK, MARK])
            kits, replications = cursor.fetchone()
        cursor.execute("VACUUM FULL ANALYZE swarming_transferkit, swarming_replication")
        print(
            f"Réplications écrites en {time.perf_counter() - start:.1f} s "
            f"({number(replications)} réplications, {number(kits)} kits d'essaimage)."
        )
        return kits, replications


def fill_stays(logs):
    """Rebuilds what initiatives.stays keeps of the log (stays, furthest steps) when it does
    not match the log, as whatever writes the log in bulk must; timed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM initiatives_stagestay")
        (present,) = cursor.fetchone()
        if present == logs:
            print(f"Séjours par étape réutilisés : {number(present)} lignes.")
            return
        start = time.perf_counter()
        with transaction.atomic():
            stays.refresh()
        print(
            f"Séjours par étape et étapes atteintes recalculés depuis l'historique en "
            f"{time.perf_counter() - start:.1f} s."
        )
        # The refresh rewrote every initiative's row (its furthest step): without a VACUUM the
        # table keeps 100,000 dead rows and doubles in size, and every later measure of the
        # board (bench/triage.py) reads that bloat, as this one's first would.
        # FULL rewrites the table; the plain VACUUM after it sets the visibility map that
        # the index-only scans read (as bench/triage.py does after filling).
        cursor.execute("VACUUM (FULL, ANALYZE) initiatives_initiative")
        cursor.execute("VACUUM ANALYZE initiatives_initiative")
        cursor.execute("VACUUM ANALYZE initiatives_stagestay")


def floor():
    with connection.cursor() as cursor:
        cursor.execute("SELECT stage, COUNT(*) FROM initiatives_initiative GROUP BY stage")
        cursor.fetchall()


CHARTS = {
    "entonnoir": dashboard.funnel,
    "étapes": dashboard.stages,
    "temps par étape": dashboard.time_in_stage,
    "bloquées": dashboard.stalled,
    "évaluations": dashboard.evaluations,
    "réplications / région": dashboard.replications_by_region,
    "réplications / stratégie": dashboard.replications_by_strategy,
}


def page():
    """GET of the whole page by a staff member (django.test.Client): the aggregations, the
    SVG charts, the map and the template; for information, beside the target."""
    staff = User.objects.filter(groups__name=roles.STAFF, is_active=True).order_by("pk").first()
    if staff is None:
        sys.exit("Aucun membre de l'équipe dans essaim_bench : relancer bench/triage.py --keep.")
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    url = reverse("dashboard")

    def get():
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"Tableau de bord : HTTP {response.status_code}")

    return get


def everything():
    for chart in CHARTS.values():
        chart()


def timed(function, repeat):
    for _ in range(3):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    count = Initiative.objects.count()
    logs = fill_log()
    fill_evaluations()
    fill_replications()
    fill_stays(logs)
    print(
        f"{number(count)} initiatives, {number(logs)} lignes d'historique ; {args.repeat} "
        "mesures après 3 d'échauffement ; temps en ms."
    )
    print(f"{'':28}{'médiane':>10}{'95e c.':>10}")
    for label, chart in CHARTS.items():
        median, p95 = timed(chart, args.repeat)
        print(f"{label:28}{median:10.1f}{p95:10.1f}")
    median, p95 = timed(everything, args.repeat)
    floor_median, floor_p95 = timed(floor, args.repeat)
    print(f"{'tableau de bord (tout)':28}{median:10.1f}{p95:10.1f}")
    page_median, page_p95 = timed(page(), args.repeat)
    print(f"{'page entière (vue, gabarit)':28}{page_median:10.1f}{page_p95:10.1f}")
    print(f"{'plancher (COUNT GROUP BY)':28}{floor_median:10.1f}{floor_p95:10.1f}")
    verdict = "tenu" if p95 < TARGET_MS else "MANQUÉ"
    print(
        f"Objectif : tout sous {TARGET_MS:.0f} ms (95e centile) : {verdict} ; "
        f"rapport au plancher : {p95 / floor_p95:.1f}."
    )


if __name__ == "__main__":
    main()

"""Benchmark of the staff dashboard's aggregations (accelerator.dashboard) at scale.

Reuses the `essaim_bench` database that bench/triage.py fills and keeps (run
`uv run python bench/triage.py --keep` first). triage.py writes no transition log: this
script adds one, its own way — for each initiative, the StateLog rows of a plausible path
from draft to its current stage, spread evenly between its creation and `stage_entered_at`,
marked transition = 'bench-dashboard' — and replaces them when the initiatives have changed.

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

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accelerator import dashboard  # noqa: E402
from initiatives.models import Initiative  # noqa: E402


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
            print(f"Historique des transitions réutilisé : {present:,} lignes.".replace(",", " "))
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
    print(
        f"{count:,} initiatives, {logs:,} lignes d'historique ; {args.repeat} mesures après 3 "
        "d'échauffement ; temps en ms.".replace(",", " ")
    )
    print(f"{'':28}{'médiane':>10}{'95e c.':>10}")
    for label, chart in CHARTS.items():
        median, p95 = timed(chart, args.repeat)
        print(f"{label:28}{median:10.1f}{p95:10.1f}")
    median, p95 = timed(everything, args.repeat)
    floor_median, floor_p95 = timed(floor, args.repeat)
    print(f"{'tableau de bord (tout)':28}{median:10.1f}{p95:10.1f}")
    print(f"{'plancher (COUNT GROUP BY)':28}{floor_median:10.1f}{floor_p95:10.1f}")
    verdict = "tenu" if p95 < TARGET_MS else "MANQUÉ"
    print(
        f"Objectif : tout sous {TARGET_MS:.0f} ms (95e centile) : {verdict} ; "
        f"rapport au plancher : {p95 / floor_p95:.1f}."
    )


if __name__ == "__main__":
    main()

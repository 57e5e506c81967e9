"""The staff dashboard: its figures against a small data set computed by hand."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from dashboard import selectors as dashboard
from evaluations.models import Design
from initiatives.models import Initiative, Stage, StageStay, Territory
from initiatives.stays import refresh as refresh_stays

from ..factories import CallFactory, EvaluationFactory, InitiativeFactory, ReplicationFactory

T0 = datetime(2025, 3, 1, tzinfo=UTC)
URL = "/tableau-de-bord/"
CSV_URL = "/tableau-de-bord/export.csv"


def day(n):
    return T0 + timedelta(days=n)


def make(stage, steps, *, call=None, since=None):
    """An initiative created at T0 that went through `steps`: [(day, source, target)]."""
    initiative = InitiativeFactory(call=call)
    Initiative.objects.filter(pk=initiative.pk).update(
        created_at=T0, stage=stage, stage_entered_at=since or timezone.now()
    )
    content_type = ContentType.objects.get_for_model(Initiative)
    for n, source, target in steps:
        StateLog.objects.create(
            content_type=content_type,
            object_id=initiative.pk,
            timestamp=day(n),
            source_state=source,
            state=target,
            transition="test",
        )
    # Written by hand, not by a transition: the stays are rebuilt as a benchmark would.
    refresh_stays([initiative.pk])
    return initiative


@pytest.fixture
def known(db):
    """Four initiatives, all created on T0:

    A: submitted day 2, identified day 6, in evaluation day 16 (40 days ago: stalled);
    B: submitted day 4, identified day 8, declined day 12;
    C: submitted day 10;
    D: still a draft, no log.
    """
    call = CallFactory()
    a = make(
        Stage.IN_EVALUATION,
        [
            (2, Stage.DRAFT, Stage.SUBMITTED),
            (6, Stage.SUBMITTED, Stage.IDENTIFIED),
            (16, Stage.IDENTIFIED, Stage.IN_EVALUATION),
        ],
        call=call,
        since=timezone.now() - timedelta(days=40),
    )
    make(
        Stage.DECLINED,
        [
            (4, Stage.DRAFT, Stage.SUBMITTED),
            (8, Stage.SUBMITTED, Stage.IDENTIFIED),
            (12, Stage.IDENTIFIED, Stage.DECLINED),
        ],
        call=call,
        since=timezone.now() - timedelta(days=90),  # ended: never stalled
    )
    make(
        Stage.SUBMITTED,
        [(10, Stage.DRAFT, Stage.SUBMITTED)],
        since=timezone.now() - timedelta(days=5),
    )
    make(Stage.DRAFT, [])
    return {"call": call, "a": a}


# By hand. Furthest step: A Évaluation, B Repérage (declined is off the chain), C and D Dépôt.
FUNNEL = [
    # step, now on it, reached it, conversion from the previous step
    ("Dépôt", 2, 4, None),
    ("Repérage", 0, 2, 0.5),
    ("Évaluation", 1, 1, 0.5),
    ("Validation", 0, 0, 0.0),
    ("Essaimage", 0, 0, None),
    ("Changement d'échelle", 0, 0, None),
]
# Completed stays, in days: draft A 2, B 4, C 10; submitted A 4, B 4; identified A 10, B 4.
# percentile_cont: position p × (n − 1), linear interpolation.
TIMES = {
    Stage.DRAFT: (3, 4.0, 8.8),  # [2, 4, 10]: median 4; p90 at 1.8 → 4 + 0.8 × 6
    Stage.SUBMITTED: (2, 4.0, 4.0),  # [4, 4]
    Stage.IDENTIFIED: (2, 7.0, 9.4),  # [4, 10]: median 7; p90 at 0.9 → 4 + 0.9 × 6
}


def test_funnel_equals_hand_computed(known):
    rows = dashboard.funnel()
    assert [(str(r["step"]), r["current"], r["reached"], r["conversion"]) for r in rows] == FUNNEL


def test_time_in_stage_equals_hand_computed(known):
    rows = {r["code"]: r for r in dashboard.time_in_stage()}
    assert set(rows) == set(TIMES)  # running stays (in evaluation, declined, draft D) left out
    for stage, (stays, median, p90) in TIMES.items():
        assert rows[stage]["stays"] == stays
        assert rows[stage]["median"] == pytest.approx(median)
        assert rows[stage]["p90"] == pytest.approx(p90)


def test_python_fallback_matches_percentile_cont():
    assert dashboard.percentile_cont([2, 4, 10], 0.5) == 4
    assert dashboard.percentile_cont([2, 4, 10], 0.9) == pytest.approx(8.8)
    assert dashboard.percentile_cont([4, 10], 0.9) == pytest.approx(9.4)
    assert dashboard.percentile_cont([7], 0.9) == 7


def test_python_fallback_gives_the_same_figures(known):
    figures = dashboard._time_in_stage_python(StageStay.objects.all())
    for stage, (stays, median, p90) in TIMES.items():
        n, m, p = figures[stage]
        assert (n, m / 86400, p / 86400) == (stays, pytest.approx(median), pytest.approx(p90))


def test_figures_rebuilt_from_a_log_edited_in_place(known):
    """What writes the log in bulk or rewrites its dates (a benchmark) refreshes the stays and
    furthest steps: the figures are those of the log as it now is."""
    a = known["a"]
    log = StateLog.objects.filter(object_id=a.pk, state=Stage.SUBMITTED)
    log.update(timestamp=day(5))  # A now submitted on day 5: 5 days a draft, not 2
    Initiative.objects.filter(pk=a.pk).update(furthest_step=0)
    refresh_stays([a.pk])
    rows = {r["code"]: r for r in dashboard.time_in_stage()}
    assert rows[Stage.DRAFT]["median"] == pytest.approx(5.0)  # [4, 5, 10]
    assert rows[Stage.SUBMITTED]["median"] == pytest.approx(2.5)  # A 1 day, B 4
    assert [(str(r["step"]), r["reached"]) for r in dashboard.funnel()][:3] == [
        ("Dépôt", 4),
        ("Repérage", 2),
        ("Évaluation", 1),
    ]


def test_filters_by_call_and_year(known):
    by_call = dashboard.funnel(dashboard.Filters(call=known["call"].pk))
    assert [r["reached"] for r in by_call] == [2, 2, 1, 0, 0, 0]
    assert next(r["reached"] for r in dashboard.funnel(dashboard.Filters(year=2025))) == 4
    assert next(r["reached"] for r in dashboard.funnel(dashboard.Filters(year=2024))) == 0
    times = dashboard.time_in_stage(dashboard.Filters(call=known["call"].pk))
    assert {r["code"]: r["stays"] for r in times}[Stage.DRAFT] == 2


def test_stalled_after_the_configured_days(known, settings):
    settings.STALLED_AFTER_DAYS = 30
    days, total, rows = dashboard.stalled()
    assert (days, total, rows) == (30, 1, [known["a"]])
    settings.STALLED_AFTER_DAYS = 3
    assert dashboard.stalled()[1] == 2  # C too; B has ended, D has just arrived


def test_evaluations_by_design_and_level(db):
    EvaluationFactory()
    EvaluationFactory(state="rated", rating=3)
    levels, rows = dashboard.evaluations()
    row = next(r for r in rows if r["code"] == Design.DIFFERENCE_IN_DIFFERENCES)
    assert dict(zip([level for level, _label in levels], row["cells"], strict=True)) == {
        0: 1,
        1: 0,
        2: 0,
        3: 1,
        4: 0,
        5: 0,
    }


@pytest.fixture
def replications(db):
    ReplicationFactory()  # Pas-de-Calais → Hauts-de-France
    ReplicationFactory(strategy="social_franchise")
    ReplicationFactory(
        territory=Territory.objects.get(kind=Territory.Kind.REGION, code="84"),
        strategy="social_franchise",
    )


def test_map_shows_the_count_of_a_region(replications, sam, login):
    response = login(sam).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-region="32" data-count="2"' in html
    assert "<title>Hauts-de-France : 2 réplications</title>" in html
    assert 'data-region="84" data-count="1"' in html
    assert "<title>Auvergne-Rhône-Alpes : 1 réplication</title>" in html
    assert 'data-region="53" data-count="0"' in html
    assert "Natural Earth, données du domaine public" in html  # the map's attribution
    rows = csv.reader(io.StringIO(login(sam).get(CSV_URL).content.decode()))
    cells = {(r[0], r[1], r[2]): r[3] for r in rows}
    assert cells[("Réplications par région", "Hauts-de-France", "32")] == "2"
    assert cells[("Réplications par stratégie", "Franchise sociale", "social_franchise")] == "2"
    strategies = {r["code"]: r["count"] for r in dashboard.replications_by_strategy()}
    assert strategies["social_franchise"] == 2
    assert strategies["formal_fertilisation"] == 1


def test_every_mapped_region_has_a_shape():
    _viewbox, shapes = dashboard.map_shapes()
    assert set(shapes) == set(dashboard.REGION_CODES.values())


def test_page_draws_charts_with_data_tables(known, colette, login):
    response = login(colette).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 4
    assert html.count("<caption") >= 6
    assert reverse("initiatives:file", args=[known["a"].pk]) in html
    assert 'href="/tableau-de-bord/"' in html  # the nav link


def test_csv_has_the_same_figures(known, sam, login):
    response = login(sam).get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    for step, current, reached, conversion in FUNNEL:
        assert cells[("Entonnoir", step, "à cette étape")] == str(current)
        assert cells[("Entonnoir", step, "l'ont atteinte")] == str(reached)
        if conversion is not None:
            assert float(cells[("Entonnoir", step, "conversion")]) == conversion
    labels = dict(Stage.choices)
    for stage, (stays, median, p90) in TIMES.items():
        label = str(labels[stage])
        assert cells[("Temps par étape", label, "passages")] == str(stays)
        assert float(cells[("Temps par étape", label, "médiane (jours)")]) == median
        assert float(cells[("Temps par étape", label, "90e centile (jours)")]) == p90


def test_anonymous_is_sent_to_login(client):
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_innovator_and_partner_are_refused(alice, paul, login):
    for user in (alice, paul):
        for url in (URL, CSV_URL):
            assert login(user).get(url).status_code == 403


def test_queries_do_not_grow_with_the_data(known, replications, sam, login):
    """The page's figures are aggregations: more initiatives, stays, evaluations and
    replications, the same queries."""

    def queries():
        client = login(sam)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        make(
            Stage.IDENTIFIED,
            [(n + 1, Stage.DRAFT, Stage.SUBMITTED), (n + 9, Stage.SUBMITTED, Stage.IDENTIFIED)],
            call=known["call"],
            since=timezone.now() - timedelta(days=60),  # stalled too
        )
        EvaluationFactory(state="rated", rating=2)
        ReplicationFactory(strategy="social_franchise")
    assert queries() == before


def test_years_offered_span_the_initiatives(db):
    assert dashboard.years() == []
    for year in (2024, 2026):
        initiative = InitiativeFactory()
        Initiative.objects.filter(pk=initiative.pk).update(
            created_at=datetime(year, 6, 1, tzinfo=UTC)
        )
    assert dashboard.years() == [2026, 2025, 2024]

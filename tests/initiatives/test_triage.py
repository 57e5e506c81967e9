"""The staff's triage, from the outside: the board (filters, French full-text search, sort,
stage tabs, pagination, bulk actions), the initiative's file (what was submitted, the
actions the machine offers, the scorecard, notes, lead), its htmx fragments, and what the
wrong person, an anonymous visitor, a wrong method or a missing CSRF token get."""

import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from initiatives import filters, search, services
from initiatives.filters import DEFAULT_SORT, SORTS
from initiatives.models import (
    Criterion,
    IdentificationScore,
    Initiative,
    LeadAssignment,
    Maturity,
    Note,
    Stage,
    TargetPublic,
    Territory,
    Theme,
)

from ..factories import (
    PASSWORD,
    CallFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
)

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EMPTY_BOARD = "Aucune initiative ne correspond à ces critères."


def url(name, *args):
    return reverse(f"initiatives:{name}", args=args)


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def page_of(response):
    return unescape(response.content.decode())


def rows(response):
    """The titles of the board's rows, top to bottom, as the user reads them."""
    found = re.findall(
        r'<td><a href="/suivi/initiatives/\d+/">(.*?)</a></td>', response.content.decode()
    )
    return [unescape(title) for title in found]


def section(html, start, end):
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def hrefs(html, start, end):
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', section(html, start, end))]


def query_of(href):
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def tab_counts(response):
    """Each stage tab's label and count: {"Toutes": 3, "Soumise": 1, ...}."""
    tabs = section(response.content.decode(), '<nav class="tabs"', "</nav>")
    found = re.findall(r'>([^<>]+?) <span class="tabs__count">(\d+)</span>', tabs)
    return {unescape(label).strip(): int(count) for label, count in found}


def timeline_items(html):
    """(kind, content) of each item of the timeline."""
    return re.findall(r'<li class="timeline__item timeline__item--([\w-]+)">(.*?)</li>', html, re.S)


def transition_actions(html):
    return re.findall(r'<form method="post" action="([^"]*/etapes/[^"]*)"', html)


def theme(name):
    return Theme.objects.get(name=name)


def region(code):
    return Territory.objects.get(kind=Territory.Kind.REGION, code=code)


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def make(title, *, stage=Stage.SUBMITTED, themes=None, publics=None, territories=None, **fields):
    """A complete initiative at `stage`, with these themes, publics and territories."""
    initiative = InitiativeFactory(complete=True, stage=stage, title=title, **fields)
    if themes is not None:
        initiative.themes.set(themes)
    if publics is not None:
        initiative.target_publics.set(publics)
    if territories is not None:
        initiative.territories.set(territories)
    return initiative


def board(client, **params):
    response = client.get(url("board"), params)
    assert response.status_code == 200
    return response


def scorecard(criteria=tuple(Criterion), score="2"):
    data = {}
    for criterion in criteria:
        data[f"{criterion.value}_score"] = score
        data[f"{criterion.value}_comment"] = f"Constat : {criterion.value}"
    return data


@pytest.fixture
def submitted(initiative):
    """Alice's initiative, with a PDF attached, submitted."""
    services.initiative_attach(
        initiative=initiative, upload=SimpleUploadedFile("plan.pdf", PDF), by=initiative.owner
    )
    services.initiative_submit(initiative=initiative, by=initiative.owner)
    initiative.refresh_from_db()
    return initiative


# The board: a fixed number of queries


def count_board_queries(client):
    client.get(url("board"))  # warm the caches of content types and sessions first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("board")).status_code == 200
    return len(queries)


def test_the_board_makes_no_query_per_initiative(sam, login):
    client = login(sam)
    call = CallFactory()
    for _ in range(5):
        make("Peu", lead=sam, call=call)
    few = count_board_queries(client)
    for _ in range(45):
        make("Beaucoup", lead=sam, call=call)
    assert count_board_queries(client) == few


# Filters


def test_the_board_filters_by_stage(sam, login):
    make("Soumise A")
    make("Repérée B", stage=Stage.IDENTIFIED)
    assert rows(board(login(sam), stage="identified")) == ["Repérée B"]


def test_the_board_filters_by_call(sam, login):
    ais, other = CallFactory(title="AIS#Emploi"), CallFactory()
    make("Dans l'appel", call=ais)
    make("Autre appel", call=other)
    make("Hors appel")
    assert rows(board(login(sam), call=ais.pk)) == ["Dans l'appel"]


def test_the_board_filters_by_theme_without_duplicates(sam, login):
    make("Logement seul", themes=[theme("Logement")])
    make("Logement et emploi", themes=[theme("Logement"), theme("Emploi")])
    make("Emploi seul", themes=[theme("Emploi")])
    found = rows(board(login(sam), theme=theme("Logement").pk))
    assert sorted(found) == ["Logement et emploi", "Logement seul"]


def test_the_board_filters_by_target_public(sam, login):
    seniors, neet = (
        TargetPublic.objects.get(name="Seniors"),
        TargetPublic.objects.get(name="Jeunes NEET"),
    )
    make("Pour les seniors", publics=[seniors, neet])
    make("Pour les jeunes", publics=[neet])
    assert rows(board(login(sam), public=seniors.pk)) == ["Pour les seniors"]


@pytest.fixture
def spread_over_france(db):
    """Initiatives in the Nord, the Pas-de-Calais, the Hauts-de-France as a whole, Paris,
    and the Gers (département 32, whose code is also Hauts-de-France's as a région)."""
    make("Dans le Nord", territories=[department("59")])
    make("Dans le Pas-de-Calais", territories=[department("62")])
    make("Toute la région", territories=[region("32")])
    make("À Paris", territories=[department("75")])
    make("Dans le Gers", territories=[department("32")])


def test_the_region_filter_counts_initiatives_in_its_departements(spread_over_france, sam, login):
    found = rows(board(login(sam), region=region("32").pk))
    assert sorted(found) == ["Dans le Nord", "Dans le Pas-de-Calais", "Toute la région"]


def test_the_departement_filter_counts_initiatives_of_its_whole_region(
    spread_over_france, sam, login
):
    found = rows(board(login(sam), department=department("59").pk))
    assert sorted(found) == ["Dans le Nord", "Toute la région"]


def test_the_board_filters_by_maturity(sam, login):
    make("Expérimentale", maturity=Maturity.EXPERIMENTATION)
    make("Déployée", maturity=Maturity.DEPLOYMENT)
    assert rows(board(login(sam), maturity="deployment")) == ["Déployée"]


def test_the_board_filters_by_lead(sam, login):
    other = UserFactory(first_name="Marc", roles=[roles.STAFF])
    make("Suivie par Sam", lead=sam)
    make("Suivie par Marc", lead=other)
    make("Sans référent")
    assert rows(board(login(sam), lead=sam.pk)) == ["Suivie par Sam"]


@pytest.fixture
def submitted_on_dates(db):
    make("Janvier", submitted_at=datetime(2026, 1, 10, 12, 0, tzinfo=PARIS))
    # Just after midnight in Paris: still 14 February in UTC.
    make("Mi-février", submitted_at=datetime(2026, 2, 15, 0, 30, tzinfo=PARIS))
    make("Mars", submitted_at=datetime(2026, 3, 20, 23, 30, tzinfo=PARIS))
    make("Jamais soumise", stage=Stage.DRAFT)


def test_the_submission_date_range_is_in_the_form(sam, login):
    html = board(login(sam)).content.decode()
    assert re.search(r'<input type="date" name="submitted_after"', html)
    assert re.search(r'<input type="date" name="submitted_before"', html)


def test_the_board_filters_by_submission_dates_in_paris_time(submitted_on_dates, sam, login):
    client = login(sam)
    between = board(client, submitted_after="2026-02-01", submitted_before="2026-02-28")
    assert rows(between) == ["Mi-février"]
    since = board(client, submitted_after="2026-02-15")
    assert sorted(rows(since)) == ["Mars", "Mi-février"]
    until = board(client, submitted_before="2026-02-15")
    assert sorted(rows(until)) == ["Janvier", "Mi-février"]
    last_day = board(client, submitted_after="2026-03-20", submitted_before="2026-03-20")
    assert rows(last_day) == ["Mars"]


def test_filters_combine(sam, login):
    logement = theme("Logement")
    make("Tout juste", themes=[logement], territories=[department("62")], lead=sam)
    make("Autre thème", themes=[theme("Emploi")], territories=[department("62")], lead=sam)
    make("Autre région", themes=[logement], territories=[department("75")], lead=sam)
    make("Sans référent", themes=[logement], territories=[department("62")])
    make(
        "Autre étape",
        stage=Stage.IDENTIFIED,
        themes=[logement],
        territories=[department("62")],
        lead=sam,
    )
    response = board(
        login(sam), theme=logement.pk, region=region("32").pk, lead=sam.pk, stage="submitted"
    )
    assert rows(response) == ["Tout juste"]


def test_the_stage_tabs_count_what_the_other_filters_keep(sam, login):
    logement = theme("Logement")
    make("Logement soumise", themes=[logement])
    make("Logement repérée", stage=Stage.IDENTIFIED, themes=[logement])
    make("Logement déclinée", stage=Stage.DECLINED, themes=[logement])
    make("Emploi soumise", themes=[theme("Emploi")])
    make("Emploi repérée", stage=Stage.IDENTIFIED, themes=[theme("Emploi")])

    response = board(login(sam), theme=logement.pk, stage="submitted")

    assert rows(response) == ["Logement soumise"]
    counts = tab_counts(response)
    assert counts["Toutes"] == 3
    assert (counts["Soumise"], counts["Repérée"], counts["Déclinée"]) == (1, 1, 1)
    assert counts["Brouillon"] == 0
    assert 'aria-current="page">Soumise' in response.content.decode()


def test_the_stage_tabs_count_the_search_results(sam, login):
    make("Garage solidaire")
    make("Garage associatif", stage=Stage.IDENTIFIED)
    make("Épicerie solidaire")
    search.reindex()
    counts = tab_counts(board(login(sam), q="garage"))
    assert (counts["Toutes"], counts["Soumise"], counts["Repérée"]) == (2, 1, 1)


def test_every_filter_is_kept_in_the_pagination_sort_and_tab_links(sam, login):
    call = CallFactory()
    logement = theme("Logement")
    seniors = TargetPublic.objects.get(name="Seniors")
    for n in range(26):
        make(
            f"Garage solidaire n°{n:02}",
            call=call,
            themes=[logement],
            publics=[seniors],
            territories=[department("59")],
            maturity=Maturity.DEPLOYMENT,
            lead=sam,
            submitted_at=datetime(2026, 2, 10, 12, 0, tzinfo=PARIS),
        )
    make("Garage ailleurs", territories=[department("75")])
    search.reindex()
    filters = {
        "q": "garage",
        "stage": "submitted",
        "call": str(call.pk),
        "theme": str(logement.pk),
        "public": str(seniors.pk),
        "region": str(region("32").pk),
        "department": str(department("59").pk),
        "maturity": "deployment",
        "lead": str(sam.pk),
        "submitted_after": "2026-02-01",
        "submitted_before": "2026-02-28",
    }

    response = board(login(sam), **filters, sort="title")

    assert len(rows(response)) == 25
    assert "Page 1 sur 2" in response.content.decode()
    html = response.content.decode()
    (following,) = hrefs(html, '<nav class="pagination"', "</nav>")
    assert query_of(following) == {**filters, "sort": "title", "page": "2"}
    columns = hrefs(html, "<thead>", "</thead>")
    assert len(columns) == len(SORTS)
    for href, key in zip(columns, SORTS, strict=True):
        expected = "-title" if key == "title" else key
        assert query_of(href) == {**filters, "sort": expected}, href
    tabs = hrefs(html, '<nav class="tabs"', "</nav>")
    without_stage = {k: v for k, v in filters.items() if k != "stage"}
    assert query_of(tabs[0]) == {**without_stage, "sort": "title"}
    for href, stage in zip(tabs[1:], Stage, strict=True):
        assert query_of(href) == {**without_stage, "sort": "title", "stage": stage.value}
    # The second page keeps them too, and holds the last row.
    second = board(login(sam), **filters, sort="title", page="2")
    assert rows(second) == ["Garage solidaire n°25"]


def test_a_wrong_filter_value_is_told_and_the_others_still_apply(sam, login):
    make("Expérimentale", maturity=Maturity.EXPERIMENTATION)
    make("Déployée", maturity=Maturity.DEPLOYMENT)
    response = board(login(sam), theme="999999", maturity="deployment", page="abc")
    assert rows(response) == ["Déployée"]
    assert "Sélectionnez un choix valide" in page_of(response)


def test_the_filter_form_keeps_what_was_chosen(sam, login):
    make("Une initiative")
    html = board(login(sam), maturity="deployment", q="garage", sort="title").content.decode()
    assert re.search(r'<option value="deployment" selected>', html)
    assert 'value="garage"' in html
    assert '<input type="hidden" name="sort" value="title">' in html


# The filter form's selects, cached as rendered (filters.choices_version)


def filter_select(response, name):
    """The <option>s of the filter form's select `name` (not the bulk form's)."""
    found = re.search(
        rf'<select name="{name}"[^>]* id="id_{name}"[^>]*>(.*?)</select>', page_of(response), re.S
    )
    return found.group(1)


def test_the_filter_selects_are_read_from_the_cache_the_second_time(sam, login):
    client = login(sam)
    CallFactory(title="AIS#Emploi")
    with CaptureQueriesContext(connection) as first:
        rendered = board(client, theme=theme("Logement").pk)
    with CaptureQueriesContext(connection) as second:
        cached = board(client, theme=theme("Logement").pk)
    # The choices of the call, theme, public, région, département and référent·e selects.
    assert len(second) == len(first) - 6
    for name in ("stage", "call", "theme", "public", "region", "department", "maturity", "lead"):
        assert filter_select(cached, name) == filter_select(rendered, name)
    assert f'<option value="{theme("Logement").pk}" selected>' in filter_select(cached, "theme")
    # Another value of the select: rendered anew, not the cached one.
    other = board(client, theme=theme("Emploi").pk)
    assert f'<option value="{theme("Emploi").pk}" selected>' in filter_select(other, "theme")
    assert re.findall(r'value="(\w*)" selected', filter_select(board(client), "theme")) == [""]


def test_a_new_chargee_de_mission_appears_among_the_leads_once_committed(
    sam, login, django_capture_on_commit_callbacks
):
    client = login(sam)
    assert "Nadia" not in filter_select(board(client), "lead")
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory(first_name="Nadia", last_name="Roux", roles=[roles.STAFF])
    assert "Nadia Roux" in filter_select(board(client), "lead")
    with django_capture_on_commit_callbacks(execute=True):
        sam.first_name = "Samia"
        sam.save()
    assert "Samia" in filter_select(board(client), "lead")


def test_a_new_call_appears_in_its_select_once_committed(
    sam, login, django_capture_on_commit_callbacks
):
    client = login(sam)
    assert "AIS#Logement" not in filter_select(board(client), "call")
    with django_capture_on_commit_callbacks(execute=True):
        call = CallFactory(title="AIS#Logement")
    assert "AIS#Logement" in filter_select(board(client), "call")
    with django_capture_on_commit_callbacks(execute=True):
        call.delete()
    assert "AIS#Logement" not in filter_select(board(client), "call")


def test_a_theme_deleted_since_is_told_wrong_not_read_from_the_cache(
    sam, login, django_capture_on_commit_callbacks
):
    client = login(sam)
    with django_capture_on_commit_callbacks(execute=True):
        gone = Theme.objects.create(name="Éphémère", slug="ephemere", position=99).pk
    assert f'<option value="{gone}" selected>' in filter_select(board(client, theme=gone), "theme")
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.get(pk=gone).delete()
    response = board(client, theme=gone)
    assert "Éphémère" not in filter_select(response, "theme")
    assert "Sélectionnez un choix valide" in page_of(response)


def test_a_login_or_a_migrate_keeps_or_bumps_the_choices_version(
    sam, django_capture_on_commit_callbacks
):
    version = filters.choices_version()
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().login(email=sam.email, password=PASSWORD)  # saves its last_login
    assert filters.choices_version() == version
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # a deployment
    assert filters.choices_version() > version


# French full-text search


@pytest.fixture
def searchable(db):
    energy = make(
        "Lutte contre la précarité énergétique",
        summary="Des visites à domicile.",
        problem="Des factures impayées.",
    )
    carried = make(
        "Chantier d'insertion",
        carrier=OrganisationFactory(name="Collectif Précarité Énergétique du Nord"),
        summary="Des chantiers.",
        problem="Des logements mal isolés.",
    )
    by_summary = make(
        "Voitures partagées",
        summary="Un service d'autopartage pour les salariés en insertion.",
        problem="Pas de bus.",
    )
    by_problem = make(
        "Épargne solidaire",
        summary="Un accompagnement budgétaire.",
        problem="Aucun accès au microcrédit bancaire.",
    )
    search.reindex()
    return energy, carried, by_summary, by_problem


def test_search_ignores_accents_and_finds_titles_and_carriers(searchable, sam, login):
    found = rows(board(login(sam), q="precarite energetique"))
    assert sorted(found) == ["Chantier d'insertion", "Lutte contre la précarité énergétique"]


def test_search_finds_a_word_of_the_summary(searchable, sam, login):
    assert rows(board(login(sam), q="autopartage")) == ["Voitures partagées"]


def test_search_finds_a_word_of_the_problem(searchable, sam, login):
    assert rows(board(login(sam), q="microcredit")) == ["Épargne solidaire"]


def test_search_results_are_ranked_title_first(sam, login):
    # Made first, so the most recent activity alone would put it last.
    make("Garage solidaire de Lens", summary="Réparations.", problem="Pas de voiture.")
    make("Atelier vélo", summary="Réparations.", problem="Le garage le plus proche est loin.")
    search.reindex()
    assert rows(board(login(sam), q="garage")) == ["Garage solidaire de Lens", "Atelier vélo"]


def test_a_search_matching_nothing_shows_the_empty_state(searchable, sam, login):
    response = board(login(sam), q="licorne")
    assert rows(response) == []
    assert EMPTY_BOARD in response.content.decode()


@pytest.fixture
def garages(db):
    """31 initiatives about garages, ranked apart (the word in the title, the summary or the
    problem, once or twice), with ties broken by the latest activity; 2 at another stage."""
    now = timezone.now()
    for n in range(31):
        where = ["title", "summary", "problem"][n % 3]
        texts = {"title": f"Projet {n:02}", "summary": "Réparations.", "problem": "Loin."}
        texts[where] += " Un garage solidaire." + (" Le garage." if n % 2 else "")
        stage = Stage.IDENTIFIED if n in (4, 17) else Stage.SUBMITTED
        initiative = make(texts.pop("title"), stage=stage, **texts)
        stamp = now - timedelta(days=n % 5)
        Initiative.objects.filter(pk=initiative.pk).update(updated_at=stamp)
    make("Épicerie solidaire")
    search.reindex()


def ranked_titles(stage=None):
    """The titles of the search's results in the board's order, as the ORM sorts them."""
    found = search.search(Initiative.objects.all(), "garage")
    if stage:
        found = found.filter(stage=stage)
    return list(found.order_by("-rank", "-updated_at", "-pk").values_list("title", flat=True))


def test_a_ranked_search_pages_its_results_and_counts_its_tabs(garages, sam, login):
    client = login(sam)
    expected = ranked_titles()
    assert len(set(expected)) == 31
    first, second = board(client, q="garage"), board(client, q="garage", page="2")
    assert rows(first) + rows(second) == expected
    assert "Page 1 sur 2" in first.content.decode()
    assert (tab_counts(first)["Toutes"], tab_counts(first)["Soumise"]) == (31, 29)
    assert tab_counts(first)["Repérée"] == 2
    # Beyond the last page or below the first: the last page; not a number: the first.
    assert rows(board(client, q="garage", page="99")) == expected[25:]
    assert rows(board(client, q="garage", page="0")) == expected[25:]
    assert rows(board(client, q="garage", page="abc")) == expected[:25]
    # At one stage: its results only, and the tabs still count every stage.
    submitted = board(client, q="garage", stage="submitted", page="2")
    assert rows(submitted) == ranked_titles(Stage.SUBMITTED)[25:]
    assert tab_counts(submitted)["Toutes"] == 31
    assert rows(board(client, q="garage", stage="identified")) == ranked_titles("identified")


def test_a_ranked_search_reads_its_matches_once(garages, sam, login):
    client = login(sam)
    board(client, q="garage")
    with CaptureQueriesContext(connection) as queries:
        board(client, q="garage")
    matching = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    # The tabs' counts and the page's ids in one pass; the rows of the page by their ids.
    assert len(matching) == 1
    assert len(queries) == count_board_queries(client)


# Sorting and pagination


@pytest.fixture
def sortable(db):
    """Three initiatives, each column ordering them differently."""
    now = timezone.now()
    leads = {
        name: UserFactory(first_name=name, last_name="Durand", roles=[roles.STAFF])
        for name in ("Marc", "Hugo", "Zoe")
    }
    specs = {
        # title: carrier, territory, themes, stage, lead, days in stage, days since activity
        "Atelier": ("Cordee", "01", ["Formation"], Stage.SUBMITTED, "Marc", 1, 3),
        "Boussole": ("Avenir", "80", ["Logement", "Jeunesse"], Stage.IDENTIFIED, "Hugo", 10, 1),
        "Cap": ("Bastide", "32", ["Emploi", "Logement"], Stage.DECLINED, "Zoe", 5, 2),
    }
    for title, (carrier, territory, themes, stage, lead, days, idle) in specs.items():
        initiative = make(
            title,
            stage=stage,
            carrier=OrganisationFactory(name=carrier),
            themes=[theme(name) for name in themes],
            territories=[department(territory)],
            lead=leads[lead],
        )
        Initiative.objects.filter(pk=initiative.pk).update(
            stage_entered_at=now - timedelta(days=days, hours=1),
            updated_at=now - timedelta(days=idle),
        )


# Ascending order of each column.
ASCENDING = {
    "title": ["Atelier", "Boussole", "Cap"],
    "carrier": ["Boussole", "Cap", "Atelier"],  # Avenir, Bastide, Cordee
    "territory": ["Atelier", "Cap", "Boussole"],  # Ain, Gers, Somme
    "themes": ["Cap", "Atelier", "Boussole"],  # by the first: Emploi, Formation, Jeunesse
    "stage": ["Atelier", "Boussole", "Cap"],  # in the chain: submitted, identified, declined
    "lead": ["Boussole", "Atelier", "Cap"],  # Hugo, Marc, Zoe
    "days": ["Atelier", "Cap", "Boussole"],  # 1, 5, 10 days: the most recent first
    "activity": ["Atelier", "Cap", "Boussole"],  # 3, 2, 1 days ago: the oldest first
}


def test_every_column_of_the_board_is_tested():
    assert set(ASCENDING) == set(SORTS)


@pytest.mark.parametrize("key", list(SORTS))
def test_sorting_by_a_column_ascending_and_descending(sortable, sam, login, key):
    client = login(sam)
    ascending = board(client, sort=key)
    assert rows(ascending) == ASCENDING[key]
    assert re.search(
        r'aria-sort="ascending">\s*<a href="\?sort=-' + key + '"', ascending.content.decode()
    )
    descending = board(client, sort=f"-{key}")
    assert rows(descending) == ASCENDING[key][::-1]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_the_days_column_shows_the_days_in_the_stage(sortable, sam, login):
    html = board(login(sam), sort="days").content.decode()
    assert re.findall(r'<td class="num">(\d+)</td>', html) == ["1", "5", "10"]


@pytest.mark.parametrize("sort", ["", "bogus", "-bogus", "pk", "-updated_at", "--title"])
def test_an_unknown_sort_falls_back_to_the_latest_activity(sortable, sam, login, sort):
    client = login(sam)
    response = board(client, sort=sort)
    assert rows(response) == ["Boussole", "Cap", "Atelier"]  # the most recent activity first
    assert rows(response) == rows(board(client, sort=DEFAULT_SORT))
    html = response.content.decode()
    assert html.count("aria-sort=") == 1  # the default order is shown on its column
    assert re.search(r'aria-sort="descending">\s*<a [^>]*>Dernière activité<', html)


def test_the_board_shows_25_initiatives_a_page(sam, login):
    for n in range(30):
        make(f"Initiative {n:02}")
    client = login(sam)
    first = board(client, sort="title")
    assert rows(first) == [f"Initiative {n:02}" for n in range(25)]
    assert "30 initiatives" in first.content.decode()
    assert "Page 1 sur 2" in first.content.decode()
    second = board(client, sort="title", page="2")
    assert rows(second) == [f"Initiative {n:02}" for n in range(25, 30)]
    assert "Page 2 sur 2" in second.content.decode()
    assert rows(board(client, sort="title", page="99")) == rows(second)


# The initiative's file


def test_the_file_shows_what_was_submitted(submitted, sam, login):
    response = login(sam).get(url("file", submitted.pk))
    assert response.status_code == 200
    html = page_of(response)
    assert "<h1>Garage solidaire</h1>" in html
    assert "Mobilité Solidaire 59" in html
    assert "alice@asso-mobilite.fr" in html
    assert submitted.summary in html
    assert submitted.problem in html
    assert submitted.theory_of_change in html
    assert "Nord (59)" in html
    assert re.search(r"120\s000 €", html)  # a (narrow) no-break space between thousands
    assert re.search(r'<a href="[^"]*/pieces-jointes/\d+/">plan\.pdf</a>', html)
    assert 'class="stage stage--submitted">Soumise<' in html


def test_the_file_offers_exactly_the_machines_actions(submitted, sam, login):
    html = login(sam).get(url("file", submitted.pk)).content.decode()
    assert transition_actions(html) == [
        url("transition", submitted.pk, name) for name in ("identify", "request_changes", "decline")
    ]


def test_an_offered_transition_is_done(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "decline"),
        {"stage": "submitted", "message": "Hors du champ de l'appel."},
        follow=True,
    )
    assert response.redirect_chain == [(url("file", submitted.pk), 302)]
    assert texts(response) == [
        "« Décliner » : fait. L'initiative est maintenant à l'étape « Déclinée »."
    ]
    submitted.refresh_from_db()
    assert submitted.stage == Stage.DECLINED
    log = StateLog.objects.for_(submitted).latest()
    assert (log.source_state, log.state, log.by) == ("submitted", "declined", sam)
    assert log.description == "Hors du champ de l'appel."
    assert StateLog.objects.for_(submitted).count() == 2  # submit, then decline
    assert "Hors du champ de l'appel." in page_of(response)


def test_right_after_a_transition_the_file_says_since_today(submitted, sam, login):
    client = login(sam)
    response = client.post(
        url("transition", submitted.pk, "request_changes"),
        {"stage": "submitted", "message": "Précisez le budget."},
        follow=True,
    )
    html = page_of(response)
    assert "À cette étape depuis aujourd'hui" in html
    assert "depuis 0 jour" not in html
    assert "Référent·e : aucun·e pour l'instant" in html

    Initiative.objects.filter(pk=submitted.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=3, hours=1)
    )
    html = page_of(client.get(url("file", submitted.pk)))
    assert "À cette étape depuis 3 jours" in html
    client.post(url("assign", submitted.pk), {"lead": sam.pk})
    assert f"Référent·e : {sam}" in page_of(client.get(url("file", submitted.pk)))


def test_the_file_writes_a_date_in_a_sentence_in_words(submitted, sam, login):
    """DATE_FORMAT where a date is read in a sentence, with "1er" for the first of the
    month: "Soumise le 1er avril 2026", and "1er avril 2026, 10:00" in the history."""
    first_of_april = datetime(2026, 4, 1, 10, 0, tzinfo=PARIS)
    Initiative.objects.filter(pk=submitted.pk).update(submitted_at=first_of_april)
    StateLog.objects.for_(submitted).update(timestamp=first_of_april)
    html = page_of(login(sam).get(url("file", submitted.pk)))
    assert "<dt>Soumise le</dt><dd>1er avril 2026</dd>" in html
    assert '<p class="timeline__when">1er avril 2026, 10:00 · Alice' in html


def test_a_transition_not_offered_from_this_stage_is_refused(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "archive"), {"stage": "submitted", "message": ""}
    )
    assert response.status_code == 422
    assert "Cette action n'est pas possible à l'étape « Soumise »." in texts(response)
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED
    assert StateLog.objects.for_(submitted).count() == 1


@pytest.mark.parametrize("name", ["fly", "save", "objects"])
def test_an_unknown_transition_answers_404(submitted, sam, login, name):
    response = login(sam).post(url("transition", submitted.pk, name), {"stage": "submitted"})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED


def test_a_stale_stage_is_refused(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "request_changes"),
        {"stage": "draft", "message": "Précisez le budget."},
    )
    assert response.status_code == 422
    (message,) = texts(response)
    assert message.startswith("Quelqu'un d'autre vient de faire évoluer ce dossier")
    assert "« Soumise »" in message
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED
    assert StateLog.objects.for_(submitted).count() == 1


def test_a_transition_without_the_stage_field_is_refused(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "decline"), {"message": "Hors du champ."}
    )
    assert response.status_code == 422
    assert texts(response) == ["Le formulaire contient des erreurs."]
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED


def test_identifying_with_the_scorecard_stores_the_scores(submitted, sam, login):
    client = login(sam)
    response = client.post(
        url("transition", submitted.pk, "identify"),
        {"stage": "submitted", "message": "Bienvenue dans l'accélérateur.", **scorecard()},
        follow=True,
    )
    assert "« Repérer » : fait. L'initiative est maintenant à l'étape « Repérée »." in texts(
        response
    )
    submitted.refresh_from_db()
    assert submitted.stage == Stage.IDENTIFIED
    scores = {
        s.criterion: (s.score, s.comment, s.scored_by) for s in IdentificationScore.objects.all()
    }
    assert scores == {c.value: (2, f"Constat : {c.value}", sam) for c in Criterion}
    assert StateLog.objects.for_(submitted).latest().state == Stage.IDENTIFIED
    html = page_of(response)
    assert "Grille de repérage" in html
    assert "Porteur à but non lucratif" in html
    assert "2 / 3" in html


def test_an_incomplete_scorecard_is_refused_and_keeps_what_was_typed(submitted, sam, login):
    partial = scorecard(list(Criterion)[:3], score="3")
    response = login(sam).post(
        url("transition", submitted.pk, "identify"),
        {"stage": "submitted", "message": "Presque complet.", **partial},
    )
    assert response.status_code == 422
    (message,) = texts(response)
    assert message.startswith("Grille de repérage incomplète : notez ")
    assert "Processus de mise en œuvre formalisé" in message
    assert "Porteur à but non lucratif" in message
    html = page_of(response)
    for criterion in list(Criterion)[:3]:
        select = re.search(
            rf'<select name="{criterion.value}_score"[^>]*>(.*?)</select>', html, re.S
        ).group(1)
        assert re.search(r'<option value="3" selected>', select), criterion
        assert f"Constat : {criterion.value}</textarea>" in html
    assert re.search(r'id="message-identify"[^>]*>Presque complet\.</textarea>', html)
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED
    assert not IdentificationScore.objects.exists()
    assert StateLog.objects.for_(submitted).count() == 1


def test_a_score_out_of_the_scale_is_refused(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "identify"),
        {"stage": "submitted", **scorecard(score="7")},
    )
    assert response.status_code == 422
    assert texts(response) == ["Le formulaire contient des erreurs."]
    assert not IdentificationScore.objects.exists()


def test_asking_for_changes_needs_a_message(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "request_changes"), {"stage": "submitted", "message": " "}
    )
    assert response.status_code == 422
    assert texts(response) == ["Écrivez au porteur de projet ce qu'il doit modifier."]
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED
    assert StateLog.objects.for_(submitted).count() == 1


def test_asking_for_changes_sends_the_initiative_back_to_draft(submitted, sam, login):
    login(sam).post(
        url("transition", submitted.pk, "request_changes"),
        {"stage": "submitted", "message": "Précisez le coût par bénéficiaire."},
    )
    submitted.refresh_from_db()
    assert submitted.stage == Stage.DRAFT
    page = page_of(login(submitted.owner).get(url("detail", submitted.pk)))
    assert "Précisez le coût par bénéficiaire." in page


# htmx

HTMX = {"HX-Request": "true"}


def htmx_action(name, initiative, sam):
    """The URL and data of a successful action on the file, by name."""
    pk = initiative.pk
    return {
        "transition": (
            url("transition", pk, "decline"),
            {"stage": "submitted", "message": "Hors du champ de l'appel."},
        ),
        "comment": (url("comment", pk), {"kind": "internal", "body": "À relancer."}),
        "assign": (url("assign", pk), {"lead": sam.pk}),
    }[name]


@pytest.mark.parametrize("name", ["transition", "comment", "assign"])
def test_an_htmx_action_answers_the_fragment_and_the_event(submitted, sam, login, name):
    target, data = htmx_action(name, submitted, sam)
    response = login(sam).post(target, data, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="file-main">')
    assert "<html" not in html
    assert 'class="message message--success"' in html
    assert "initiative-changed" in response["HX-Trigger"]


def test_an_htmx_transition_answers_the_new_stage(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "decline"),
        {"stage": "submitted", "message": "Hors du champ."},
        headers=HTMX,
    )
    html = page_of(response)
    assert 'class="stage stage--declined">Déclinée<' in html
    assert "« Décliner » : fait." in html
    assert transition_actions(html) == [url("transition", submitted.pk, "archive")]


def test_a_refused_htmx_transition_answers_the_fragment_without_the_event(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "request_changes"),
        {"stage": "submitted", "message": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = page_of(response)
    assert 'id="file-main"' in html
    assert "<html" not in html
    assert "Écrivez au porteur de projet ce qu'il doit modifier." in html
    assert "HX-Trigger" not in response
    submitted.refresh_from_db()
    assert submitted.stage == Stage.SUBMITTED


def test_an_incomplete_scorecard_by_htmx_keeps_what_was_typed(submitted, sam, login):
    response = login(sam).post(
        url("transition", submitted.pk, "identify"),
        {"stage": "submitted", **scorecard(list(Criterion)[:2], score="1")},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    html = page_of(response)
    assert "Grille de repérage incomplète" in html
    assert "Constat : priority_public</textarea>" in html
    assert not IdentificationScore.objects.exists()


def test_an_empty_note_by_htmx_answers_without_the_event(submitted, sam, login):
    response = login(sam).post(
        url("comment", submitted.pk), {"kind": "internal", "body": ""}, headers=HTMX
    )
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert "Écrivez le texte du commentaire ou du message." in page_of(response)
    assert not Note.objects.exists()


def test_the_timeline_url_answers_the_timeline_fragment(submitted, sam, login):
    services.initiative_comment(
        initiative=submitted, by=sam, body="Dossier prometteur.", kind=Note.Kind.INTERNAL
    )
    response = login(sam).get(url("timeline", submitted.pk), headers=HTMX)
    assert response.status_code == 200
    html = page_of(response)
    assert html.lstrip().startswith('<ol class="timeline">')
    assert "<html" not in html
    assert 'id="file-main"' not in html
    assert "Brouillon → Soumise" in html
    assert "Dossier prometteur." in html


# Notes: internal comments and messages to the innovator

INTERNAL = "Budget à vérifier avec la DDETS, ne pas en parler au porteur."
MESSAGE = "Pouvez-vous nous envoyer vos derniers comptes ?"


@pytest.fixture
def noted(submitted, sam, login):
    client = login(sam)
    first = client.post(url("comment", submitted.pk), {"kind": "internal", "body": INTERNAL})
    second = client.post(url("comment", submitted.pk), {"kind": "message", "body": MESSAGE})
    assert (first.status_code, second.status_code) == (302, 302)
    return submitted


def test_notes_are_stored_with_their_kind(noted, sam, login):
    notes = [(n.kind, n.body, n.author) for n in Note.objects.order_by("pk")]
    assert notes == [(Note.Kind.INTERNAL, INTERNAL, sam), (Note.Kind.MESSAGE, MESSAGE, sam)]


def test_a_note_says_what_was_done_in_french(submitted, sam, login):
    client = login(sam)
    response = client.post(
        url("comment", submitted.pk), {"kind": "internal", "body": "Vu."}, follow=True
    )
    assert texts(response) == ["Commentaire interne enregistré."]
    response = client.post(
        url("comment", submitted.pk), {"kind": "message", "body": "Merci."}, follow=True
    )
    assert texts(response) == ["Message envoyé au porteur de projet."]


def test_the_staff_file_shows_both_notes_with_distinct_labels(noted, sam, login):
    items = timeline_items(page_of(login(sam).get(url("file", noted.pk))))
    notes = {kind: content for kind, content in items if kind.startswith("note-")}
    assert set(notes) == {"note-internal", "note-message"}
    assert "Commentaire interne" in notes["note-internal"]
    assert INTERNAL in notes["note-internal"]
    assert "Message au porteur de projet" in notes["note-message"]
    assert MESSAGE in notes["note-message"]
    assert "Commentaire interne" not in notes["note-message"]


def test_the_committee_reads_internal_comments_on_the_file(noted, colette, login):
    html = page_of(login(colette).get(url("file", noted.pk)))
    assert INTERNAL in html
    assert MESSAGE in html


def test_the_innovator_reads_the_message_but_never_the_internal_comment(noted, alice, login):
    client = login(alice)
    detail = page_of(client.get(url("detail", noted.pk)))
    assert MESSAGE in detail
    assert "Message au porteur de projet" in detail
    assert INTERNAL not in detail
    assert "Commentaire interne" not in detail
    mine = page_of(client.get(url("mine")))
    assert "Garage solidaire" in mine
    assert MESSAGE in mine  # the latest message, on the initiative's card
    assert INTERNAL not in mine


def test_an_empty_note_is_refused(submitted, sam, login):
    response = login(sam).post(url("comment", submitted.pk), {"kind": "message", "body": "  "})
    assert response.status_code == 422
    assert texts(response) == ["Écrivez le texte du commentaire ou du message."]
    assert not Note.objects.exists()


def test_a_note_of_an_unknown_kind_is_refused(submitted, sam, login):
    response = login(sam).post(url("comment", submitted.pk), {"kind": "public", "body": "Oui."})
    assert response.status_code == 422
    assert not Note.objects.exists()


# Lead


def test_a_staff_member_makes_himself_the_lead(submitted, sam, login):
    client = login(sam)
    response = client.post(url("assign", submitted.pk), {"lead": sam.pk}, follow=True)
    assert texts(response) == [f"{sam} est référent·e de ce dossier."]
    submitted.refresh_from_db()
    assert submitted.lead == sam
    (assignment,) = LeadAssignment.objects.all()
    assert (assignment.initiative, assignment.lead, assignment.assigned_by) == (submitted, sam, sam)
    leads = [c for kind, c in timeline_items(page_of(response)) if kind == "lead"]
    assert len(leads) == 1
    assert f"Référent·e : {sam}" in leads[0]


def test_assigning_the_same_lead_again_records_nothing(submitted, sam, login):
    client = login(sam)
    client.post(url("assign", submitted.pk), {"lead": sam.pk})
    client.post(url("assign", submitted.pk), {"lead": sam.pk})
    assert LeadAssignment.objects.count() == 1
    html = page_of(client.get(url("file", submitted.pk)))
    assert len([k for k, _c in timeline_items(html) if k == "lead"]) == 1


def test_the_lead_must_be_a_staff_member(submitted, sam, alice, login):
    response = login(sam).post(url("assign", submitted.pk), {"lead": alice.pk})
    assert response.status_code == 422
    assert texts(response) == ["Choisissez un·e chargé·e de mission."]
    submitted.refresh_from_db()
    assert submitted.lead is None
    assert not LeadAssignment.objects.exists()


# Bulk actions

BACK = "/suivi/?stage=submitted&sort=title"


def hidden_fields(html):
    form = section(html, f'action="{url("bulk")}"', "</form>")
    found = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    data = {}
    for name, value in found:
        data.setdefault(name, []).append(unescape(value))
    return data


@pytest.fixture
def three(db):
    return [make(title) for title in ("Atelier", "Boussole", "Cap")]


def test_a_bulk_action_asks_for_confirmation_first(three, sam, login):
    response = login(sam).post(
        url("bulk"),
        {"ids": [i.pk for i in three], "action": "assign_lead", "lead": sam.pk, "next": BACK},
    )
    assert response.status_code == 200
    html = page_of(response)
    assert "Confirmer l'action groupée" in html
    assert f"Confier 3 initiatives à {sam} :" in html
    for initiative in three:
        assert f"<li>{initiative.title} " in html
    assert not Initiative.objects.filter(lead__isnull=False).exists()
    assert not LeadAssignment.objects.exists()


def test_a_confirmed_bulk_assignment_gives_them_all_the_lead(three, sam, login):
    client = login(sam)
    data = {"ids": [i.pk for i in three], "action": "assign_lead", "lead": sam.pk, "next": BACK}
    confirmation = client.post(url("bulk"), data)
    response = client.post(url("bulk"), hidden_fields(confirmation.content.decode()))
    assert response.status_code == 302
    assert response["Location"] == BACK
    assert set(Initiative.objects.values_list("lead", flat=True)) == {sam.pk}
    assert LeadAssignment.objects.count() == 3
    assert texts(client.get(BACK)) == [f"3 initiative(s) confiée(s) à {sam}."]


def test_a_confirmed_bulk_decline_declines_them_all_with_the_reason(three, sam, login):
    client = login(sam)
    reason = "L'appel AIS#Emploi est clos."
    data = {"ids": [i.pk for i in three], "action": "decline", "reason": reason, "next": BACK}
    confirmation = page_of(client.post(url("bulk"), data))
    assert "Vous allez décliner 3 initiatives." in confirmation
    assert reason in confirmation
    assert set(Initiative.objects.values_list("stage", flat=True)) == {Stage.SUBMITTED}

    response = client.post(url("bulk"), {**data, "confirm": "1"}, follow=True)

    assert response.redirect_chain == [(BACK, 302)]
    assert texts(response) == ["3 initiative(s) déclinée(s)."]
    for initiative in three:
        initiative.refresh_from_db()
        assert initiative.stage == Stage.DECLINED
        (log,) = StateLog.objects.for_(initiative)
        assert (log.state, log.description, log.by) == ("declined", reason, sam)


def test_a_bulk_decline_reports_those_that_cannot_be_declined(three, sam, login):
    draft = make("Brouillon de Zoé", stage=Stage.DRAFT)
    data = {
        "ids": [draft.pk, *[i.pk for i in three]],
        "action": "decline",
        "reason": "Hors du champ.",
        "next": BACK,
        "confirm": "1",
    }
    response = login(sam).post(url("bulk"), data, follow=True)
    assert texts(response) == [
        "3 initiative(s) déclinée(s).",
        "Brouillon de Zoé : Cette action n'est pas possible à l'étape « Brouillon ».",
    ]
    draft.refresh_from_db()
    assert draft.stage == Stage.DRAFT
    assert not StateLog.objects.for_(draft).exists()
    assert Initiative.objects.filter(stage=Stage.DECLINED).count() == 3


def test_a_bulk_decline_needs_a_reason(three, sam, login):
    data = {"ids": [i.pk for i in three], "action": "decline", "reason": " ", "next": BACK}
    for confirm in ({}, {"confirm": "1"}):
        response = login(sam).post(url("bulk"), {**data, **confirm}, follow=True)
        assert response.redirect_chain == [(BACK, 302)]
        assert texts(response) == ["Indiquez le motif de cette décision."]
    assert set(Initiative.objects.values_list("stage", flat=True)) == {Stage.SUBMITTED}
    assert not StateLog.objects.exists()


def test_a_bulk_action_needs_ticked_initiatives(three, sam, login):
    response = login(sam).post(
        url("bulk"), {"action": "assign_lead", "lead": sam.pk, "next": BACK}, follow=True
    )
    assert texts(response) == ["Cochez au moins une initiative."]
    assert not LeadAssignment.objects.exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/suivi/", "//evil.example/", "http://evil.example", ""]
)
def test_a_bulk_action_never_redirects_outside(three, sam, login, next_url):
    data = {
        "ids": [three[0].pk],
        "action": "assign_lead",
        "lead": sam.pk,
        "next": next_url,
        "confirm": "1",
    }
    response = login(sam).post(url("bulk"), data)
    assert response.status_code == 302
    assert response["Location"] == url("board")
    assert LeadAssignment.objects.count() == 1


def test_the_board_offers_the_bulk_form_to_staff_only(three, sam, colette, login):
    staff = board(login(sam), stage="submitted").content.decode()
    assert f'action="{url("bulk")}"' in staff
    assert 'name="ids"' in staff
    assert re.search(r'name="next" value="/suivi/\?stage=submitted"', staff)
    committee = board(login(colette)).content.decode()
    assert 'name="ids"' not in committee


# Permissions, from the outside

NAMES = ["board", "bulk", "file", "timeline", "transition", "comment", "assign"]
GET_ONLY = {"board", "file", "timeline"}


def request_for(name, initiative, sam):
    """The method, URL and data of a real request to each triage URL."""
    pk = initiative.pk
    requests = {
        "board": ("get", url("board"), {}),
        "file": ("get", url("file", pk), {}),
        "timeline": ("get", url("timeline", pk), {}),
        "bulk": (
            "post",
            url("bulk"),
            {"ids": [pk], "action": "decline", "reason": "Non.", "confirm": "1"},
        ),
        "transition": (
            "post",
            url("transition", pk, "request_changes"),
            {"stage": "submitted", "message": "Précisez."},
        ),
        "comment": ("post", url("comment", pk), {"kind": "internal", "body": "Secret."}),
        "assign": ("post", url("assign", pk), {"lead": sam.pk}),
    }
    return requests[name]


def send(client, name, initiative, sam):
    method, target, data = request_for(name, initiative, sam)
    return getattr(client, method)(target, data)


def assert_unchanged(initiative):
    initiative.refresh_from_db()
    assert initiative.stage == Stage.SUBMITTED
    assert initiative.lead is None
    assert not Note.objects.exists()
    assert not LeadAssignment.objects.exists()
    assert StateLog.objects.for_(initiative).count() == 1


@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(submitted, sam, name):
    _method, target, _data = request_for(name, submitted, sam)
    response = send(Client(), name, submitted, sam)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"
    assert_unchanged(submitted)


@pytest.mark.parametrize("who", ["alice", "eve", "paul"])
@pytest.mark.parametrize("name", NAMES)
def test_innovators_evaluators_and_partners_are_forbidden(
    submitted, sam, login, request, who, name
):
    user = request.getfixturevalue(who)
    response = send(login(user), name, submitted, sam)
    assert response.status_code == 403
    assert_unchanged(submitted)


def test_the_innovator_cannot_open_the_staff_file_of_her_own_initiative(submitted, alice, login):
    assert submitted.owner == alice
    assert login(alice).get(url("file", submitted.pk)).status_code == 403


@pytest.mark.parametrize("name", NAMES)
def test_staff_may_use_every_triage_url(submitted, sam, login, name):
    response = send(login(sam), name, submitted, sam)
    assert response.status_code == (200 if name in GET_ONLY else 302)


@pytest.mark.parametrize("name", ["board", "file", "timeline"])
def test_the_committee_reads_the_board_and_the_file(submitted, colette, sam, login, name):
    assert send(login(colette), name, submitted, sam).status_code == 200


@pytest.mark.parametrize("name", ["comment", "assign", "bulk"])
def test_the_committee_may_not_comment_assign_or_act_in_bulk(submitted, colette, sam, login, name):
    response = send(login(colette), name, submitted, sam)
    assert response.status_code == 403
    assert_unchanged(submitted)


def test_the_committee_may_not_run_the_staffs_transitions(submitted, colette, sam, login):
    response = send(login(colette), "transition", submitted, sam)
    assert response.status_code == 422
    assert "Vous n'avez pas le droit de faire cette action." in texts(response)
    assert_unchanged(submitted)


def test_a_file_that_does_not_exist_answers_404(sam, login, db):
    assert login(sam).get(url("file", 999999)).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_method_answers_405(submitted, sam, login, name):
    method, target, _data = request_for(name, submitted, sam)
    client = login(sam)
    response = client.post(target) if method == "get" else client.put(target)
    assert response.status_code == 405
    assert_unchanged(submitted)


@pytest.mark.parametrize("name", sorted(set(NAMES) - GET_ONLY))
def test_every_post_needs_its_csrf_token(submitted, sam, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sam, backend="django.contrib.auth.backends.ModelBackend")
    assert send(client, name, submitted, sam).status_code == 403
    assert_unchanged(submitted)

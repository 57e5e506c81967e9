"""French full-text search of initiatives.

On PostgreSQL, each initiative keeps a weighted tsvector (title A; carrier and summary B;
problem C) in the "french_unaccent" configuration made by migration 0005: the french
stemmer after unaccent, so that "precarite energetique" finds "Précarité énergétique".
Results are ranked. On SQLite (the embedded mode) a plain, accent-sensitive match is used.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q

CONFIG = "french_unaccent"

VECTOR_SQL = f"""
UPDATE initiatives_initiative AS i SET search_vector =
    setweight(to_tsvector('{CONFIG}', coalesce(i.title, '')), 'A')
 || setweight(to_tsvector('{CONFIG}', coalesce(
        (SELECT o.name FROM initiatives_organisation o WHERE o.id = i.carrier_id), '')), 'B')
 || setweight(to_tsvector('{CONFIG}', coalesce(i.summary, '')), 'B')
 || setweight(to_tsvector('{CONFIG}', coalesce(i.problem, '')), 'C')
"""


def full_text():
    return connection.vendor == "postgresql"


def reindex(*, initiative_ids=None, carrier_ids=None) -> None:
    """Recompute the search vectors of these initiatives, or of all those of these carriers."""
    if not full_text():
        return
    with connection.cursor() as cursor:
        if initiative_ids is not None:
            cursor.execute(VECTOR_SQL + " WHERE i.id = ANY(%s)", [list(initiative_ids)])
        elif carrier_ids is not None:
            cursor.execute(VECTOR_SQL + " WHERE i.carrier_id = ANY(%s)", [list(carrier_ids)])
        else:
            cursor.execute(VECTOR_SQL)


def search(queryset, text: str, *, ranked=True):
    """Initiatives matching `text`; on PostgreSQL annotated with their `rank` (unless
    `ranked` is false: the caller orders them otherwise)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if full_text():
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        queryset = queryset.filter(search_vector=query)
        return queryset.annotate(rank=SearchRank(F("search_vector"), query)) if ranked else queryset
    for term in text.split():
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(summary__icontains=term)
            | Q(problem__icontains=term)
            | Q(carrier__name__icontains=term)
        )
    return queryset

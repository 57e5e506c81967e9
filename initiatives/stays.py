"""What the dashboard reads instead of the whole transition log, kept from that log.

django-fsm-log's StateLog is the record of every transition. From it, `refresh` derives, for
the initiatives given (all of them by default):

- their completed stays (initiatives.StageStay): each log row ends a stay in its source state,
  begun at the previous log row of the initiative (window function LAG) or, for the first, at
  the initiative's creation;
- their `furthest_step`: the furthest step of the chain (index in CHAIN) among their current
  stage and every state of their log.

Every transition of an initiative refreshes it, as a step of accelerator.fsm.run_transition
(registered by this app's AppConfig.ready), in the transition's own transaction: a
transition rolled back leaves no stay. What writes the log in bulk or edits it in place (a
benchmark, a migration) calls `refresh` afterwards. The SQL is the same on PostgreSQL and SQLite.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django_fsm_log.models import StateLog

from .models import CHAIN_STEP, Initiative, StageStay


def step_case(column):
    """SQL: the index in CHAIN of the step of the stage in `column` (NULL for none)."""
    whens = " ".join(f"WHEN '{stage}' THEN {step}" for stage, step in sorted(CHAIN_STEP.items()))
    return f"CASE {column} {whens} END"


def _seconds(end, start):
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({end} - {start}))"
    return f"(julianday({end}) - julianday({start})) * 86400.0"


def refresh(initiative_ids=None):
    """Rebuild the stays and the furthest step of these initiatives (None: all) from the log."""
    ids = None if initiative_ids is None else sorted({int(pk) for pk in initiative_ids})
    if ids == []:
        return
    content_type = ContentType.objects.get_for_model(Initiative).pk
    stays = connection.ops.quote_name(StageStay._meta.db_table)
    log = connection.ops.quote_name(StateLog._meta.db_table)
    initiatives = connection.ops.quote_name(Initiative._meta.db_table)
    only, only_log, params = "", "", []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only, only_log, params = (
            f"WHERE initiative_id IN ({marks})",
            f"AND object_id IN ({marks})",
            ids,
        )
    seconds = _seconds("l.timestamp", "COALESCE(l.previous, i.created_at)")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {stays} {only}", params)
        cursor.execute(
            f"""
            INSERT INTO {stays} (log_id, initiative_id, stage, seconds)
            SELECT l.id, l.object_id, l.source_state,
                   CASE WHEN {seconds} > 0 THEN {seconds} ELSE 0 END
            FROM (
                SELECT id, object_id, source_state, timestamp,
                       LAG(timestamp) OVER (PARTITION BY object_id ORDER BY timestamp, id)
                           AS previous
                FROM {log} WHERE content_type_id = %s {only_log}
            ) l
            JOIN {initiatives} i ON i.id = l.object_id
            """,
            [content_type, *params],
        )
        where = f"WHERE id IN ({', '.join(['%s'] * len(ids))})" if ids is not None else ""
        cursor.execute(
            f"""
            UPDATE {initiatives} SET furthest_step = COALESCE((
                SELECT MAX(step) FROM (
                    SELECT {step_case(f"{initiatives}.stage")} AS step
                    UNION ALL
                    SELECT {step_case("l.state")} FROM {log} l
                    WHERE l.content_type_id = %s AND l.object_id = {initiatives}.id
                ) steps
            ), 0) {where}
            """,
            [content_type, *(ids or [])],
        )


def refresh_initiative(initiative) -> None:
    """The step run_transition takes after each transition of an initiative."""
    refresh([initiative.pk])

"""Migration swarming 0003 on a database that already holds duplicate live replications."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_fsm_log.models import StateLog

from swarming.models import Replication

from ..factories import ReplicationFactory

BEFORE = [("swarming", "0002_plan_budget_not_negative")]


@pytest.fixture
def before_the_rule(transactional_db):
    """The database as it was before 0003 (no constraint), put back to the latest after."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_rule_abandons_the_duplicates_and_keeps_the_furthest_along(before_the_rule):
    first = ReplicationFactory()  # at "interest"
    same = {
        "kit": first.kit,
        "organisation": first.organisation,
        "territory": first.territory,
        "declared_by": first.declared_by,
    }
    launched = ReplicationFactory(**same, state="launched")
    twice = ReplicationFactory(**same)  # a double submit
    gone = ReplicationFactory(**same, state="abandoned")
    elsewhere = ReplicationFactory(kit=first.kit, state="interest")  # another structure

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    states = dict(Replication.objects.values_list("pk", "state"))
    assert states == {
        first.pk: "abandoned",
        launched.pk: "launched",
        twice.pk: "abandoned",
        gone.pk: "abandoned",
        elsewhere.pk: "interest",
    }
    replication_logs = StateLog.objects.filter(content_type__model="replication")
    logs = replication_logs.filter(object_id__in=[first.pk, twice.pk], state="abandoned")
    assert sorted((log.object_id, log.source_state) for log in logs) == [
        (first.pk, "interest"),
        (twice.pk, "interest"),
    ]
    assert all(f"réplication n°{launched.pk}" in log.description for log in logs)
    assert not replication_logs.filter(object_id__in=[gone.pk, elsewhere.pk]).exists()

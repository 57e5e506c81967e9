"""The move to the new layout (documents and notification preferences out of the kernel, the
event log in) on a database that holds the demo: back to the old layout and forward again,
every row stays, with its content types (one per model, never two)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from demo.loader import load_demo_data

# One target undoes the move: documents 0001 and notifications 0001 depend on accelerator 0006.
OLD_LAYOUT = ("accelerator", "0005_dashboard_indexes")
# The tables that change name with the move: new name -> old name.
MOVED = {
    "documents_document": "accelerator_document",
    "documents_downloadlog": "accelerator_downloadlog",
    "notifications_notificationpreference": "accelerator_notificationpreference",
}
EVENT_LOG = "accelerator_event"
# Migrations' own bookkeeping, and content types (checked by their labels).
BOOKKEEPING = {"django_migrations", "django_content_type"}


def migrate(*target):
    """As an administrator would: `manage.py migrate [app migration]`, post-migrate steps
    (content types, permissions) included."""
    call_command("migrate", *target, verbosity=0)


def tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def rows(table):
    """Every row of `table`, as tuples in primary-key order."""
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {name} ORDER BY 1")
        return cursor.fetchall()


def content_type_labels(model):
    return set(ContentType.objects.filter(model=model).values_list("app_label", flat=True))


@pytest.fixture
def demo_database(transactional_db):
    load_demo_data()
    yield
    migrate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_keeps_every_row_back_to_the_old_layout_and_forward(demo_database):
    ContentType.objects.clear_cache()
    new_tables = tables() - {EVENT_LOG} - {"django_migrations"}
    before = {table: rows(table) for table in new_tables}
    assert before["documents_document"], "the demo has documents: the test moves real rows"
    assert content_type_labels("document") == {"documents"}

    migrate(*OLD_LAYOUT)

    old_tables = tables()
    assert EVENT_LOG not in old_tables
    assert not set(MOVED) & old_tables
    for new_name, old_name in MOVED.items():
        assert rows(old_name) == before[new_name]
    for table in new_tables - set(MOVED) - BOOKKEEPING:
        assert rows(table) == before[table], table
    ContentType.objects.clear_cache()
    assert content_type_labels("document") == {"accelerator"}
    assert content_type_labels("notificationpreference") == {"accelerator"}

    migrate()

    assert tables() - {EVENT_LOG, "django_migrations"} == new_tables
    assert {table: rows(table) for table in new_tables} == before
    ContentType.objects.clear_cache()
    assert content_type_labels("document") == {"documents"}
    assert content_type_labels("downloadlog") == {"documents"}
    assert content_type_labels("notificationpreference") == {"notifications"}

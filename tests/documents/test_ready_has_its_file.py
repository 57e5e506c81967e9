"""A ready document has its file. The worker marks a document ready with its file in one
write; the model's validation refuses a ready document without a file, in French; the
database refuses a raw write. Migration documents 0002 marks failed, with a message, the
ready documents without a file that it finds (asking again renders them anew), and changes
nothing else; back and forth, the constraint goes and comes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from documents.models import READY_WITHOUT_FILE, Document, DocumentState
from initiatives.models import Initiative

from ..factories import InitiativeFactory


def document(state, file="", **fields):
    source = InitiativeFactory()
    return Document.objects.create(
        kind="evidence_report",
        content_type=ContentType.objects.get_for_model(Initiative),
        object_id=source.pk,
        content_hash=f"{source.pk:064d}",
        html="<p>Rapport de preuve</p>",
        state=state,
        file=file,
        **fields,
    )


@pytest.mark.django_db
def test_a_ready_document_without_its_file_is_refused():
    ready = document(DocumentState.READY, file="documents/evidence_report/1/abc.pdf")
    ready.file = ""

    with pytest.raises(ValidationError) as caught:
        ready.validate_constraints()
    assert caught.value.messages == [str(READY_WITHOUT_FILE)]
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=ready.pk).update(file="")
    with pytest.raises(IntegrityError), transaction.atomic():
        document(DocumentState.READY)
    assert Document.objects.get(pk=ready.pk).file.name == "documents/evidence_report/1/abc.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state", [DocumentState.REQUESTED, DocumentState.RENDERING, DocumentState.FAILED]
)
def test_a_document_not_ready_has_no_file_yet(state):
    pending = document(state)
    pending.validate_constraints()
    assert Document.objects.get(pk=pending.pk).file.name == ""


# The migration

BEFORE = [("documents", "0001_initial")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_rule(transactional_db):
    migrate(BEFORE)
    yield
    migrate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ready_documents_without_a_file_are_marked_failed(before_the_rule):
    lost = document(DocumentState.READY)
    kept = document(DocumentState.READY, file="documents/evidence_report/2/def.pdf")
    waiting = document(DocumentState.REQUESTED)

    migrate()

    lost.refresh_from_db()
    assert lost.state == DocumentState.FAILED
    assert (
        lost.error == "Le fichier de ce document manquait : réessayez pour le préparer à nouveau."
    )
    assert lost.finished_at is not None
    assert Document.objects.get(pk=kept.pk).state == DocumentState.READY
    assert Document.objects.get(pk=waiting.pk).state == DocumentState.REQUESTED
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=kept.pk).update(file="")

    # Back: the constraint goes; forward: what was written meanwhile is dealt with again.
    migrate(BEFORE)
    Document.objects.filter(pk=kept.pk).update(file="")
    migrate()
    assert Document.objects.get(pk=kept.pk).state == DocumentState.FAILED

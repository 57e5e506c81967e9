"""A ready document has its file.

A document marked ready without a file (written around the worker, which sets both at once)
cannot be downloaded. It is not refused: a document is made again from its source, so such
a row is marked failed, with a message that says why; the document's page then offers to try
again, and asking again renders it anew (documents.services.document_request).
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

MISSING = "Le fichier de ce document manquait : réessayez pour le préparer à nouveau."


def fail_ready_without_file(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(state="ready", file="").update(
        state="failed", error=MISSING, finished_at=timezone.now()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(fail_ready_without_file, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'ready'), _negated=True), models.Q(('file', ''), _negated=True), _connector='OR'), name='ready_document_has_its_file', violation_error_message='Un document prêt a son fichier PDF.'),
        ),
    ]

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentState(models.TextChoices):
    REQUESTED = "requested", _("Demandé")
    RENDERING = "rendering", _("En préparation")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


# What the database refuses too (Meta.constraints): the worker marks a document ready with
# its file, in one write (documents.rendering).
READY_WITHOUT_FILE = _("Un document prêt a son fichier PDF.")


def document_path(document, filename):
    return f"documents/{document.kind}/{document.object_id}/{document.content_hash[:16]}.pdf"


class Document(models.Model):
    """A PDF made from a source (an initiative, a kit version) by a Celery worker.

    The HTML it is made from is kept, and its hash identifies the content: asking again for
    an unchanged source gives this row back, no new render. The file is in Django's
    storage, private: only the download view, which checks the rights, serves it.
    """

    kind = models.CharField(_("type de document"), max_length=30)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("content_type", "object_id")
    version = models.CharField(_("version"), max_length=50, blank=True)
    content_hash = models.CharField(_("empreinte du contenu"), max_length=64)
    html = models.TextField()
    state = models.CharField(
        _("état"),
        max_length=12,
        choices=DocumentState.choices,
        default=DocumentState.REQUESTED,
        db_index=True,
    )
    file = models.FileField(upload_to=document_path, blank=True, max_length=255)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "content_hash"],
                name="one_document_per_content",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="ready") | ~models.Q(file=""),
                name="ready_document_has_its_file",
                violation_error_message=READY_WITHOUT_FILE,
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "kind"], name="document_source")
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.get_state_display()})"

    @property
    def is_ready(self):
        return self.state == DocumentState.READY

    @property
    def is_pending(self):
        return self.state in (DocumentState.REQUESTED, DocumentState.RENDERING)


class DownloadLog(models.Model):
    """Who downloaded which version of a document, when."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(max_length=50, blank=True)
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("téléchargement")
        verbose_name_plural = _("téléchargements")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.document} · {self.user} · {self.downloaded_at:%Y-%m-%d %H:%M}"

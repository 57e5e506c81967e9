from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .initiative import Criterion, Initiative, attachment_path


class IdentificationScore(models.Model):
    """One line of the identification scorecard (repérage): a criterion scored 0 to 3."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="identification_scores"
    )
    criterion = models.CharField(_("critère"), max_length=30, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("note"), choices=[(n, str(n)) for n in range(4)])
    comment = models.TextField(_("commentaire"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(_("notée le"), default=timezone.now)

    class Meta:
        verbose_name = _("note de repérage")
        verbose_name_plural = _("notes de repérage")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=3), name="score_at_most_3"),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()} : {self.score}/3"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("nom"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("taille"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class Note(models.Model):
    """A comment on the initiative's file: internal to staff, or a message to the innovator."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Commentaire interne")
        MESSAGE = "message", _("Message au porteur de projet")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("texte"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("comment", "note")
        verbose_name_plural = pgettext_lazy("comment", "notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["initiative", "kind", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.author})"

    @property
    def is_internal(self):
        return self.kind == self.Kind.INTERNAL


class LeadAssignment(models.Model):
    """Who was made the initiative's lead, by whom, when; None when the lead was removed."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="lead_assignments"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("attribution de référent·e")
        verbose_name_plural = _("attributions de référent·e")
        ordering = ["assigned_at", "pk"]

    def __str__(self):
        return f"{self.initiative} → {self.lead or '—'}"

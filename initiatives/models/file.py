from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from .initiative import Initiative, Stage


class StageStay(models.Model):
    """A completed stay of an initiative in a stage: the log row that ended it, and how long
    it lasted (since the previous log row of the initiative, or its creation for the first).

    Derived from django-fsm-log's StateLog, the one record of what happened, and rebuilt from
    it by initiatives.stays.refresh, so that the dashboard's time in stage is one indexed
    aggregation rather than a window over the whole log.
    """

    log = models.OneToOneField(
        StateLog, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="stays")
    stage = models.CharField(_("étape"), max_length=50, choices=Stage.choices)
    seconds = models.FloatField(_("durée (secondes)"))

    class Meta:
        verbose_name = _("séjour à une étape")
        verbose_name_plural = _("séjours à une étape")
        indexes = [
            # The percentiles per stage read it in order, without touching the table.
            models.Index(fields=["stage", "seconds"], include=["initiative"], name="stay_stage")
        ]

    def __str__(self):
        return f"{self.initiative_id} {self.stage} {self.seconds:.0f}s"

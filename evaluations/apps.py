from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Évaluations")

    def ready(self):
        from . import evidence
        from .documents import register_evidence_report

        register_evidence_report()
        evidence.register()

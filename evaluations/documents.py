"""The evidence report of an initiative: its chain, evaluations, ratings, decisions."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accelerator.fsm import state_history
from documents.kinds import DocumentKind, register
from initiatives.models import Initiative

from .models import State


def evidence_context(initiative):
    evaluations = (
        initiative.evaluations.exclude(state=State.CANCELLED)
        .select_related("evaluator", "territory", "rating__rater")
        .prefetch_related("outcomes")
        .order_by("created_at")
    )
    history = list(state_history(initiative))
    # The essaimage app adds replications to initiatives; read them if it is there.
    replications = getattr(initiative, "replications", None)
    return {
        "initiative": initiative,
        "history": history,
        "decisions": [log for log in history if log.description],
        "evaluations": evaluations,
        "replications": (
            replications.select_related("organisation", "territory").prefetch_related(
                "indicator_reports__indicator"
            )
            if replications is not None
            else []
        ),
    }


def register_evidence_report():
    register(
        DocumentKind(
            name="evidence_report",
            label=_("Rapport de preuve"),
            model=Initiative,
            template="pdf/evidence_report.html",
            context=evidence_context,
            may_download=lambda user, initiative: user.has_perm(
                "documents.download_evidence_report", initiative
            ),
            filename=lambda initiative: f"rapport-de-preuve-{slugify(initiative.title)}.pdf",
        )
    )

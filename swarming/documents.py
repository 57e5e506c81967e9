"""The transfer kit of a kit version, as a PDF."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from documents.kinds import DocumentKind, register
from evaluations.models import State as EvaluationState

from .models import TransferKit


def kit_context(kit):
    initiative = kit.initiative
    return {
        "kit": kit,
        "initiative": initiative,
        "sections": kit.sections(),
        "invariants": kit.invariants.all(),
        "indicators": kit.indicators.all(),
        "tools": kit.attachments.all(),
        "evaluations": initiative.evaluations.filter(state=EvaluationState.RATED)
        .select_related("rating")
        .prefetch_related("outcomes")
        .order_by("created_at"),
    }


def register_transfer_kit():
    register(
        DocumentKind(
            name="transfer_kit",
            label=_("Kit d'essaimage"),
            model=TransferKit,
            template="pdf/transfer_kit.html",
            context=kit_context,
            may_download=lambda user, kit: user.has_perm("documents.download_transfer_kit", kit),
            version=lambda kit: str(kit.version),
            filename=lambda kit: f"kit-{slugify(kit.initiative.title)}-v{kit.version}.pdf",
        )
    )

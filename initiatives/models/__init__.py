"""The initiatives app's models, by sub-domain: reference data and organisations, the
initiative and its stage machine, and what its file holds (scorecard, attachments)."""

from .file import Attachment, IdentificationScore, LeadAssignment, Note
from .initiative import *  # noqa: F403  (the refusal messages and guards)
from .initiative import (
    CHAIN,
    CHAIN_STEP,
    ENDED_STAGES,
    EVIDENCE_BASED_LEVEL,
    Criterion,
    Initiative,
    Maturity,
    Stage,
    attachment_path,
)
from .reference import Call, Organisation, ReferenceItem, TargetPublic, Territory, Theme
from .stay import StageStay

__all__ = [
    "CHAIN",
    "CHAIN_STEP",
    "ENDED_STAGES",
    "EVIDENCE_BASED_LEVEL",
    "Attachment",
    "Call",
    "Criterion",
    "IdentificationScore",
    "Initiative",
    "LeadAssignment",
    "Maturity",
    "Note",
    "Organisation",
    "ReferenceItem",
    "Stage",
    "StageStay",
    "TargetPublic",
    "Territory",
    "Theme",
    "attachment_path",
]

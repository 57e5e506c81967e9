"""Writes on evaluations: `evaluation_<action>` and `outcome_<action>`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator import events
from accelerator.fsm import TransitionRefused, run_transition
from accelerator.uploads import PDF, check_upload

from .models import (
    LEVEL_REQUIRED,
    SMS_LEVELS,
    Evaluation,
    EvidenceRating,
    NestaLevel,
    Outcome,
    State,
)

REPORT_MAX_BYTES = 20 * 1024 * 1024

# Recorded when staff plan an evaluation with its evaluator (transitions record their own).
EVALUATION_PLANNED = "evaluations.evaluation.planned"


def evaluation_plan(*, initiative, by, data) -> Evaluation:
    """Plan an evaluation of `initiative` (staff); it starts in the "planned" state."""
    with transaction.atomic():
        evaluation = Evaluation.objects.create(initiative=initiative, planned_by=by, **data)
        events.record(EVALUATION_PLANNED, subject=evaluation, actor=by)
    return evaluation


NOT_EDITABLE = _(
    "Cette évaluation est maintenant « %(state)s » : elle ne se modifie plus, rien n'a été "
    "enregistré."
)


def _lock_editable(evaluation) -> None:
    """Lock the evaluation's row and check it is still being carried out (planned or in
    progress): a report handed in meanwhile, from another tab, freezes it."""
    state = (
        Evaluation.objects.select_for_update().values_list("state", flat=True).get(pk=evaluation.pk)
    )
    if state not in (State.PLANNED, State.IN_PROGRESS):
        raise ValidationError(NOT_EDITABLE % {"state": State(state).label}, code="not_editable")


def evaluation_update(*, evaluation, data) -> Evaluation:
    """Record what the evaluation found so far (the evaluator) or amend its plan (staff)."""
    with transaction.atomic():
        _lock_editable(evaluation)
        for name, value in data.items():
            setattr(evaluation, name, value)
        # What the database would refuse is refused first, in French (raises ValidationError).
        evaluation.validate_constraints()
        evaluation.save(update_fields=[*data.keys(), "updated_at"])
    return evaluation


def evaluation_add_outcome(*, evaluation, data) -> Outcome:
    """Add a result; one the database would refuse raises ValidationError first."""
    with transaction.atomic():
        _lock_editable(evaluation)
        outcome = Outcome(evaluation=evaluation, **data)
        outcome.validate_constraints()
        outcome.save()
        return outcome


def evaluation_remove_outcome(*, outcome) -> None:
    with transaction.atomic():
        _lock_editable(outcome.evaluation)
        outcome.delete()


def evaluation_attach_report(*, evaluation, upload) -> Evaluation:
    """Keep the report once its content is checked to be a PDF (raises ValidationError)."""
    check_upload(upload, kinds=(PDF,), max_bytes=REPORT_MAX_BYTES)
    with transaction.atomic():
        _lock_editable(evaluation)
        return _keep_report(evaluation, upload)


def _keep_report(evaluation, upload) -> Evaluation:
    previous = evaluation.report.name if evaluation.report else None
    evaluation.report.save(upload.name, upload, save=False)
    evaluation.save(update_fields=["report", "updated_at"])
    if previous:
        storage = evaluation.report.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return evaluation


def outcome_resolve(*, outcome, by, resolution) -> Outcome:
    """Record how a negative result was dealt with, so that it no longer blocks validation."""
    outcome.resolution = resolution.strip()
    outcome.resolved_by = by
    outcome.resolved_at = timezone.now()
    outcome.save(update_fields=["resolution", "resolved_by", "resolved_at"])
    return outcome


# The evaluation's state machine.


def evaluation_start(*, evaluation, by, message="", expected_state=None):
    return run_transition(
        evaluation, "start", by=by, description=message, expected_state=expected_state
    )


def evaluation_submit_report(*, evaluation, by, message="", expected_state=None):
    return run_transition(
        evaluation, "submit_report", by=by, description=message, expected_state=expected_state
    )


def evaluation_rate(*, evaluation, by, nesta_level, reason, expected_state=None):
    """The committee's rating (Nesta level, rationale) and the move to "rated", together."""

    def record_rating():
        if nesta_level not in NestaLevel.values:
            raise TransitionRefused([LEVEL_REQUIRED])
        EvidenceRating.objects.update_or_create(
            evaluation=evaluation,
            defaults={
                "nesta_level": nesta_level,
                "sms_level": SMS_LEVELS.get(evaluation.design),
                "rationale": reason.strip(),
                "rater": by,
                "rated_at": timezone.now(),
            },
        )

    run_transition(
        evaluation,
        "rate",
        by=by,
        description=reason,
        expected_state=expected_state,
        prepare=record_rating,
    )
    return evaluation


def evaluation_cancel(*, evaluation, by, reason, expected_state=None):
    return run_transition(
        evaluation, "cancel", by=by, description=reason, expected_state=expected_state
    )

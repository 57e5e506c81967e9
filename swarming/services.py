"""Writes on essaimage: `kit_<action>`, `consent_<action>`, `replication_<action>`,
`plan_<action>`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from accelerator import events
from accelerator.fsm import TransitionRefused, run_transition
from accelerator.templatetags.essaim import prose_date
from accelerator.uploads import check_upload
from documents.services import document_request
from initiatives.models import Initiative, Stage

from .models import (
    ALREADY_REPLICATING,
    KIT_FROZEN,
    KIT_SECTIONS,
    FidelityReport,
    IndicatorReport,
    KitAttachment,
    KitIndicator,
    KitInvariant,
    Milestone,
    Replication,
    ScaleUpPlan,
    SpreadingConsent,
    TransferKit,
    live_replication,
)

# Recorded when a partner declares interest (transitions record their own events).
INTEREST_DECLARED = "swarming.replication.interest_declared"

NOT_OPEN = gettext_lazy(
    "Cette initiative n'est pas ouverte à l'essaimage : aucun intérêt ne peut être déclaré."
)
MILESTONE_BEFORE_AGREEMENT = gettext_lazy(
    "Un jalon ne peut pas précéder la signature de la convention (le %(date)s)."
)
NOT_YET_AGREED = gettext_lazy(
    "La convention n'est pas encore signée : les jalons et mesures se déclarent ensuite."
)


class FrozenKit(Exception):
    """A published or retired kit version: it never changes."""

    def __init__(self):
        super().__init__(str(KIT_FROZEN))


def _draft_only(kit):
    if not kit.is_draft:
        raise FrozenKit


def _lock_draft(kit):
    """Lock the kit's row for this transaction and check it is still a draft: nothing lands
    in a version that someone is publishing at the same moment."""
    _draft_only(TransferKit.objects.select_for_update().only("state").get(pk=kit.pk))


# Kits


def kit_draft(*, initiative, by) -> TransferKit:
    """The initiative's draft kit: the one being written, or a new version copied from the
    latest one (sections, invariants, indicators, tools), which itself stays as it is."""
    with transaction.atomic():
        # The initiative's row serialises two "new version" requests made at once.
        Initiative.objects.select_for_update().only("pk").get(pk=initiative.pk)
        draft = initiative.transfer_kits.drafts().first()
        if draft is not None:
            return draft
        latest = initiative.transfer_kits.order_by("-version").first()
        kit = TransferKit.objects.create(
            initiative=initiative,
            version=(latest.version + 1) if latest else 1,
            created_by=by,
            **({name: getattr(latest, name) for name in KIT_SECTIONS} if latest else {}),
        )
        if latest is not None:
            for invariant in latest.invariants.all():
                KitInvariant.objects.create(
                    kit=kit, label=invariant.label, description=invariant.description
                )
            for indicator in latest.indicators.all():
                KitIndicator.objects.create(
                    kit=kit,
                    label=indicator.label,
                    unit=indicator.unit,
                    reference_value=indicator.reference_value,
                    reference_note=indicator.reference_note,
                )
            for tool in latest.attachments.all():
                # The stored file never changes either: the new version points to it too.
                tool.pk = None
                tool.kit = kit
                tool.save()
    return kit


def kit_update(*, kit, data) -> TransferKit:
    _draft_only(kit)
    unknown = set(data) - set(KIT_SECTIONS)
    if unknown:
        raise ValueError(f"Not kit sections: {sorted(unknown)}")
    with transaction.atomic():
        _lock_draft(kit)
        for name, value in data.items():
            setattr(kit, name, value)
        kit.save(update_fields=[*data.keys(), "updated_at"])
    return kit


@transaction.atomic
def kit_add_invariant(*, kit, label, description="") -> KitInvariant:
    _lock_draft(kit)
    return KitInvariant.objects.create(kit=kit, label=label, description=description)


@transaction.atomic
def kit_add_indicator(*, kit, label, unit="", reference_value=None, reference_note=""):
    _lock_draft(kit)
    return KitIndicator.objects.create(
        kit=kit,
        label=label,
        unit=unit,
        reference_value=reference_value,
        reference_note=reference_note,
    )


@transaction.atomic
def kit_remove_item(*, item) -> None:
    """Remove an invariant, an indicator or a tool from a draft kit."""
    _lock_draft(item.kit)
    item.delete()


@transaction.atomic
def kit_attach(*, kit, upload, by) -> KitAttachment:
    _lock_draft(kit)
    kind = check_upload(upload)
    tool = KitAttachment(
        kit=kit,
        name=upload.name[:255],
        content_type=kind.content_type,
        extension=kind.extension,
        size=upload.size,
        uploaded_by=by,
    )
    tool.file.save(upload.name, upload, save=False)
    tool.save()
    return tool


def kit_publish(*, kit, by, message="", expected_state=None) -> TransferKit:
    """Publish the version; its PDF is then rendered by a worker, for partners to download.
    The document is asked for in the publication's transaction: whatever happens after the
    commit, its row is there for the worker (or the periodic recovery) to render."""
    with transaction.atomic():
        run_transition(kit, "publish", by=by, description=message, expected_state=expected_state)
        document_request(kind_name="transfer_kit", source=kit, by=by)
    return kit


def kit_retire(*, kit, by, message="", expected_state=None) -> TransferKit:
    run_transition(kit, "retire", by=by, description=message, expected_state=expected_state)
    return kit


# The carrier consents to spreading once the initiative is validated.
CONSENT = "swarming.give_consent"
CONSENT_STAGES = {Stage.VALIDATED, Stage.SPREADING, Stage.SCALING}
CONSENT_OWNER_ONLY = gettext_lazy(
    "L'accord à l'essaimage est donné par le ou la porteur·se de projet qui a déposé l'initiative."
)
CONSENT_TOO_EARLY = gettext_lazy(
    "L'accord à l'essaimage se donne une fois l'initiative validée par le comité."
)


def consent_refusal(*, initiative, by) -> str | None:
    """Why `by` may not give the carrier's consent now (None: they may)."""
    if not by.has_perm(CONSENT, initiative):
        return str(CONSENT_OWNER_ONLY)
    if initiative.stage not in CONSENT_STAGES:
        return str(CONSENT_TOO_EARLY)
    return None


def consent_give(*, initiative, by, terms) -> SpreadingConsent:
    """The carrier's consent to spreading its method, on these terms (who, when, terms).
    Refused (PermissionDenied, with why) to anyone but the carrier, and before validation;
    the initiative's row is locked, so that its stage is read as it stands."""
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        refusal = consent_refusal(initiative=initiative, by=by)
        if refusal:
            raise PermissionDenied(refusal)
        return SpreadingConsent.objects.create(
            initiative=initiative, given_by=by, terms=terms.strip()
        )


# Replications


def replication_declare_interest(
    *, initiative, organisation, territory, strategy, motivation, by
) -> Replication:
    """A partner organisation's interest in taking the method up: a replication in
    "interest", following the latest published kit; staff are told after the commit.

    Refused (ValidationError on "territory") when the organisation already takes the method
    up in this territory and has not abandoned: the constraint
    one_live_replication_per_territory holds it even for two declarations at once."""
    kit = initiative.transfer_kits.published().order_by("-version").first()
    if initiative.stage != Stage.SPREADING or kit is None:
        raise TransitionRefused([NOT_OPEN])
    place = {"initiative": initiative, "organisation": organisation, "territory": territory}
    with transaction.atomic():
        if live_replication(**place) is not None:
            raise _already_replicating()
        try:
            with transaction.atomic():  # a savepoint: the transaction goes on after a refusal
                replication = Replication.objects.create(
                    **place,
                    kit=kit,
                    strategy=strategy,
                    motivation=motivation,
                    declared_by=by,
                )
        except IntegrityError as error:
            # The same declaration, committed meanwhile by another request.
            if live_replication(**place) is None:
                raise
            raise _already_replicating() from error
        events.record(INTEREST_DECLARED, subject=replication, actor=by)
    return replication


def _already_replicating():
    return ValidationError(
        {"territory": ValidationError(ALREADY_REPLICATING, code="already_replicating")}
    )


def replication_agree(*, replication, by, signed_on, message="", expected_state=None):
    def record_date():
        Replication.objects.filter(pk=replication.pk).update(agreement_signed_on=signed_on)
        replication.agreement_signed_on = signed_on

    run_transition(
        replication,
        "agree",
        by=by,
        description=message,
        expected_state=expected_state,
        prepare=record_date,
    )
    return replication


def replication_start_preparation(*, replication, by, message="", expected_state=None):
    return run_transition(
        replication, "start_preparation", by=by, description=message, expected_state=expected_state
    )


def replication_launch(*, replication, by, message="", expected_state=None):
    return run_transition(
        replication, "launch", by=by, description=message, expected_state=expected_state
    )


def replication_make_autonomous(*, replication, by, message="", expected_state=None):
    return run_transition(
        replication, "make_autonomous", by=by, description=message, expected_state=expected_state
    )


def replication_abandon(*, replication, by, reason, expected_state=None):
    return run_transition(
        replication, "abandon", by=by, description=reason, expected_state=expected_state
    )


def _check_agreed(replication, day=None):
    if replication.agreement_signed_on is None:
        raise ValidationError(NOT_YET_AGREED, code="not_agreed")
    if day is not None and day < replication.agreement_signed_on:
        raise ValidationError(
            MILESTONE_BEFORE_AGREEMENT,
            code="before_agreement",
            params={"date": prose_date(replication.agreement_signed_on)},
        )


def replication_report_milestone(*, replication, by, title, reached_on, note="") -> Milestone:
    _check_agreed(replication, reached_on)
    return Milestone.objects.create(
        replication=replication, title=title, reached_on=reached_on, note=note, reported_by=by
    )


def replication_report_fidelity(*, replication, by, reported_on, statuses):
    """One report per invariant at this date: `statuses` maps invariant to (status, comment).
    Earlier reports are kept: fidelity is followed over time."""
    _check_agreed(replication, reported_on)
    return FidelityReport.objects.bulk_create(
        FidelityReport(
            replication=replication,
            invariant=invariant,
            status=status,
            comment=comment,
            reported_on=reported_on,
            reported_by=by,
        )
        for invariant, (status, comment) in statuses.items()
    )


def replication_report_indicator(
    *, replication, by, indicator, value, measured_on, comment=""
) -> IndicatorReport:
    _check_agreed(replication, measured_on)
    if indicator.kit_id != replication.kit_id:
        raise ValueError("The indicator is not one of the replication's kit.")
    return IndicatorReport.objects.create(
        replication=replication,
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        comment=comment,
        reported_by=by,
    )


# Scale-up plans


def plan_create(*, initiative, by, data, territories) -> ScaleUpPlan:
    plan = ScaleUpPlan(initiative=initiative, created_by=by, **data)
    # A negative budget raises ValidationError here, in French, before the database refuses.
    plan.validate_constraints()
    with transaction.atomic():
        plan.save()
        plan.target_territories.set(territories)
    return plan


def plan_approve(*, plan, by, message="", expected_state=None) -> ScaleUpPlan:
    return run_transition(
        plan, "approve", by=by, description=message, expected_state=expected_state
    )


def plan_start(*, plan, by, message="", expected_state=None) -> ScaleUpPlan:
    return run_transition(plan, "start", by=by, description=message, expected_state=expected_state)


def plan_complete(*, plan, by, message="", expected_state=None) -> ScaleUpPlan:
    return run_transition(
        plan, "complete", by=by, description=message, expected_state=expected_state
    )

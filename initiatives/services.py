"""Writes on initiatives: `initiative_<action>` runs one step of the chain.

Each transition service runs through accelerator.fsm.run_transition: the row is locked, a
stale or concurrent change is refused, the permission and guards are checked, the
transition is logged (django-fsm-log: who, when, from, to, reason) and saved, all in one
transaction, with an event (accelerator.events) that the features above the domain
(notifications, the catalogue) act on once it is committed. Other changes worth telling
record their own events.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator import events, roles
from accelerator.fsm import TransitionRefused, run_transition
from accelerator.uploads import check_upload

from . import search
from .models import (
    PUBLIC_STAGES,
    Attachment,
    Criterion,
    IdentificationScore,
    Initiative,
    LeadAssignment,
    Note,
    Organisation,
    Stage,
)

# The events these services record besides transitions (whose events fsm.run_transition
# records): what the features above subscribe to.
ORGANISATION_SAVED = "initiatives.organisation.saved"
INITIATIVE_EDITED = "initiatives.initiative.edited"
SHEET_PUBLISHED = "initiatives.initiative.sheet_published"
SHEET_UNPUBLISHED = "initiatives.initiative.sheet_unpublished"

PUBLISH_SHEET = "initiatives.publish_sheet"
NO_LONGER_A_DRAFT = _(
    "Cette initiative n'est plus un brouillon (elle est à l'étape « %(stage)s ») : vos "
    "modifications n'ont pas été enregistrées."
)
SHEET_NOT_AT_THIS_STAGE = _(
    "Seule une initiative repérée, en évaluation, évaluée, validée, en essaimage ou en "
    "changement d'échelle peut avoir une fiche publique."
)
SHEET_EMPTY = _("Rédigez la fiche publique (5 000 caractères au plus).")


def account_sign_up(*, email, password, first_name, last_name, organisation, role):
    """Create a person's account in `role` (innovator, partner) and attach them to their
    organisation, created with them."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
        user.groups.add(Group.objects.get(name=role))
        if organisation.pk is None:
            organisation.save()
        organisation.members.add(user)
    return user


def innovator_sign_up(*, email, password, first_name, last_name, organisation):
    return account_sign_up(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        role=roles.INNOVATOR,
    )


def initiative_create(*, owner, data, m2m=None) -> Initiative:
    """A new draft initiative owned by `owner`; `data` holds its fields. What the database
    would refuse (a negative amount) raises ValidationError first, in French."""
    initiative = Initiative(owner=owner, **data)
    initiative.validate_constraints()
    with transaction.atomic():
        initiative.save()
        for name, values in (m2m or {}).items():
            getattr(initiative, name).set(values)
        search.reindex(initiative_ids=[initiative.pk])
    return initiative


def initiative_update_draft(*, initiative, data, m2m=None) -> Initiative:
    """Save the innovator's edit of their draft; refused (ValidationError) if the initiative
    left the draft meanwhile (submitted from another tab, say): its row is locked and read
    again first."""
    with transaction.atomic():
        stage = (
            Initiative.objects.select_for_update()
            .values_list("stage", flat=True)
            .get(pk=initiative.pk)
        )
        if stage != Stage.DRAFT:
            raise ValidationError(
                NO_LONGER_A_DRAFT % {"stage": Stage(stage).label}, code="not_draft"
            )
        for name, value in data.items():
            setattr(initiative, name, value)
        initiative.validate_constraints()
        initiative.save(update_fields=[*data.keys(), "updated_at"])
        for name, values in (m2m or {}).items():
            getattr(initiative, name).set(values)
        search.reindex(initiative_ids=[initiative.pk])
    return initiative


def initiative_save(*, initiative, by) -> Initiative:
    """Save an edit of the initiative made outside the innovator's form (the admin): its
    search entry follows, and the catalogue once committed (INITIATIVE_EDITED)."""
    with transaction.atomic():
        initiative.save()
        search.reindex(initiative_ids=[initiative.pk])
        events.record(INITIATIVE_EDITED, subject=initiative, actor=by)
    return initiative


def organisation_save(*, organisation) -> Organisation:
    """Save an organisation; its initiatives are found by its name, so reindex them."""
    with transaction.atomic():
        organisation.save()
        search.reindex(carrier_ids=[organisation.pk])
        events.record(ORGANISATION_SAVED, subject=organisation)
    return organisation


def _touch(initiative) -> None:
    """Record activity on the initiative's file (the board's "dernière activité")."""
    Initiative.objects.filter(pk=initiative.pk).update(updated_at=timezone.now())


def initiative_comment(*, initiative, by, body, kind) -> Note:
    """An internal comment for staff, or a message the innovator reads on their page."""
    with transaction.atomic():
        note = Note.objects.create(initiative=initiative, author=by, body=body.strip(), kind=kind)
        _touch(initiative)
    return note


def initiative_assign_lead(*, initiative, lead, by) -> Initiative:
    """Make `lead` (a staff member, or None) the initiative's lead; recorded on the file."""
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.lead_id == (lead.pk if lead else None):
            return initiative
        Initiative.objects.filter(pk=initiative.pk).update(lead=lead, updated_at=timezone.now())
        LeadAssignment.objects.create(initiative=initiative, lead=lead, assigned_by=by)
    initiative.lead = lead
    return initiative


def initiative_attach(*, initiative, upload, by) -> Attachment:
    """Attach an uploaded file once its content is checked (raises ValidationError)."""
    kind = check_upload(upload)
    attachment = Attachment(
        initiative=initiative,
        name=upload.name[:255],
        content_type=kind.content_type,
        extension=kind.extension,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def initiative_detach(*, attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# The chain. One service per transition, so that grepping `initiative_` shows the lifecycle;
# each transition names its service in its custom= (the transition view calls it). A required
# text is `reason`, an optional one `message`; `expected_state` is the stage the user saw.


def initiative_submit(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "submit", by=by, description=message, expected_state=expected_state
    )


def initiative_request_changes(*, initiative, by, reason, expected_state=None):
    return run_transition(
        initiative, "request_changes", by=by, description=reason, expected_state=expected_state
    )


def initiative_identify(*, initiative, by, scores, message="", expected_state=None):
    """Identify (repérer) with the scorecard: `scores` maps criterion to (score, comment)."""

    def save_scorecard():
        for criterion, (score, comment) in scores.items():
            IdentificationScore.objects.update_or_create(
                initiative=initiative,
                criterion=Criterion(criterion),
                defaults={"score": score, "comment": comment, "scored_by": by},
            )

    return run_transition(
        initiative,
        "identify",
        by=by,
        description=message,
        expected_state=expected_state,
        prepare=save_scorecard,
    )


def initiative_decline(*, initiative, by, reason, expected_state=None):
    return run_transition(
        initiative, "decline", by=by, description=reason, expected_state=expected_state
    )


def initiative_start_evaluation(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "start_evaluation", by=by, description=message, expected_state=expected_state
    )


def initiative_complete_evaluation(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative,
        "complete_evaluation",
        by=by,
        description=message,
        expected_state=expected_state,
    )


def initiative_send_back(*, initiative, by, reason, expected_state=None):
    return run_transition(
        initiative, "send_back", by=by, description=reason, expected_state=expected_state
    )


def initiative_validate(*, initiative, by, reason, expected_state=None):
    return run_transition(
        initiative, "validate", by=by, description=reason, expected_state=expected_state
    )


def initiative_open_spreading(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "open_spreading", by=by, description=message, expected_state=expected_state
    )


def initiative_start_scale_up(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "start_scale_up", by=by, description=message, expected_state=expected_state
    )


def initiative_suspend(*, initiative, by, reason, expected_state=None):
    return run_transition(
        initiative, "suspend", by=by, description=reason, expected_state=expected_state
    )


def initiative_withdraw(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "withdraw", by=by, description=message, expected_state=expected_state
    )


def initiative_archive(*, initiative, by, message="", expected_state=None):
    return run_transition(
        initiative, "archive", by=by, description=message, expected_state=expected_state
    )


def initiatives_assign_lead(*, initiatives, lead, by) -> int:
    """Bulk: make `lead` the lead of each initiative; how many changed."""
    changed = 0
    for initiative in initiatives:
        before = initiative.lead_id
        initiative_assign_lead(initiative=initiative, lead=lead, by=by)
        changed += before != (lead.pk if lead else None)
    return changed


def initiatives_decline(*, initiatives, reason, by):
    """Bulk: decline each initiative with one reason. Each is its own transaction, so one
    refusal (a stage that cannot be declined) leaves the others declined; returns the
    declined initiatives and, for the others, why."""
    declined, refused = [], []
    for initiative in initiatives:
        try:
            initiative_decline(initiative=initiative, by=by, reason=reason)
        except TransitionRefused as refusal:
            refused.append((initiative, refusal.reasons))
        else:
            declined.append(initiative)
    return declined, refused


def _lock_for_sheet(initiative, by) -> Initiative:
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not by.has_perm(PUBLISH_SHEET, locked):
        raise PermissionDenied
    return locked


def initiative_publish_sheet(*, initiative, by, text) -> Initiative:
    """Publish (or update) the plain-language sheet of the initiative in the catalogue: staff
    only (PermissionDenied), at a stage that has a place there, with a text
    (ValidationError, with why)."""
    with transaction.atomic():
        locked = _lock_for_sheet(initiative, by)
        if locked.stage not in PUBLIC_STAGES:
            raise ValidationError(SHEET_NOT_AT_THIS_STAGE, code="stage")
        if not text.strip():
            raise ValidationError(SHEET_EMPTY, code="empty")
        Initiative.objects.filter(pk=initiative.pk).update(
            public_sheet=text.strip(), sheet_published_at=timezone.now(), updated_at=timezone.now()
        )
        initiative.refresh_from_db()
        events.record(SHEET_PUBLISHED, subject=initiative, actor=by)
    return initiative


def initiative_unpublish_sheet(*, initiative, by) -> Initiative:
    with transaction.atomic():
        _lock_for_sheet(initiative, by)
        Initiative.objects.filter(pk=initiative.pk).update(
            sheet_published_at=None, updated_at=timezone.now()
        )
        initiative.refresh_from_db()
        events.record(SHEET_UNPUBLISHED, subject=initiative, actor=by)
    return initiative

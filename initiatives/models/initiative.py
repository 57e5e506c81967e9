import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField

from accelerator.fsm import guard, logged_transition, object_permission

from .. import downstream
from .reference import Call, Organisation, TargetPublic, Territory, Theme


class Stage(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("stage", "Brouillon")
    SUBMITTED = "submitted", pgettext_lazy("stage", "Soumise")
    IDENTIFIED = "identified", pgettext_lazy("stage", "Repérée")
    IN_EVALUATION = "in_evaluation", pgettext_lazy("stage", "En évaluation")
    EVALUATED = "evaluated", pgettext_lazy("stage", "Évaluée")
    VALIDATED = "validated", pgettext_lazy("stage", "Validée")
    SPREADING = "spreading", pgettext_lazy("stage", "En essaimage")
    SCALING = "scaling", pgettext_lazy("stage", "En changement d'échelle")
    REWORK = "rework", pgettext_lazy("stage", "À retravailler")
    DECLINED = "declined", pgettext_lazy("stage", "Déclinée")
    WITHDRAWN = "withdrawn", pgettext_lazy("stage", "Retirée")
    ARCHIVED = "archived", pgettext_lazy("stage", "Archivée")


# The chain as the innovator follows it: each step and the stages that stand on it.
CHAIN = [
    (_("Dépôt"), {Stage.DRAFT, Stage.SUBMITTED}),
    (_("Repérage"), {Stage.IDENTIFIED}),
    (_("Évaluation"), {Stage.IN_EVALUATION, Stage.EVALUATED, Stage.REWORK}),
    (_("Validation"), {Stage.VALIDATED}),
    (_("Essaimage"), {Stage.SPREADING}),
    (_("Changement d'échelle"), {Stage.SCALING}),
]
ENDED_STAGES = {Stage.DECLINED, Stage.WITHDRAWN, Stage.ARCHIVED}
# The stages at which an initiative may have a place in the public catalogue (its three
# levels of diffusion: identified to evaluated, validated and spreading, scaling): only
# then may staff publish its public sheet.
PUBLIC_STAGES = (
    Stage.IDENTIFIED,
    Stage.IN_EVALUATION,
    Stage.EVALUATED,
    Stage.VALIDATED,
    Stage.SPREADING,
    Stage.SCALING,
)
# The index in CHAIN of the step each stage stands on; the ended stages stand on none.
CHAIN_STEP = {stage: index for index, (_label, stages) in enumerate(CHAIN) for stage in stages}


class Maturity(models.TextChoices):
    EXPERIMENTATION = "experimentation", _("Expérimentation")
    MODELLING = "modelling", _("Modélisation")
    DEPLOYMENT = "deployment", _("Déploiement")


class Criterion(models.TextChoices):
    """The identification criteria of AIS#Emploi's call."""

    PRIORITY_PUBLIC = (
        "priority_public",
        _("Cible les demandeurs d'emploi de longue durée ou un autre public prioritaire"),
    )
    SMALL_SCALE_EFFICACY = "small_scale_efficacy", _("Efficacité démontrée à petite échelle")
    WILLING_TO_TRANSPOSE = "willing_to_transpose", _("Porteur prêt à transposer")
    FORMALISED_PROCESS = "formalised_process", _("Processus de mise en œuvre formalisé")
    NOT_FOR_PROFIT = "not_for_profit", _("Porteur à but non lucratif")


# From this Nesta level on, an initiative is "fondé sur la preuve" (evidence-based).
EVIDENCE_BASED_LEVEL = 3

# Refusals the users read; the tests reuse them.
MISSING_FOR_SUBMISSION = _("Pour soumettre, complétez : %(fields)s.")
REASON_REQUIRED = _("Indiquez le motif de cette décision.")
MESSAGE_REQUIRED = _("Écrivez au porteur de projet ce qu'il doit modifier.")
SCORECARD_INCOMPLETE = _("Grille de repérage incomplète : notez %(criteria)s.")
NO_PLANNED_EVALUATION = _(
    "Aucune évaluation n'est planifiée avec un·e évaluateur·rice et un protocole."
)
NO_RATED_EVALUATION = _("Aucune évaluation n'a encore été notée par le comité.")
NO_NULL_OR_NEGATIVE_RESULT = _(
    "Aucune évaluation notée ne montre un résultat nul ou négatif : rien ne justifie de "
    "remettre l'initiative à retravailler."
)
EVIDENCE_TOO_WEAK = _(
    "Le niveau de preuve atteint (%(level)s) est inférieur au niveau %(required)s requis "
    "pour valider."
)
UNRESOLVED_NEGATIVE_RESULT = _("Une évaluation montre un résultat négatif qui n'a pas été traité.")
NO_COST_PER_BENEFICIARY = _("Le coût par bénéficiaire n'est pas connu.")
NO_PUBLISHED_KIT = _("Aucun kit d'essaimage n'est publié.")
NO_CARRIER_CONSENT = _("La structure porteuse n'a pas donné son accord à l'essaimage.")
NO_APPROVED_SCALE_UP_PLAN = _("Aucun plan de changement d'échelle n'est approuvé.")
# What the database refuses too (Meta.constraints), in words a form can show.
NEGATIVE_BUDGET = _("Le budget ne peut pas être négatif.")
NEGATIVE_COST = _("Le coût par bénéficiaire ne peut pas être négatif.")


# Guards. Those that need data from the evaluations and essaimage apps read it through the
# sources those apps register (initiatives.downstream); without one, the guard refuses.


@guard
def submission_complete(initiative):
    missing = initiative.missing_for_submission()
    if missing:
        return [MISSING_FOR_SUBMISSION % {"fields": ", ".join(str(m) for m in missing)}]
    return []


@guard
def scorecard_complete(initiative):
    scored = set(initiative.identification_scores.values_list("criterion", flat=True))
    missing = [label for value, label in Criterion.choices if value not in scored]
    if missing:
        return [SCORECARD_INCOMPLETE % {"criteria": ", ".join(str(m) for m in missing)}]
    return []


@guard
def evaluation_planned(initiative):
    source = downstream.evidence()
    if source is None or not source.evaluation_planned(initiative):
        return [NO_PLANNED_EVALUATION]
    return []


@guard
def evaluation_rated(initiative):
    source = downstream.evidence()
    if source is None or not source.evaluation_rated(initiative):
        return [NO_RATED_EVALUATION]
    return []


@guard
def evidence_sufficient(initiative):
    reasons = []
    source = downstream.evidence()
    required = settings.VALIDATION_MIN_NESTA_LEVEL
    if source is None or not source.evaluation_rated(initiative):
        reasons.append(NO_RATED_EVALUATION)
    else:
        level = source.best_nesta_level(initiative)
        if level < required:
            reasons.append(EVIDENCE_TOO_WEAK % {"level": level, "required": required})
        if source.unresolved_negative_result(initiative):
            reasons.append(UNRESOLVED_NEGATIVE_RESULT)
    if initiative.cost_per_beneficiary is None:
        reasons.append(NO_COST_PER_BENEFICIARY)
    return reasons


@guard
def null_or_negative_result(initiative):
    source = downstream.evidence()
    if source is None or not source.null_or_negative_result(initiative):
        return [NO_NULL_OR_NEGATIVE_RESULT]
    return []


@guard
def kit_published_and_consented(initiative):
    reasons = []
    source = downstream.spreading()
    if source is None or not source.kit_published(initiative):
        reasons.append(NO_PUBLISHED_KIT)
    if source is None or not source.carrier_consented(initiative):
        reasons.append(NO_CARRIER_CONSENT)
    return reasons


@guard
def scale_up_plan_approved(initiative):
    source = downstream.spreading()
    if source is None or not source.scale_up_plan_approved(initiative):
        return [NO_APPROVED_SCALE_UP_PLAN]
    return []


# Who runs which transition (rules in accelerator/roles.py).
OWNER = object_permission("initiatives.submit_initiative")
OWNER_WITHDRAW = object_permission("initiatives.withdraw_initiative")
STAFF = object_permission("initiatives.triage_initiative")
COMMITTEE = object_permission("initiatives.decide_initiative")


class InitiativeQuerySet(models.QuerySet):
    def stalled(self):
        """Initiatives waiting at a stage where someone must act, for longer than
        settings.STALLED_AFTER_DAYS: neither ended nor drafts (their owners write them)."""
        since = timezone.now() - timedelta(days=settings.STALLED_AFTER_DAYS)
        return self.exclude(stage__in=[*ENDED_STAGES, Stage.DRAFT]).filter(
            stage_entered_at__lt=since
        )

    def for_innovator(self, user):
        """The initiatives a person owns or carries through one of their organisations."""
        return self.filter(models.Q(owner=user) | models.Q(carrier__members=user)).distinct()


def attachment_path(attachment, filename):
    return f"initiatives/{attachment.initiative_id}/{uuid.uuid4().hex}.{attachment.extension}"


class Initiative(ConcurrentTransitionMixin, models.Model):
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(
        _("résumé"), blank=True, help_text=_("En quelques lignes : qui, quoi, où, pour qui.")
    )
    problem = models.TextField(
        _("problème traité"),
        blank=True,
        help_text=_("Le besoin social auquel l'initiative répond, et comment il a été constaté."),
    )
    target_publics = models.ManyToManyField(
        TargetPublic, verbose_name=_("publics cibles"), blank=True, related_name="initiatives"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="initiatives"
    )
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territoires d'intervention"),
        blank=True,
        related_name="initiatives",
    )
    carrier = models.ForeignKey(
        Organisation,
        verbose_name=_("structure porteuse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("porteur·se de projet"),
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
    )
    maturity = models.CharField(_("maturité"), max_length=20, choices=Maturity.choices, blank=True)
    theory_of_change = models.TextField(
        _("théorie du changement"),
        blank=True,
        help_text=_("Les actions menées, les changements attendus et pourquoi ils en découlent."),
    )
    expected_outcomes = models.TextField(
        _("résultats attendus"),
        blank=True,
        help_text=_("Les effets mesurables visés pour les personnes accompagnées."),
    )
    budget = models.DecimalField(
        _("budget annuel (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_per_beneficiary = models.DecimalField(
        _("coût par bénéficiaire (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("appel à initiatives"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    stage = FSMField(
        _("étape"), default=Stage.DRAFT, choices=Stage.choices, protected=True, db_index=True
    )
    # When the current stage began. The log holds it too; it is kept here, set by
    # accelerator.fsm.run_transition, so that the board sorts 100,000 rows by it on an index.
    stage_entered_at = models.DateTimeField(_("à cette étape depuis"), default=timezone.now)
    # The furthest step of the chain (index in CHAIN) the initiative has reached: never below
    # its current stage's (see save) nor the states of its log (initiatives.stays.refresh).
    # The dashboard's funnel counts it instead of reading the whole transition log.
    furthest_step = models.PositiveSmallIntegerField(default=0, editable=False)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chargé·e de mission référent·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_initiatives",
        limit_choices_to={"groups__name": "staff"},
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # Every change of the initiative's file (an edit, a stage, a comment, a lead) touches it.
    updated_at = models.DateTimeField(_("dernière activité"), auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True, db_index=True)
    # The public sheet of an identified initiative ("expérience inspirante"), in plain
    # language, which staff publish in the catalogue before it is evaluated.
    public_sheet = models.TextField(_("fiche publique"), blank=True)
    sheet_published_at = models.DateTimeField(_("fiche publiée le"), null=True, blank=True)
    # Title, summary, problem and the carrier's name, weighted, in the "french_unaccent"
    # configuration (PostgreSQL); kept up to date by initiatives.services.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    STATE_STAMP_FIELD = "stage_entered_at"

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at"]
        # The GIN index on search_vector is made by migration 0005, on PostgreSQL only.
        indexes = [
            models.Index(fields=["stage", "-updated_at"], name="initiative_stage_activity"),
            models.Index(fields=["stage", "stage_entered_at"], name="initiative_stage_since"),
            models.Index(fields=["stage_entered_at"], name="initiative_stage_entered"),
            # The dashboard's years: the first and last creation dates.
            models.Index(fields=["created_at"], name="initiative_created"),
            # Counting a filtered board by stage reads this index, not the table.
            models.Index(fields=["stage", "id"], name="initiative_stage_id"),
            # The dashboard's funnel, whatever its filters, reads this index, not the table.
            models.Index(
                fields=["stage", "furthest_step"],
                include=["call", "created_at"],
                name="initiative_funnel",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="initiative_budget_not_negative",
                violation_error_message=NEGATIVE_BUDGET,
            ),
            models.CheckConstraint(
                condition=models.Q(cost_per_beneficiary__isnull=True)
                | models.Q(cost_per_beneficiary__gte=0),
                name="initiative_cost_not_negative",
                violation_error_message=NEGATIVE_COST,
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.furthest_step = max(self.furthest_step, CHAIN_STEP.get(self.stage, 0))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "stage" in update_fields:
            kwargs["update_fields"] = {*update_fields, "furthest_step"}
        super().save(*args, **kwargs)

    # What an innovator must fill in before submitting, in the order of the form.
    REQUIRED_FOR_SUBMISSION = (
        "summary",
        "problem",
        "target_publics",
        "themes",
        "territories",
        "carrier",
        "maturity",
        "theory_of_change",
        "expected_outcomes",
        "budget",
    )

    def missing_for_submission(self):
        """Labels of the fields still empty that submission requires."""
        missing = []
        for name in self.REQUIRED_FOR_SUBMISSION:
            field = self._meta.get_field(name)
            if field.many_to_many:
                empty = self.pk is None or not getattr(self, name).exists()
            else:
                value = getattr(self, field.attname)
                empty = value is None or (isinstance(value, str) and not value.strip())
            if empty:
                missing.append(field.verbose_name)
        return missing

    @cached_property
    def evidence_level(self) -> int:
        """The best Nesta level its rated evaluations reached (0: none yet)."""
        source = downstream.evidence()
        return source.best_nesta_level(self) if source is not None else 0

    @property
    def evidence_based(self) -> bool:
        return self.evidence_level >= EVIDENCE_BASED_LEVEL

    @property
    def slug(self):
        """The public page's address part; the page redirects there if the title changed."""
        return slugify(self.title)[:80] or "initiative"

    @property
    def days_in_stage(self):
        return (timezone.now() - self.stage_entered_at).days

    @property
    def is_draft(self):
        return self.stage == Stage.DRAFT

    @property
    def has_ended(self):
        return self.stage in ENDED_STAGES

    def chain_steps(self):
        """The chain's steps, each marked done, current or to come, for display."""
        current = CHAIN_STEP.get(self.stage)
        steps = []
        for index, (label, _stages) in enumerate(CHAIN):
            if current is None:
                status = "ended"
            elif index < current:
                status = "done"
            elif index == current:
                status = "current"
            else:
                status = "todo"
            steps.append({"label": label, "status": status})
        return steps

    # The stage machine. Transitions set fields and nothing else; services in
    # initiatives/services.py run them (lock, permission, guards, log, save).

    @logged_transition(
        field=stage,
        source=Stage.DRAFT,
        target=Stage.SUBMITTED,
        permission=OWNER,
        conditions=[submission_complete],
        custom={
            "service": "initiative_submit",
            "label": _("Soumettre"),
            "order": 1,
            "style": "primary",
        },
    )
    def submit(self, by=None, description=None):
        self.submitted_at = timezone.now()

    @logged_transition(
        field=stage,
        source=Stage.SUBMITTED,
        target=Stage.DRAFT,
        permission=STAFF,
        custom={
            "service": "initiative_request_changes",
            "label": _("Demander des modifications"),
            "reason_required": MESSAGE_REQUIRED,
            "order": 3,
        },
    )
    def request_changes(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=Stage.SUBMITTED,
        target=Stage.IDENTIFIED,
        permission=STAFF,
        conditions=[scorecard_complete],
        custom={
            "service": "initiative_identify",
            "label": _("Repérer"),
            "order": 1,
            "style": "primary",
            "form": "scorecard",
        },
    )
    def identify(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[Stage.SUBMITTED, Stage.IDENTIFIED, Stage.EVALUATED],
        target=Stage.DECLINED,
        permission=STAFF,
        custom={
            "service": "initiative_decline",
            "label": _("Décliner"),
            "reason_required": REASON_REQUIRED,
            "order": 9,
            "style": "danger",
        },
    )
    def decline(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[Stage.IDENTIFIED, Stage.REWORK],
        target=Stage.IN_EVALUATION,
        permission=STAFF,
        conditions=[evaluation_planned],
        custom={
            "service": "initiative_start_evaluation",
            "label": _("Lancer l'évaluation"),
            "order": 1,
            "style": "primary",
        },
    )
    def start_evaluation(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=Stage.IN_EVALUATION,
        target=Stage.EVALUATED,
        permission=STAFF,
        conditions=[evaluation_rated],
        custom={
            "service": "initiative_complete_evaluation",
            "label": _("Clore l'évaluation"),
            "order": 1,
            "style": "primary",
        },
    )
    def complete_evaluation(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=Stage.EVALUATED,
        target=Stage.IN_EVALUATION,
        permission=COMMITTEE,
        custom={
            "service": "initiative_send_back",
            "label": _("Renvoyer en évaluation"),
            "reason_required": REASON_REQUIRED,
            "order": 3,
        },
    )
    def send_back(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=Stage.EVALUATED,
        target=Stage.VALIDATED,
        permission=COMMITTEE,
        conditions=[evidence_sufficient],
        custom={
            "service": "initiative_validate",
            "label": _("Valider"),
            "reason_required": REASON_REQUIRED,
            "order": 1,
            "style": "primary",
        },
    )
    def validate(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=Stage.VALIDATED,
        target=Stage.SPREADING,
        permission=STAFF,
        conditions=[kit_published_and_consented],
        custom={
            "service": "initiative_open_spreading",
            "label": _("Ouvrir l'essaimage"),
            "order": 1,
            "style": "primary",
        },
    )
    def open_spreading(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[Stage.SPREADING, Stage.VALIDATED],
        target=Stage.SCALING,
        permission=COMMITTEE,
        conditions=[scale_up_plan_approved],
        custom={
            "service": "initiative_start_scale_up",
            "label": _("Lancer le changement d'échelle"),
            "order": 2,
        },
    )
    def start_scale_up(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[
            Stage.IDENTIFIED,
            Stage.IN_EVALUATION,
            Stage.EVALUATED,
            Stage.VALIDATED,
            Stage.SPREADING,
            Stage.SCALING,
        ],
        target=Stage.REWORK,
        permission=STAFF,
        conditions=[null_or_negative_result],
        custom={
            "service": "initiative_suspend",
            "label": _("Mettre à retravailler"),
            "reason_required": REASON_REQUIRED,
            "order": 8,
        },
    )
    def suspend(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[Stage.DRAFT, Stage.SUBMITTED, Stage.IDENTIFIED],
        target=Stage.WITHDRAWN,
        permission=OWNER_WITHDRAW,
        custom={
            "service": "initiative_withdraw",
            "label": _("Retirer l'initiative"),
            "order": 9,
            "style": "danger",
        },
    )
    def withdraw(self, by=None, description=None):
        pass

    @logged_transition(
        field=stage,
        source=[Stage.DECLINED, Stage.WITHDRAWN, Stage.SCALING],
        target=Stage.ARCHIVED,
        permission=STAFF,
        custom={"service": "initiative_archive", "label": _("Archiver"), "order": 10},
    )
    def archive(self, by=None, description=None):
        pass

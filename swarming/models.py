"""Essaimage: transfer kits (versioned), the carrier's consent, replications by partner
organisations, and the carrier's own scale-up plans."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from accelerator import roles
from accelerator.fsm import guard, logged_transition, object_permission
from initiatives.models import Initiative, Organisation, Territory

REASON_REQUIRED = _("Indiquez le motif de cette décision.")

# Transfer kits


class KitState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    # A Kit row is one version of the kit ("la version 2 est publiée"): feminine labels.
    PUBLISHED = "published", _("Publiée")
    RETIRED = "retired", _("Retirée")


KIT_SECTIONS = [
    "project_sheet",
    "theory_of_change",
    "adaptable_parts",
    "methodological_guide",
    "economic_model",
    "template_budget",
    "success_conditions",
    "territorial_prerequisites",
    "training_plan",
    "monitoring_indicators",
    "licence_terms",
]
# The sections a kit cannot be published without.
REQUIRED_SECTIONS = [
    "project_sheet",
    "theory_of_change",
    "methodological_guide",
    "economic_model",
    "success_conditions",
    "licence_terms",
]
KIT_INCOMPLETE = _("Pour publier le kit, complétez : %(sections)s.")
NO_INVARIANT = _("Indiquez au moins un invariant de la méthode (ce qui ne s'adapte pas).")
KIT_FROZEN = _(
    "Cette version du kit est publiée : elle ne change plus. Modifiez le kit pour en préparer "
    "une nouvelle version."
)
# What the database refuses too (Meta.constraints): the transitions set these dates.
KIT_PUBLISHED_UNDATED = _("Une version publiée du kit porte sa date de publication.")
KIT_RETIRED_UNDATED = _("Une version retirée du kit porte sa date de retrait.")


@guard
def kit_complete(kit):
    reasons = []
    missing = [
        str(kit._meta.get_field(name).verbose_name)
        for name in REQUIRED_SECTIONS
        if not getattr(kit, name).strip()
    ]
    if missing:
        reasons.append(KIT_INCOMPLETE % {"sections": ", ".join(missing)})
    if not kit.invariants.exists():
        reasons.append(NO_INVARIANT)
    return reasons


class KitQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=KitState.PUBLISHED)

    def drafts(self):
        return self.filter(state=KitState.DRAFT)


def kit_attachment_path(attachment, filename):
    return f"kits/{uuid.uuid4().hex}.{attachment.extension}"


class TransferKit(ConcurrentTransitionMixin, models.Model):
    """One version of an initiative's kit d'essaimage. A published version never changes."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="transfer_kits"
    )
    version = models.PositiveIntegerField(_("version"))
    state = FSMField(_("état"), default=KitState.DRAFT, choices=KitState.choices, protected=True)
    project_sheet = models.TextField(
        _("fiche projet"),
        blank=True,
        help_text=_("L'initiative en une page : qui, quoi, pour qui."),
    )
    theory_of_change = models.TextField(_("théorie du changement"), blank=True)
    adaptable_parts = models.TextField(
        _("ce qui peut s'adapter"),
        blank=True,
        help_text=_("Ce que chaque territoire peut ajuster sans trahir la méthode."),
    )
    methodological_guide = models.TextField(_("guide méthodologique"), blank=True)
    economic_model = models.TextField(_("modèle économique"), blank=True)
    template_budget = models.TextField(_("budget type"), blank=True)
    success_conditions = models.TextField(_("conditions de réussite"), blank=True)
    territorial_prerequisites = models.TextField(_("prérequis territoriaux"), blank=True)
    training_plan = models.TextField(_("plan de formation"), blank=True)
    monitoring_indicators = models.TextField(
        _("indicateurs de suivi partagés"),
        blank=True,
        help_text=_("Comment les mesurer ; les indicateurs chiffrés se déclarent plus bas."),
    )
    licence_terms = models.TextField(_("licence et conditions de convention"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    objects = KitQuerySet.as_manager()

    class Meta:
        verbose_name = _("kit d'essaimage")
        verbose_name_plural = _("kits d'essaimage")
        ordering = ["initiative", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "version"], name="one_kit_per_version"),
            models.UniqueConstraint(
                fields=["initiative"],
                condition=Q(state="draft"),
                name="one_draft_kit_per_initiative",
            ),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False),
                name="published_kit_has_its_date",
                violation_error_message=KIT_PUBLISHED_UNDATED,
            ),
            models.CheckConstraint(
                condition=~Q(state="retired") | Q(retired_at__isnull=False),
                name="retired_kit_has_its_date",
                violation_error_message=KIT_RETIRED_UNDATED,
            ),
        ]

    def __str__(self):
        return _("Kit « %(title)s », version %(version)s") % {
            "title": self.initiative.title,
            "version": self.version,
        }

    @property
    def is_draft(self):
        return self.state == KitState.DRAFT

    def sections(self):
        """(label, text) of each section, in the kit's order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in KIT_SECTIONS
        ]

    @logged_transition(
        field=state,
        source=KitState.DRAFT,
        target=KitState.PUBLISHED,
        permission=object_permission("swarming.publish_kit"),
        conditions=[kit_complete],
        custom={
            "service": "kit_publish",
            "label": _("Publier cette version"),
            "order": 1,
            "style": "primary",
        },
    )
    def publish(self, by=None, description=None):
        self.published_at = timezone.now()

    @logged_transition(
        field=state,
        source=KitState.PUBLISHED,
        target=KitState.RETIRED,
        permission=object_permission("swarming.publish_kit"),
        custom={
            "service": "kit_retire",
            "label": _("Retirer cette version"),
            "order": 9,
            "style": "danger",
        },
    )
    def retire(self, by=None, description=None):
        self.retired_at = timezone.now()


class KitInvariant(models.Model):
    """What must not change when the method is taken up elsewhere."""

    kit = models.ForeignKey(TransferKit, on_delete=models.CASCADE, related_name="invariants")
    label = models.CharField(_("invariant"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("invariant")
        verbose_name_plural = _("invariants")
        ordering = ["pk"]

    def __str__(self):
        return self.label


class KitIndicator(models.Model):
    """A shared outcome indicator, with the original's result to compare replications to."""

    kit = models.ForeignKey(TransferKit, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    reference_value = models.DecimalField(
        _("résultat de l'initiative d'origine"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
    )
    reference_note = models.CharField(_("source du résultat d'origine"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicateur partagé")
        verbose_name_plural = _("indicateurs partagés")
        ordering = ["pk"]

    def __str__(self):
        return self.label


class KitAttachment(models.Model):
    """An operational tool of the kit (a form, a template, a guide)."""

    kit = models.ForeignKey(TransferKit, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=kit_attachment_path, max_length=255)
    name = models.CharField(_("nom"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outil du kit")
        verbose_name_plural = _("outils du kit")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class SpreadingConsent(models.Model):
    """The carrier's agreement that its method be spread, on these terms."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="spreading_consents"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)
    terms = models.TextField(
        _("conditions"),
        help_text=_("Ce que la structure porteuse accepte : diffusion, formation, licence…"),
    )

    class Meta:
        verbose_name = _("accord d'essaimage")
        verbose_name_plural = _("accords d'essaimage")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.initiative} · {self.given_by}"


# Replications


class Strategy(models.TextChoices):
    """Avise's typology of spreading strategies."""

    OPEN_FERTILISATION = "open_fertilisation", _("Fertilisation ouverte")
    FORMAL_FERTILISATION = "formal_fertilisation", _("Fertilisation formelle")
    FLEXIBLE_DUPLICATION = "flexible_duplication", _("Duplication souple")
    SOCIAL_FRANCHISE = "social_franchise", _("Franchise sociale")
    CENTRALISED_DUPLICATION = "centralised_duplication", _("Duplication centralisée")


class ReplicationState(models.TextChoices):
    INTEREST = "interest", _("Intérêt déclaré")
    AGREEMENT = "agreement", _("Convention signée")
    PREPARATION = "preparation", _("Préparation")
    LAUNCHED = "launched", _("Lancée")
    AUTONOMOUS = "autonomous", _("Autonome")
    ABANDONED = "abandoned", _("Abandonnée")


# A replication that took the method up: an agreement signed, or further (the catalogue).
TAKEN_UP_STATES = (
    ReplicationState.AGREEMENT,
    ReplicationState.PREPARATION,
    ReplicationState.LAUNCHED,
    ReplicationState.AUTONOMOUS,
)

NO_AGREEMENT_DATE = _("Indiquez la date de signature de la convention.")
ALREADY_REPLICATING = _(
    "Votre structure reprend déjà cette méthode sur ce territoire : voir la réplication."
)


@guard
def agreement_dated(replication):
    return [] if replication.agreement_signed_on else [NO_AGREEMENT_DATE]


MOVE = object_permission("swarming.move_replication")


class Replication(ConcurrentTransitionMixin, models.Model):
    """One organisation taking the method up in one territory."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, related_name="replications"
    )
    kit = models.ForeignKey(
        TransferKit,
        verbose_name=_("version du kit suivie"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("structure partenaire"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    strategy = models.CharField(_("stratégie d'essaimage"), max_length=30, choices=Strategy.choices)
    motivation = models.TextField(_("motivation"), blank=True)
    agreement_signed_on = models.DateField(_("convention signée le"), null=True, blank=True)
    state = FSMField(
        _("état"),
        default=ReplicationState.INTEREST,
        choices=ReplicationState.choices,
        protected=True,
        db_index=True,
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("déclarée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réplication")
        verbose_name_plural = _("réplications")
        ordering = ["-updated_at"]
        constraints = [
            # One organisation takes a method up once in a territory; again after abandoning.
            models.UniqueConstraint(
                fields=["initiative", "organisation", "territory"],
                condition=~Q(state="abandoned"),
                name="one_live_replication_per_territory",
                violation_error_message=ALREADY_REPLICATING,
            ),
            # Taken up (an agreement signed, or further): the convention has its date.
            models.CheckConstraint(
                condition=~Q(state__in=[state.value for state in TAKEN_UP_STATES])
                | Q(agreement_signed_on__isnull=False),
                name="taken_up_replication_has_agreement_date",
                violation_error_message=NO_AGREEMENT_DATE,
            ),
        ]

    def __str__(self):
        return f"{self.initiative} · {self.organisation} ({self.territory})"

    @logged_transition(
        field=state,
        source=ReplicationState.INTEREST,
        target=ReplicationState.AGREEMENT,
        permission=MOVE,
        conditions=[agreement_dated],
        custom={
            "service": "replication_agree",
            "label": _("Convention signée"),
            "order": 1,
            "style": "primary",
            "form": "agreement",
        },
    )
    def agree(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=ReplicationState.AGREEMENT,
        target=ReplicationState.PREPARATION,
        permission=MOVE,
        custom={
            "service": "replication_start_preparation",
            "label": _("Commencer la préparation"),
            "order": 1,
            "style": "primary",
        },
    )
    def start_preparation(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=ReplicationState.PREPARATION,
        target=ReplicationState.LAUNCHED,
        permission=MOVE,
        custom={
            "service": "replication_launch",
            "label": _("Lancer"),
            "order": 1,
            "style": "primary",
        },
    )
    def launch(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=ReplicationState.LAUNCHED,
        target=ReplicationState.AUTONOMOUS,
        permission=MOVE,
        custom={
            "service": "replication_make_autonomous",
            "label": _("Déclarer autonome"),
            "order": 1,
            "style": "primary",
        },
    )
    def make_autonomous(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=[
            ReplicationState.INTEREST,
            ReplicationState.AGREEMENT,
            ReplicationState.PREPARATION,
            ReplicationState.LAUNCHED,
        ],
        target=ReplicationState.ABANDONED,
        permission=MOVE,
        custom={
            "service": "replication_abandon",
            "label": _("Abandonner"),
            "reason_required": REASON_REQUIRED,
            "order": 9,
            "style": "danger",
        },
    )
    def abandon(self, by=None, description=None):
        pass


def live_replication(*, initiative, organisation, territory):
    """The replication, not abandoned, of `initiative` by `organisation` in `territory`, if
    there is one: the same cannot be declared again (one_live_replication_per_territory)."""
    return (
        Replication.objects.filter(
            initiative=initiative, organisation=organisation, territory=territory
        )
        .exclude(state=ReplicationState.ABANDONED)
        .first()
    )


class Milestone(models.Model):
    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("jalon"), max_length=200)
    reached_on = models.DateField(_("atteint le"))
    note = models.TextField(_("commentaire"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["reached_on", "pk"]

    def __str__(self):
        return self.title


class Fidelity(models.TextChoices):
    RESPECTED = "respected", _("Respecté")
    ADAPTED = "adapted", _("Adapté")
    DROPPED = "dropped", _("Abandonné")


class FidelityReport(models.Model):
    """How one invariant of the kit was kept on site, as reported at a date (never overwritten)."""

    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="fidelity_reports"
    )
    invariant = models.ForeignKey(KitInvariant, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("fidélité"), max_length=10, choices=Fidelity.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    reported_on = models.DateField(_("date du constat"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("constat de fidélité")
        verbose_name_plural = _("constats de fidélité")
        ordering = ["-reported_on", "-pk"]

    def __str__(self):
        return f"{self.invariant} : {self.get_status_display()}"


class IndicatorReport(models.Model):
    """A kit indicator measured on site at a date (never overwritten)."""

    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="indicator_reports"
    )
    indicator = models.ForeignKey(KitIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("valeur mesurée"), max_digits=12, decimal_places=3)
    measured_on = models.DateField(_("mesurée le"))
    comment = models.TextField(_("commentaire"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure d'indicateur")
        verbose_name_plural = _("mesures d'indicateurs")
        ordering = ["-measured_on", "-pk"]

    def __str__(self):
        return f"{self.indicator} = {self.value}"


# Scale-up


NEGATIVE_BUDGET = _("Le budget ne peut pas être négatif.")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    APPROVED = "approved", _("Approuvé")
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Achevé")


class ScaleUpPlanQuerySet(models.QuerySet):
    def approved(self):
        """Plans the committee approved (and which may have started since)."""
        return self.filter(state__in=[PlanState.APPROVED, PlanState.IN_PROGRESS])


class ScaleUpPlan(ConcurrentTransitionMixin, models.Model):
    """The carrying structure's plan to extend the initiative to new territories."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="scale_up_plans"
    )
    target_territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires visés"), related_name="+"
    )
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    milestones = models.TextField(
        _("jalons"), help_text=_("Une étape par ligne, avec sa date visée.")
    )
    state = FSMField(_("état"), default=PlanState.DRAFT, choices=PlanState.choices, protected=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScaleUpPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de changement d'échelle")
        verbose_name_plural = _("plans de changement d'échelle")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="plan_budget_not_negative",
                violation_error_message=NEGATIVE_BUDGET,
            )
        ]

    def __str__(self):
        return _("Plan de changement d'échelle · %(title)s") % {"title": self.initiative.title}

    @logged_transition(
        field=state,
        source=PlanState.DRAFT,
        target=PlanState.APPROVED,
        permission=object_permission("swarming.approve_plan", explain=roles.approval_conflicts),
        custom={
            "service": "plan_approve",
            "label": _("Approuver le plan"),
            "order": 1,
            "style": "primary",
        },
    )
    def approve(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=PlanState.APPROVED,
        target=PlanState.IN_PROGRESS,
        permission=object_permission("swarming.run_plan"),
        custom={
            "service": "plan_start",
            "label": _("Démarrer le plan"),
            "order": 1,
            "style": "primary",
        },
    )
    def start(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=PlanState.IN_PROGRESS,
        target=PlanState.COMPLETED,
        permission=object_permission("swarming.run_plan"),
        custom={
            "service": "plan_complete",
            "label": _("Déclarer achevé"),
            "order": 1,
            "style": "primary",
        },
    )
    def complete(self, by=None, description=None):
        pass

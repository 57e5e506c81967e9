"""The register of evidence: evaluations of initiatives, their outcomes, and the committee's
ratings on the Nesta Standards of Evidence."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from accelerator import roles
from accelerator.fsm import guard, logged_transition, object_permission
from initiatives.models import EVIDENCE_BASED_LEVEL, Initiative, Territory


class Kind(models.TextChoices):
    PROCESS = "process", _("Évaluation de processus")
    IMPACT = "impact", _("Évaluation d'impact")
    ECONOMIC = "economic", _("Évaluation économique")
    FIDELITY = "fidelity", _("Évaluation de fidélité")


class Design(models.TextChoices):
    """The evaluation's design, from which its Maryland Scientific Methods Scale level follows."""

    THEORY_OF_CHANGE = "theory_of_change", _("Théorie du changement et analyse de processus")
    BEFORE_AFTER = "before_after", _("Avant / après")
    COMPARISON_GROUP = "comparison_group", _("Groupe de comparaison")
    DIFFERENCE_IN_DIFFERENCES = "diff_in_diff", _("Doubles différences ou appariement")
    QUASI_RANDOM = "quasi_random", _("Affectation quasi aléatoire")
    RCT = "rct", _("Essai randomisé contrôlé")


# The Maryland SMS level each design reaches (none for a process evaluation), as the
# design (shared/DESIGN.md) orders them.
SMS_LEVELS = {
    Design.THEORY_OF_CHANGE: None,
    Design.BEFORE_AFTER: 1,
    Design.COMPARISON_GROUP: 2,
    Design.DIFFERENCE_IN_DIFFERENCES: 3,
    Design.QUASI_RANDOM: 4,
    Design.RCT: 5,
}

# The highest Nesta level an evaluation can be rated at, by the SMS level of its design
# (the levels' definitions, NESTA_DEFINITIONS below). Without a measure of the effect (a
# theory of change and process analysis: no SMS level), it is an account of impact (1). A
# measure before and after (SMS 1) shows a change among the people supported, without
# telling what would have happened without the action: a correlation (2). Causation (3) is
# shown, in Nesta's words, by a comparison group: from SMS 2 on (a comparison group, then
# difference-in-differences or matching, quasi-random assignment, a randomised trial).
# Levels 4 and 5 ask for more than a design (independence, replications, fidelity): the
# design does not bar them once it shows causation, and level 5 has its own guard.
MAX_NESTA_LEVELS = {None: 1, 1: 2, 2: 5, 3: 5, 4: 5, 5: 5}


class NestaLevel(models.IntegerChoices):
    ACCOUNT = 1, _("Niveau 1 : récit de l'impact")
    CORRELATION = 2, _("Niveau 2 : corrélation")
    CAUSATION = 3, _("Niveau 3 : causalité")
    REPLICATION = 4, _("Niveau 4 : réplication indépendante")
    SCALED = 5, _("Niveau 5 : changement d'échelle démontré")


# The Nesta levels in a few plain words, for the public (catalogue cards and filters).
NESTA_PLAIN = {
    NestaLevel.ACCOUNT: _("impact décrit"),
    NestaLevel.CORRELATION: _("changement mesuré"),
    NestaLevel.CAUSATION: _("effet démontré"),
    NestaLevel.REPLICATION: _("effet confirmé par une évaluation indépendante"),
    NestaLevel.SCALED: _("effet démontré à grande échelle"),
}

NESTA_DEFINITIONS = {
    NestaLevel.ACCOUNT: _(
        "La structure sait décrire ce qu'elle fait et pourquoi cela compte, de façon "
        "logique, cohérente et convaincante."
    ),
    NestaLevel.CORRELATION: _(
        "Des données montrent un changement chez les personnes accompagnées, sans pouvoir "
        "encore l'attribuer à l'action."
    ),
    NestaLevel.CAUSATION: _(
        "Un groupe de comparaison montre que l'action cause, au moins en partie, le "
        "changement observé."
    ),
    NestaLevel.REPLICATION: _(
        "Une ou plusieurs évaluations indépendantes confirment ces résultats, avec une "
        "analyse des coûts."
    ),
    NestaLevel.SCALED: _(
        "Au moins deux réplications indépendantes aux résultats positifs et une évaluation "
        "de fidélité montrent que l'action produit son effet à grande échelle."
    ),
}


class State(models.TextChoices):
    PLANNED = "planned", _("Planifiée")
    IN_PROGRESS = "in_progress", _("En cours")
    REPORT_SUBMITTED = "report_submitted", _("Rapport remis")
    RATED = "rated", _("Notée")
    CANCELLED = "cancelled", _("Annulée")


class Direction(models.TextChoices):
    POSITIVE = "positive", _("Positif")
    NULL = "null", _("Nul")
    NEGATIVE = "negative", _("Négatif")


# Refusals the users read; the tests reuse them.
NO_EVALUATOR = _("Désignez un·e évaluateur·rice (personne ou organisme externe).")
NO_DESIGN = _("Choisissez le protocole de l'évaluation.")
NO_SUMMARY = _("Rédigez la synthèse des résultats.")
NO_REPORT = _("Déposez le rapport d'évaluation (PDF).")
NO_OUTCOME = _("Enregistrez au moins un résultat (indicateur et sens de l'effet).")
NO_RATING = _("La notation du comité manque.")
REASON_REQUIRED = _("Indiquez le motif de cette décision.")
RATIONALE_REQUIRED = _("Justifiez le niveau de preuve retenu.")
LEVEL_REQUIRED = _("Choisissez un niveau de preuve, de 1 à 5.")
LEVEL_ABOVE_DESIGN = _(
    "Le protocole « %(design)s » établit au plus le niveau %(level)s de preuve : choisissez "
    "un niveau qui ne le dépasse pas."
)
SCALED_NEEDS_REPLICATIONS = _(
    "Le niveau 5 demande au moins deux réplications indépendantes aux résultats positifs "
    "(des évaluations d'impact indépendantes, rapport remis, avec un résultat positif et sans "
    "résultat négatif non traité) : l'initiative en compte %(count)s."
)
SCALED_NEEDS_FIDELITY = _(
    "Le niveau 5 demande une évaluation de fidélité de l'initiative, rapport remis."
)
# What the database refuses too (Meta.constraints), in words a form can show.
SMS_LEVEL_RANGE = _("Le niveau SMS (Maryland) va de 1 à 5, ou reste vide.")
ATTRITION_RANGE = _("L'attrition est une part des personnes suivies : de 0 à 100.")
NEGATIVE_COST = _("Le coût par bénéficiaire ne peut pas être négatif.")
INTERVAL_ORDER = _(
    "Les bornes doivent encadrer la taille d'effet : borne basse ≤ taille d'effet ≤ borne haute."
)


@guard
def ready_to_start(evaluation):
    reasons = []
    if evaluation.evaluator_id is None and not evaluation.external_evaluator.strip():
        reasons.append(NO_EVALUATOR)
    if not evaluation.design:
        reasons.append(NO_DESIGN)
    return reasons


@guard
def report_complete(evaluation):
    reasons = []
    if not evaluation.summary.strip():
        reasons.append(NO_SUMMARY)
    if not evaluation.report:
        reasons.append(NO_REPORT)
    if not evaluation.outcomes.exists():
        reasons.append(NO_OUTCOME)
    return reasons


@guard
def has_rating(evaluation):
    return [] if EvidenceRating.objects.filter(evaluation=evaluation).exists() else [NO_RATING]


def _level_given(evaluation):
    """The Nesta level being given: the rating that evaluation_rate writes before the guards
    run (read from the database, not from a copy cached on the instance); None if none."""
    return (
        EvidenceRating.objects.filter(evaluation=evaluation)
        .values_list("nesta_level", flat=True)
        .first()
    )


@guard
def level_within_design(evaluation):
    """A Nesta level never above what the evaluation's design can show (MAX_NESTA_LEVELS)."""
    level = _level_given(evaluation)
    highest = MAX_NESTA_LEVELS[evaluation.sms_level]
    if level is None or level <= highest:
        return []
    if not evaluation.design:
        return [NO_DESIGN]
    return [LEVEL_ABOVE_DESIGN % {"design": evaluation.get_design_display(), "level": highest}]


@guard
def scaled_evidence(evaluation):
    """Level 5 needs two or more independent replications with positive evaluations and a
    fidelity evaluation (shared/DESIGN.md).

    Essaim does not tie an evaluation to one of the replications of the swarming app (which
    this app may not import); it reads the design's rule in the Nesta standards' own terms,
    from the evaluations of the same initiative whose report is in (submitted or rated,
    the one being rated included): a replication is an impact evaluation marked
    independent whose results are positive (one positive result, no negative result left
    unresolved), as level 4 counts them; two are needed, and an evaluation of kind fidelity.
    """
    if _level_given(evaluation) != NestaLevel.SCALED:
        return []
    reported = Evaluation.objects.filter(
        initiative_id=evaluation.initiative_id, state__in=[State.REPORT_SUBMITTED, State.RATED]
    )
    results = Outcome.objects.filter(evaluation=OuterRef("pk"))
    replications = reported.filter(
        Exists(results.filter(direction=Direction.POSITIVE)),
        ~Exists(results.filter(direction=Direction.NEGATIVE, resolved_at__isnull=True)),
        kind=Kind.IMPACT,
        independent=True,
    ).count()
    reasons = []
    if replications < 2:
        reasons.append(SCALED_NEEDS_REPLICATIONS % {"count": replications})
    if not reported.filter(kind=Kind.FIDELITY).exists():
        reasons.append(SCALED_NEEDS_FIDELITY)
    return reasons


# An initiative's evidence level: the best Nesta level of its rated evaluations.
BEST_LEVEL = Max("rating__nesta_level")


class EvaluationQuerySet(models.QuerySet):
    """What the initiative's chain asks of its evaluations (initiatives/models guards)."""

    def ready_to_start(self):
        """Planned with an evaluator (a person or an external body) and a design."""
        return (
            self.filter(state=State.PLANNED)
            .exclude(design="")
            .filter(Q(evaluator__isnull=False) | ~Q(external_evaluator=""))
        )

    def rated(self):
        return self.filter(state=State.RATED)

    def best_nesta_level(self) -> int:
        """The evidence level these evaluations give: the best Nesta level of the rated ones
        (0 for none). evaluations.selectors.evidence_level annotates initiatives with it."""
        return self.rated().aggregate(best=BEST_LEVEL)["best"] or 0

    def best_nesta_levels(self):
        """The best Nesta level of the rated evaluations, per initiative (`best`)."""
        return self.rated().order_by().values("initiative").annotate(best=BEST_LEVEL)

    def with_unresolved_negative_result(self):
        return (
            self.rated()
            .filter(outcomes__direction=Direction.NEGATIVE, outcomes__resolved_at__isnull=True)
            .distinct()
        )

    def with_null_or_negative_result(self):
        return (
            self.rated()
            .filter(outcomes__direction__in=[Direction.NULL, Direction.NEGATIVE])
            .distinct()
        )

    def for_evaluator(self, user):
        return self.filter(evaluator=user)


def report_path(evaluation, filename):
    return f"evaluations/{evaluation.initiative_id}/{evaluation.pk}/{uuid.uuid4().hex}.pdf"


# Who runs which transition (rules in accelerator/roles.py).
START = object_permission("evaluations.start_evaluation")
SUBMIT = object_permission("evaluations.submit_evaluation")
RATE = object_permission("evaluations.rate_evaluation", explain=roles.rating_conflicts)
CANCEL = object_permission("evaluations.cancel_evaluation")


class Evaluation(ConcurrentTransitionMixin, models.Model):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    kind = models.CharField(_("type d'évaluation"), max_length=20, choices=Kind.choices)
    questions = models.TextField(
        _("questions évaluatives"),
        help_text=_("Ce que l'évaluation doit établir, en quelques questions."),
    )
    design = models.CharField(_("protocole"), max_length=30, choices=Design.choices, blank=True)
    commissioner = models.CharField(
        _("commanditaire"), max_length=200, help_text=_("Qui commande et finance l'évaluation.")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évaluateur·rice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        limit_choices_to={"groups__name": "evaluator"},
    )
    external_evaluator = models.CharField(
        _("organisme évaluateur externe"), max_length=200, blank=True
    )
    independent = models.BooleanField(
        _("évaluation indépendante"),
        default=False,
        help_text=_("Menée par un tiers sans lien avec la structure porteuse."),
    )
    treated_size = models.PositiveIntegerField(
        _("effectif du groupe bénéficiaire"), null=True, blank=True
    )
    comparison_size = models.PositiveIntegerField(
        _("effectif du groupe de comparaison"), null=True, blank=True
    )
    sites = models.PositiveSmallIntegerField(_("nombre de sites"), null=True, blank=True)
    attrition = models.DecimalField(
        _("attrition (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Part des personnes perdues de vue en cours d'évaluation."),
    )
    period_start = models.DateField(_("début de la période évaluée"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période évaluée"), null=True, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cost_per_beneficiary = models.DecimalField(
        _("coût par bénéficiaire (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    summary = models.TextField(_("synthèse des résultats"), blank=True)
    report = models.FileField(_("rapport (PDF)"), upload_to=report_path, blank=True, max_length=255)
    state = FSMField(
        _("état"), default=State.PLANNED, choices=State.choices, protected=True, db_index=True
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("planifiée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("rapport remis le"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="evaluation_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(attrition__isnull=True) | Q(attrition__gte=0, attrition__lte=100),
                name="evaluation_attrition_0_to_100",
                violation_error_message=ATTRITION_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(cost_per_beneficiary__isnull=True) | Q(cost_per_beneficiary__gte=0),
                name="evaluation_cost_not_negative",
                violation_error_message=NEGATIVE_COST,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.initiative}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("La fin de la période ne peut pas précéder son début.")}
            )

    @property
    def sms_level(self):
        return SMS_LEVELS.get(self.design) if self.design else None

    @property
    def evaluator_name(self):
        return str(self.evaluator) if self.evaluator_id else self.external_evaluator

    @property
    def is_editable(self):
        return self.state in (State.PLANNED, State.IN_PROGRESS)

    @logged_transition(
        field=state,
        source=State.PLANNED,
        target=State.IN_PROGRESS,
        permission=START,
        conditions=[ready_to_start],
        custom={
            "service": "evaluation_start",
            "label": _("Démarrer l'évaluation"),
            "order": 1,
            "style": "primary",
        },
    )
    def start(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=State.IN_PROGRESS,
        target=State.REPORT_SUBMITTED,
        permission=SUBMIT,
        conditions=[report_complete],
        custom={
            "service": "evaluation_submit_report",
            "label": _("Remettre le rapport"),
            "order": 1,
            "style": "primary",
        },
    )
    def submit_report(self, by=None, description=None):
        self.submitted_at = timezone.now()

    @logged_transition(
        field=state,
        source=State.REPORT_SUBMITTED,
        target=State.RATED,
        permission=RATE,
        conditions=[has_rating, level_within_design, scaled_evidence],
        custom={
            "service": "evaluation_rate",
            "label": _("Noter la preuve"),
            "order": 1,
            "style": "primary",
            "form": "rating",
            "reason_required": RATIONALE_REQUIRED,
        },
    )
    def rate(self, by=None, description=None):
        pass

    @logged_transition(
        field=state,
        source=[State.PLANNED, State.IN_PROGRESS, State.REPORT_SUBMITTED],
        target=State.CANCELLED,
        permission=CANCEL,
        custom={
            "service": "evaluation_cancel",
            "label": _("Annuler l'évaluation"),
            "reason_required": REASON_REQUIRED,
            "order": 9,
            "style": "danger",
        },
    )
    def cancel(self, by=None, description=None):
        pass


class Outcome(models.Model):
    """One result of an evaluation: an indicator, its horizon, the effect and its direction."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="outcomes")
    indicator = models.CharField(
        _("indicateur"),
        max_length=200,
        help_text=_("Par exemple : taux d'accès à l'emploi durable."),
    )
    horizon = models.CharField(
        _("horizon"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple : 12 mois après l'entrée."),
    )
    effect_size = models.DecimalField(
        _("taille d'effet"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    ci_low = models.DecimalField(
        _("borne basse de l'intervalle de confiance"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
    )
    ci_high = models.DecimalField(
        _("borne haute de l'intervalle de confiance"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
    )
    unit = models.CharField(
        _("unité"), max_length=50, blank=True, help_text=_("Par exemple : points de %, d de Cohen.")
    )
    direction = models.CharField(_("sens de l'effet"), max_length=10, choices=Direction.choices)
    # A negative result must be dealt with (explained, corrected) before validation.
    resolution = models.TextField(_("traitement du résultat négatif"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ci_low__isnull=True)
                | Q(ci_high__isnull=True)
                | Q(ci_low__lte=models.F("ci_high")),
                name="outcome_interval_in_order",
                violation_error_message=INTERVAL_ORDER,
            ),
            # Each bound that is set frames the effect size.
            models.CheckConstraint(
                condition=Q(effect_size__isnull=True)
                | (
                    (Q(ci_low__isnull=True) | Q(ci_low__lte=models.F("effect_size")))
                    & (Q(ci_high__isnull=True) | Q(ci_high__gte=models.F("effect_size")))
                ),
                name="outcome_effect_within_interval",
                violation_error_message=INTERVAL_ORDER,
            ),
        ]

    def __str__(self):
        return self.indicator

    @property
    def is_unresolved_negative(self):
        return self.direction == Direction.NEGATIVE and self.resolved_at is None


class EvidenceRating(models.Model):
    """The committee's rating of an evaluation on the Nesta Standards of Evidence."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="rating")
    nesta_level = models.PositiveSmallIntegerField(
        _("niveau de preuve (Nesta)"), choices=NestaLevel.choices
    )
    sms_level = models.PositiveSmallIntegerField(_("niveau SMS (Maryland)"), null=True, blank=True)
    rationale = models.TextField(_("justification"))
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(_("notée le"), default=timezone.now)

    class Meta:
        verbose_name = _("notation de la preuve")
        verbose_name_plural = _("notations de la preuve")
        constraints = [
            models.CheckConstraint(
                condition=Q(nesta_level__gte=1, nesta_level__lte=5),
                name="rating_nesta_level_1_to_5",
                violation_error_message=LEVEL_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(sms_level__isnull=True) | Q(sms_level__gte=1, sms_level__lte=5),
                name="rating_sms_level_1_to_5",
                violation_error_message=SMS_LEVEL_RANGE,
            ),
        ]

    def __str__(self):
        return self.get_nesta_level_display()

    @property
    def evidence_based(self):
        return self.nesta_level >= EVIDENCE_BASED_LEVEL

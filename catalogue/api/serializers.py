"""What the public sees of each resource, field by field.

Every serializer lists its fields explicitly: a field of a model appears here only when a
public page shows it. Never e-mails, owners, leads, budgets, costs, notes, scorecards,
ratings' rationales, reports, motivations or internal dates (tests/accelerator/test_api.py
compares each resource's keys to these lists, and looks for leaked values).
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.selectors import Level, level_of
from evaluations.models import Evaluation, Outcome
from initiatives.models import EVIDENCE_BASED_LEVEL, Initiative, TargetPublic, Territory, Theme
from swarming.models import Replication


def public_path(initiative) -> str:
    """The initiative's page in the public catalogue (/ce-qui-marche/<pk>-<slug>/)."""
    return reverse("catalogue:initiative", args=[initiative.pk, initiative.slug])


def public_url(initiative, request) -> str:
    path = public_path(initiative)
    return request.build_absolute_uri(path) if request is not None else path


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ("slug", "name")
        read_only_fields = fields


class TargetPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetPublic
        fields = ("slug", "name")
        read_only_fields = fields


class TerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ("code", "name", "kind")
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ("code", "name")
        read_only_fields = fields


class ReferenceTerritorySerializer(serializers.ModelSerializer):
    """A territory of the reference data: a région, or a département and its région."""

    region = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Territory
        fields = ("code", "name", "kind", "region", "cog_year")
        read_only_fields = fields


class ReplicationCountsSerializer(serializers.Serializer):
    organisations = serializers.IntegerField(source="replicating_organisations", read_only=True)
    departments = serializers.IntegerField(source="replicating_departments", read_only=True)


class InitiativeSerializer(serializers.ModelSerializer):
    """An initiative of the catalogue (initiatives from catalogue.api.public.initiatives())."""

    url = serializers.SerializerMethodField(help_text="Sa page dans le catalogue public.")
    level = serializers.SerializerMethodField(help_text="Niveau de diffusion.")
    level_label = serializers.SerializerMethodField()
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    summary = serializers.SerializerMethodField(
        help_text="Le résumé ; pour une expérience inspirante, sa fiche publique."
    )
    themes = ThemeSerializer(many=True, read_only=True)
    target_publics = TargetPublicSerializer(many=True, read_only=True)
    territories = TerritorySerializer(many=True, read_only=True)
    carrier = serializers.CharField(
        source="carrier.name", read_only=True, allow_null=True, default=None
    )
    evidence_level = serializers.IntegerField(
        source="public_evidence_level",
        read_only=True,
        help_text="Le meilleur niveau de preuve (Nesta, 1 à 5) de ses évaluations notées ; "
        "0 si aucune.",
    )
    evidence_based = serializers.SerializerMethodField(
        help_text=f"Fondée sur la preuve : niveau {EVIDENCE_BASED_LEVEL} ou plus."
    )
    replications = ReplicationCountsSerializer(source="*", read_only=True)
    updated_on = serializers.SerializerMethodField(
        help_text="Date de son dernier changement public (étape, fiche publiée)."
    )

    class Meta:
        model = Initiative
        fields = (
            "id",
            "title",
            "url",
            "level",
            "level_label",
            "stage_label",
            "summary",
            "problem",
            "themes",
            "target_publics",
            "territories",
            "carrier",
            "evidence_level",
            "evidence_based",
            "replications",
            "updated_on",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, initiative) -> str:
        return public_url(initiative, self.context.get("request"))

    @extend_schema_field(serializers.ChoiceField(choices=Level.CHOICES))
    def get_level(self, initiative):
        return level_of(initiative)

    def get_level_label(self, initiative) -> str:
        return str(dict(Level.CHOICES)[level_of(initiative)])

    def get_summary(self, initiative) -> str:
        if level_of(initiative) == Level.INSPIRATION:
            return initiative.public_sheet
        return initiative.summary

    def get_evidence_based(self, initiative) -> bool:
        return initiative.public_evidence_level >= EVIDENCE_BASED_LEVEL

    @extend_schema_field(OpenApiTypes.DATE)
    def get_updated_on(self, initiative):
        return timezone.localdate(initiative.public_updated_at).isoformat()


class OutcomeSerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)

    class Meta:
        model = Outcome
        fields = (
            "indicator",
            "horizon",
            "effect_size",
            "ci_low",
            "ci_high",
            "unit",
            "direction",
            "direction_label",
        )
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    """The public results of a rated evaluation (from catalogue.api.public.evaluations())."""

    initiative = serializers.IntegerField(source="initiative_id", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    design_label = serializers.CharField(source="get_design_display", read_only=True)
    sms_level = serializers.SerializerMethodField(
        help_text="Niveau de l'échelle de Maryland (1 à 5) ; vide pour une évaluation de processus."
    )
    nesta_level = serializers.IntegerField(source="rating.nesta_level", read_only=True)
    nesta_label = serializers.CharField(source="rating.get_nesta_level_display", read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = (
            "id",
            "initiative",
            "kind",
            "kind_label",
            "design",
            "design_label",
            "sms_level",
            "independent",
            "treated_size",
            "comparison_size",
            "period_start",
            "period_end",
            "nesta_level",
            "nesta_label",
            "outcomes",
        )
        read_only_fields = fields

    def get_sms_level(self, evaluation) -> int | None:
        """The level the committee retained, else the one the design reaches."""
        if evaluation.rating.sms_level is not None:
            return evaluation.rating.sms_level
        return evaluation.sms_level


class ReplicationSerializer(serializers.ModelSerializer):
    """A public replication (from catalogue.api.public.replications())."""

    initiative = serializers.IntegerField(source="initiative_id", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    territory = TerritorySerializer(read_only=True)
    region = serializers.SerializerMethodField()
    strategy_label = serializers.CharField(source="get_strategy_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    agreement_year = serializers.SerializerMethodField(
        help_text="Année de signature de la convention."
    )

    class Meta:
        model = Replication
        fields = (
            "id",
            "initiative",
            "organisation",
            "territory",
            "region",
            "strategy",
            "strategy_label",
            "state",
            "state_label",
            "agreement_year",
        )
        read_only_fields = fields

    @extend_schema_field(RegionSerializer(allow_null=True))
    def get_region(self, replication):
        territory = replication.territory
        region = territory if territory.kind == Territory.Kind.REGION else territory.parent
        return RegionSerializer(region).data if region is not None else None

    def get_agreement_year(self, replication) -> int | None:
        signed = replication.agreement_signed_on
        return signed.year if signed else None

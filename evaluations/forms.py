from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accelerator import roles
from initiatives.models import EVIDENCE_BASED_LEVEL, Territory

from .models import (
    ATTRITION_RANGE,
    INTERVAL_ORDER,
    NEGATIVE_COST,
    NESTA_DEFINITIONS,
    Design,
    Direction,
    Evaluation,
    Kind,
    NestaLevel,
    Outcome,
)
from .selectors import suggestions

NEGATIVE_SIZE = _("Un effectif ne peut pas être négatif.")
PERIOD_ORDER = _("La fin de la période ne peut pas précéder son début.")
INTERVAL_NEEDED = _(
    "Une taille d'effet s'accompagne de son intervalle de confiance : indiquez ses deux bornes."
)
EFFECT_NEEDED = _("Indiquez la taille d'effet que cet intervalle encadre.")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "kind",
            "questions",
            "design",
            "commissioner",
            "evaluator",
            "external_evaluator",
            "independent",
            "period_start",
            "period_end",
            "territory",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "design": forms.RadioSelect,
            "questions": forms.Textarea(attrs={"rows": 3}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions(initiative)
        self.fields["evaluator"].queryset = (
            get_user_model().objects.filter(groups__name=roles.EVALUATOR).order_by("last_name")
        )
        self.fields["evaluator"].empty_label = _("— aucun·e (organisme externe) —")
        self.fields["design"].choices = [
            (value, self._mark(value, label)) for value, label in Design.choices
        ]
        self.fields["kind"].choices = [
            (value, self._mark(value, label, "kinds")) for value, label in Kind.choices
        ]
        self.fields["territory"].queryset = Territory.objects.order_by("kind", "code")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("design", self.suggestions["designs"][0])
            self.initial.setdefault("kind", self.suggestions["kinds"][0])

    def _mark(self, value, label, key="designs"):
        if value in self.suggestions[key]:
            # The badge agrees with what it marks: every kind is an "évaluation"; the designs'
            # labels mix genders, so the badge names the field's own noun, "protocole".
            badge = _("suggérée") if key == "kinds" else _("protocole suggéré")
            return format_html('{} <strong class="suggested">{}</strong>', label, badge)
        return label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", PERIOD_ORDER)
        return cleaned


class ResultsForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "treated_size",
            "comparison_size",
            "sites",
            "attrition",
            "period_start",
            "period_end",
            "territory",
            "cost_per_beneficiary",
            "summary",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("treated_size", "comparison_size", "sites"):
            self.fields[name].error_messages["min_value"] = NEGATIVE_SIZE
            self.fields[name].widget.attrs["min"] = "0"
        # The same words as the database's constraints (Evaluation.Meta.constraints).
        self.fields["attrition"].error_messages.update(
            min_value=ATTRITION_RANGE, max_value=ATTRITION_RANGE
        )
        self.fields["cost_per_beneficiary"].error_messages["min_value"] = NEGATIVE_COST
        self.fields["territory"].queryset = Territory.objects.order_by("kind", "code")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", PERIOD_ORDER)
        return cleaned


class OutcomeForm(forms.ModelForm):
    prefix = "outcome"

    class Meta:
        model = Outcome
        fields = ["indicator", "horizon", "direction", "effect_size", "ci_low", "ci_high", "unit"]
        widgets = {"direction": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = Direction.choices

    def clean(self):
        cleaned = super().clean()
        effect, low, high = (cleaned.get(k) for k in ("effect_size", "ci_low", "ci_high"))
        if effect is not None:
            if low is None or high is None:
                self.add_error("ci_low" if low is None else "ci_high", INTERVAL_NEEDED)
            elif not low <= effect <= high:
                self.add_error("ci_low", INTERVAL_ORDER)
        elif low is not None or high is not None:
            self.add_error("effect_size", EFFECT_NEEDED)
        return cleaned


class ReportForm(forms.Form):
    report = forms.FileField(
        label=_("Rapport d'évaluation"),
        help_text=_("Un fichier PDF, 20 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


def _nesta_choice(level):
    evidence = ""
    if level >= EVIDENCE_BASED_LEVEL:
        evidence = format_html(
            ' <span class="label label--evidence">{}</span>', _("Fondé sur la preuve")
        )
    return format_html(
        '<span class="nesta__title">{}</span>{} <span class="muted nesta__definition">{}</span>',
        level.label,
        evidence,
        NESTA_DEFINITIONS[level],
    )


class RatingForm(forms.Form):
    nesta_level = forms.TypedChoiceField(
        label=_("Niveau de preuve (Standards of Evidence de Nesta)"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(level.value, _nesta_choice(level)) for level in NestaLevel],
    )
    rationale = forms.CharField(
        label=_("Justification"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible sur l'historique de l'initiative et par le porteur de projet."),
    )

    def service_arguments(self):
        """What evaluation_rate takes from the rating (see accelerator.transition_views)."""
        return {
            "nesta_level": self.cleaned_data.get("nesta_level"),
            "reason": self.cleaned_data.get("rationale", ""),
        }


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Comment ce résultat négatif a-t-il été traité ?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

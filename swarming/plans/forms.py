from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.forms import TerritoryChoiceField
from initiatives.models import Territory

from ..models import NEGATIVE_BUDGET, ScaleUpPlan

NO_TERRITORY = _("Choisissez au moins un territoire visé : une région ou un département.")


class PlanForm(forms.ModelForm):
    """The carrier's plan to extend the initiative: where, with what budget, by which steps."""

    target_territories = TerritoryChoiceField(
        queryset=Territory.objects.order_by("kind", "code").select_related("parent"),
        label=_("territoires visés"),
        help_text=_(
            "Les régions ou départements où l'initiative s'étendra (Ctrl ou Cmd pour en choisir "
            "plusieurs)."
        ),
        error_messages={"required": NO_TERRITORY},
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    budget = forms.DecimalField(
        label=_("budget (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": NEGATIVE_BUDGET},
        help_text=_("Le budget total du changement d'échelle, en euros."),
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
    )

    class Meta:
        model = ScaleUpPlan
        fields = ["target_territories", "budget", "milestones"]
        widgets = {"milestones": forms.Textarea(attrs={"rows": 6})}

    def data_for_service(self):
        """What plan_create takes: the plan's fields, and its territories apart."""
        return (
            {"budget": self.cleaned_data["budget"], "milestones": self.cleaned_data["milestones"]},
            self.cleaned_data["target_territories"],
        )

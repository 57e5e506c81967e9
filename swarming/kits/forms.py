"""Forms of the transfer kits and of the carrier's consent."""

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accelerator.uploads import DOCUMENT_KINDS, megabytes

from ..models import KIT_SECTIONS, REQUIRED_SECTIONS, KitIndicator, KitInvariant, TransferKit

NEEDED_TO_PUBLISH = _("Nécessaire pour publier.")
EDITED_MEANWHILE = _(
    "Quelqu'un d'autre a enregistré ce brouillon pendant que vous l'écriviez : vos "
    "modifications n'ont pas été enregistrées. Copiez ce que vous avez écrit, rechargez la page "
    "et reprenez-le."
)


class KitForm(forms.ModelForm):
    """All the sections of a draft kit, in fieldsets."""

    sections = [
        (_("Le projet"), ["project_sheet"]),
        (
            _("La méthode : ce qui ne change pas, ce qui s'adapte"),
            ["theory_of_change", "adaptable_parts", "methodological_guide"],
        ),
        (_("Modèle économique"), ["economic_model", "template_budget"]),
        (
            _("Conditions de réussite"),
            ["success_conditions", "territorial_prerequisites"],
        ),
        (_("Formation et suivi"), ["training_plan", "monitoring_indicators"]),
        (_("Licence et convention"), ["licence_terms"]),
    ]

    # The version's last save the writer saw: a save made since by someone else is not
    # overwritten.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TransferKit
        fields = KIT_SECTIONS
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in KIT_SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_SECTIONS:
            field = self.fields[name]
            field.help_text = (
                format_lazy("{} {}", field.help_text, NEEDED_TO_PUBLISH)
                if field.help_text
                else NEEDED_TO_PUBLISH
            )
        if self.instance.pk and not self.is_bound:
            self.initial["seen"] = self.instance.updated_at.isoformat()

    def field_sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.sections]

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen")
        if seen and self.instance.pk and seen != self.instance.updated_at.isoformat():
            raise forms.ValidationError(EDITED_MEANWHILE, code="edited_meanwhile")
        return cleaned

    def sections_data(self):
        return {name: self.cleaned_data[name] for name in KIT_SECTIONS}


class InvariantForm(forms.ModelForm):
    prefix = "invariant"

    class Meta:
        model = KitInvariant
        fields = ["label", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "label": _("Par exemple : un accompagnement individuel d'au moins six mois."),
            "description": _("Pourquoi la méthode ne fonctionne pas sans lui."),
        }


class IndicatorForm(forms.ModelForm):
    prefix = "indicator"

    class Meta:
        model = KitIndicator
        fields = ["label", "unit", "reference_value", "reference_note"]
        widgets = {"reference_value": forms.NumberInput(attrs={"step": "any"})}
        help_texts = {
            "label": _("Par exemple : taux d'accès à l'emploi durable à 12 mois."),
            "unit": _("Par exemple : %, points de %, personnes."),
            "reference_value": _("Le résultat de l'initiative d'origine, pour comparer."),
            "reference_note": _("D'où vient ce résultat : l'évaluation, sa date, son horizon."),
        }


class ToolForm(forms.Form):
    prefix = "tool"

    file = forms.FileField(
        label=_("Ajouter un outil"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,.png,.jpg,.jpeg"},
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Un formulaire, un modèle, un guide : %(formats)s, %(limit)s au plus."
        ) % {
            "formats": ", ".join(kind.label for kind in DOCUMENT_KINDS),
            "limit": megabytes(settings.ATTACHMENT_MAX_BYTES),
        }


class ConsentForm(forms.Form):
    terms = forms.CharField(
        label=_("Conditions de l'accord"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Ce que la structure porteuse accepte : diffusion de la méthode, formation des "
            "structures partenaires, licence, usage de son nom…"
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je donne, au nom de la structure porteuse, son accord pour que la méthode soit "
            "essaimée à ces conditions."
        ),
        error_messages={"required": _("Cochez la case pour confirmer votre accord.")},
    )

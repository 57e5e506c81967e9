from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accelerator.uploads import check_upload

from .models import REASON_REQUIRED, Call, Criterion, Initiative, Note, Organisation, Territory
from .selectors import staff_members
from .validators import normalise_siret, validate_siret

EMAIL_TAKEN = _("Un compte existe déjà avec cette adresse e-mail : connectez-vous.")
NEGATIVE_AMOUNT = _("Le montant ne peut pas être négatif.")


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email", "first_name", "last_name")
        labels = {"first_name": _("prénom"), "last_name": _("nom")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


def departments():
    return Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by("code")


class OrganisationForm(forms.ModelForm):
    prefix = "organisation"

    # Wider than the 14 stored digits: people type SIRETs with spaces.
    siret = forms.CharField(
        label=_("SIRET"), max_length=20, required=False, help_text=_("14 chiffres, facultatif.")
    )

    class Meta:
        model = Organisation
        fields = ("name", "siret", "legal_form", "not_for_profit", "territory")
        labels = {
            "name": _("nom de la structure"),
            "territory": _("département du siège"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = departments()

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data.get("siret", ""))
        validate_siret(siret)
        return siret


class TerritoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.kind == Territory.Kind.REGION:
            return _("Région %(name)s") % {"name": obj.name}
        return str(obj)


class InitiativeForm(forms.ModelForm):
    """The initiative's submission form, in sections. A draft may be saved at any time:
    only the title is needed then; submission checks the rest."""

    sections = [
        (_("L'initiative"), ["title", "summary", "problem", "call"]),
        (_("Publics et territoires"), ["target_publics", "themes", "territories"]),
        (_("Structure porteuse"), ["carrier"]),
        (_("Méthode et résultats attendus"), ["maturity", "theory_of_change", "expected_outcomes"]),
        (_("Budget"), ["budget", "cost_per_beneficiary"]),
    ]

    territories = TerritoryChoiceField(
        queryset=Territory.objects.order_by("kind", "code").select_related("parent"),
        required=False,
        label=_("territoires d'intervention"),
        help_text=_(
            "Une ou plusieurs régions ou départements (Ctrl ou Cmd pour en choisir plusieurs)."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "problem",
            "call",
            "target_publics",
            "themes",
            "territories",
            "carrier",
            "maturity",
            "theory_of_change",
            "expected_outcomes",
            "budget",
            "cost_per_beneficiary",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "theory_of_change": forms.Textarea(attrs={"rows": 6}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 4}),
            "target_publics": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "maturity": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].queryset = Organisation.objects.filter(members=user)
        self.fields["carrier"].empty_label = _("— choisir la structure —")
        today = timezone.localdate()
        open_calls = Q(opens_on__lte=today, closes_on__gte=today)
        if self.instance.call_id:
            open_calls |= Q(pk=self.instance.call_id)
        self.fields["call"].queryset = Call.objects.filter(open_calls)
        self.fields["call"].empty_label = _("— hors appel —")
        self.fields["maturity"].choices = list(self.fields["maturity"].choices)[1:]
        for name in ("budget", "cost_per_beneficiary"):
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})
        for name in Initiative.REQUIRED_FOR_SUBMISSION:
            self.fields[name].required_for_submission = True

    def clean(self):
        cleaned = super().clean()
        for name in ("budget", "cost_per_beneficiary"):
            value = cleaned.get(name)
            if value is not None and value < 0:
                self.add_error(name, NEGATIVE_AMOUNT)
        return cleaned

    def field_sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.sections]

    def split(self):
        """The cleaned data as plain fields and many-to-many fields, for the services."""
        m2m_names = {"target_publics", "themes", "territories"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in m2m_names}
        m2m = {k: v for k, v in self.cleaned_data.items() if k in m2m_names}
        return data, m2m


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Ajouter une pièce jointe"),
        help_text=_("PDF, DOCX, ODT, PNG ou JPEG, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.png,.jpg,.jpeg"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


# Triage (staff)


class ScorecardForm(forms.Form):
    """The identification scorecard: each criterion of the call scored 0 to 3, commented."""

    SCORES = [("", "—"), *[(str(n), str(n)) for n in range(4)]]

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {}
        if initiative is not None:
            existing = {s.criterion: s for s in initiative.identification_scores.all()}
        for criterion in Criterion:
            previous = existing.get(criterion.value)
            self.fields[f"{criterion.value}_score"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=self.SCORES,
                coerce=int,
                required=False,
                initial=previous.score if previous else "",
            )
            self.fields[f"{criterion.value}_comment"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                max_length=2000,
                initial=previous.comment if previous else "",
                # The visible label is the column's; the accessible name says which criterion.
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "aria-label": _("Commentaire sur « %(criterion)s »")
                        % {"criterion": criterion.label},
                    }
                ),
            )

    def rows(self):
        return [
            (criterion, self[f"{criterion.value}_score"], self[f"{criterion.value}_comment"])
            for criterion in Criterion
        ]

    def service_arguments(self):
        """What initiative_identify takes from the scorecard (see accelerator.transition_views)."""
        return {"scores": self.scores()}

    def scores(self):
        """Criterion -> (score, comment), for the criteria given a score."""
        result = {}
        for criterion in Criterion:
            score = self.cleaned_data.get(f"{criterion.value}_score")
            if score not in (None, ""):
                result[criterion] = (score, self.cleaned_data.get(f"{criterion.value}_comment", ""))
        return result

    def total(self):
        if not self.is_bound or not self.is_valid():
            return sum(int(self[f"{c.value}_score"].value() or 0) for c in Criterion)
        return sum(score for score, _comment in self.scores().values())


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Note.Kind.choices,
        initial=Note.Kind.INTERNAL,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Texte"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LeadForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Référent·e"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— personne —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = staff_members()


class BulkForm(LeadForm):
    """A bulk action on the initiatives ticked on the board."""

    ASSIGN = "assign_lead"
    DECLINE = "decline"

    action = forms.ChoiceField(
        label=_("Action groupée"),
        choices=[(ASSIGN, _("Attribuer un·e référent·e")), (DECLINE, _("Décliner"))],
    )
    ids = forms.ModelMultipleChoiceField(
        queryset=Initiative.objects.all(),
        error_messages={"required": _("Cochez au moins une initiative.")},
    )
    reason = forms.CharField(
        label=_("Motif du refus (envoyé à chaque porteur)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # On the board, beside the filters, which have a "lead" field too: ids of its own
        # (id_bulk_lead, not a second id_lead), so that each label names its own field.
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", REASON_REQUIRED)
        return cleaned

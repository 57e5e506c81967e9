"""Forms of the partners' space and of a replication's page."""

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from initiatives.forms import departments
from initiatives.models import Organisation

from ..models import ALREADY_REPLICATING, Fidelity, Strategy, live_replication

# Avise's typology, in one line each: what the partner commits to with each strategy.
STRATEGY_HELP = {
    Strategy.OPEN_FERTILISATION: _(
        "Vous vous inspirez librement de la méthode et de ses outils diffusés, sans lien formel "
        "avec la structure d'origine."
    ),
    Strategy.FORMAL_FERTILISATION: _(
        "La structure d'origine vous transmet son savoir-faire par une convention (formation, "
        "accompagnement), puis vous menez le projet en toute indépendance."
    ),
    Strategy.FLEXIBLE_DUPLICATION: _(
        "Vous rejoignez un réseau lié par une charte ou une marque commune : les invariants sont "
        "partagés, le reste s'adapte à votre territoire."
    ),
    Strategy.SOCIAL_FRANCHISE: _(
        "Vous reproduisez le modèle sous contrat de franchise : marque, cahier des charges, "
        "accompagnement continu et contrôle de la qualité."
    ),
    Strategy.CENTRALISED_DUPLICATION: _(
        "La structure d'origine ouvre et pilote elle-même une antenne sur votre territoire, "
        "avec votre concours."
    ),
}
STRATEGY_OUTSIDE_TYPOLOGY = _(
    "Choisissez l'une des cinq stratégies d'essaimage proposées (typologie de l'Avise)."
)
NO_ORGANISATION = _("Choisissez l'une de vos structures.")
NOT_A_DEPARTMENT = _("Choisissez un département dans la liste.")
NOT_A_NUMBER = _("Indiquez un nombre, par exemple 42 ou 12,5.")
NOT_A_DATE = _("Indiquez une date valide, par exemple 15/03/2026.")
IN_THE_FUTURE = _("Cette date est dans le futur : indiquez une date passée ou celle du jour.")
FIDELITY_NEEDED = _("Indiquez comment cet invariant est respecté.")
INDICATOR_NOT_IN_KIT = _("Choisissez l'un des indicateurs partagés du kit.")


def _strategy_choice(strategy):
    return format_html(
        '<span class="strategy__title">{}</span> <span class="muted strategy__help">{}</span>',
        strategy.label,
        STRATEGY_HELP[strategy],
    )


def _date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": NOT_A_DATE},
        **kwargs,
    )


class NotInFutureMixin:
    """Reports are about what happened: their date is not in the future."""

    date_fields = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            day = cleaned.get(name)
            if day is not None and day > timezone.localdate():
                self.add_error(name, IN_THE_FUTURE)
        return cleaned


class InterestForm(forms.Form):
    """A partner organisation declares its interest in taking an initiative up."""

    organisation = forms.ModelChoiceField(
        label=_("structure partenaire"),
        queryset=Organisation.objects.none(),
        empty_label=_("— choisir la structure —"),
        error_messages={"invalid_choice": NO_ORGANISATION},
    )
    territory = forms.ModelChoiceField(
        label=_("territoire de la réplication"),
        queryset=departments(),
        empty_label=_("— choisir le département —"),
        help_text=_("Le département où votre structure reprendrait la méthode."),
        error_messages={"invalid_choice": NOT_A_DEPARTMENT},
    )
    strategy = forms.ChoiceField(
        label=_("stratégie d'essaimage envisagée"),
        choices=[(strategy.value, _strategy_choice(strategy)) for strategy in Strategy],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": STRATEGY_OUTSIDE_TYPOLOGY},
    )
    motivation = forms.CharField(
        label=_("motivation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Pourquoi cette initiative, pour quels publics, avec quels partenaires locaux et "
            "quels moyens."
        ),
    )

    def __init__(self, *args, user, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        organisations = Organisation.objects.filter(members=user).order_by("name")
        self.fields["organisation"].queryset = organisations
        # Rebuilt per form: the labels are translated in the language of the request.
        self.fields["strategy"].choices = [
            (strategy.value, _strategy_choice(strategy)) for strategy in Strategy
        ]
        if not self.is_bound and len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0].pk)

    def clean(self):
        cleaned = super().clean()
        organisation, territory = cleaned.get("organisation"), cleaned.get("territory")
        if organisation is not None and territory is not None:
            found = live_replication(
                initiative=self.initiative, organisation=organisation, territory=territory
            )
            if found is not None:
                self.add_error(
                    "territory",
                    forms.ValidationError(ALREADY_REPLICATING, code="already_replicating"),
                )
        return cleaned


class AgreementForm(forms.Form):
    """What the "convention signée" transition writes: the date of the signature."""

    signed_on = _date_field(
        _("convention signée le"),
        required=False,  # its absence is refused by the transition's guard, which says why
    )

    def clean_signed_on(self):
        day = self.cleaned_data.get("signed_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(IN_THE_FUTURE, code="future")
        return day

    def service_arguments(self):
        """What replication_agree takes (see accelerator.transition_views)."""
        return {"signed_on": self.cleaned_data.get("signed_on")}


class MilestoneForm(NotInFutureMixin, forms.Form):
    prefix = "milestone"
    date_fields = ("reached_on",)

    title = forms.CharField(label=_("jalon"), max_length=200)
    reached_on = _date_field(_("atteint le"))
    note = forms.CharField(
        label=_("commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FidelityForm(NotInFutureMixin, forms.Form):
    """One status and a comment for each invariant of the kit version, at a date."""

    prefix = "fidelity"
    date_fields = ("reported_on",)

    reported_on = _date_field(_("date du constat"))

    def __init__(self, *args, invariants, **kwargs):
        super().__init__(*args, **kwargs)
        self.invariants = list(invariants)
        for invariant in self.invariants:
            self.fields[f"status_{invariant.pk}"] = forms.ChoiceField(
                label=invariant.label,
                choices=Fidelity.choices,
                widget=forms.RadioSelect,
                error_messages={"required": FIDELITY_NEEDED},
            )
            self.fields[f"comment_{invariant.pk}"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "aria-label": _("Commentaire sur « %(invariant)s »")
                        % {"invariant": invariant.label},
                    }
                ),
            )

    def rows(self):
        return [
            (invariant, self[f"status_{invariant.pk}"], self[f"comment_{invariant.pk}"])
            for invariant in self.invariants
        ]

    def statuses(self):
        """Invariant -> (status, comment), as the service takes them."""
        return {
            invariant: (
                self.cleaned_data[f"status_{invariant.pk}"],
                self.cleaned_data.get(f"comment_{invariant.pk}", "").strip(),
            )
            for invariant in self.invariants
        }


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.unit})" if obj.unit else obj.label


class IndicatorForm(NotInFutureMixin, forms.Form):
    prefix = "indicator"
    date_fields = ("measured_on",)

    indicator = IndicatorChoiceField(
        label=_("indicateur partagé"),
        queryset=None,
        empty_label=_("— choisir l'indicateur —"),
        error_messages={"invalid_choice": INDICATOR_NOT_IN_KIT},
    )
    value = forms.DecimalField(
        label=_("valeur mesurée"),
        max_digits=12,
        decimal_places=3,
        localize=True,  # "12,5" as French readers type it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": NOT_A_NUMBER},
    )
    measured_on = _date_field(_("mesurée le"))
    comment = forms.CharField(
        label=_("commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = kit.indicators.all()

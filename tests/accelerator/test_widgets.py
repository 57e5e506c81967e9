"""The widgets written in Python (accelerator.widgets) write what Django's templates write."""

from html import escape

import django_filters
import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from accelerator.widgets import FastSelect, TemplateSelect, use_fast_widgets
from initiatives.models import Territory, Theme

CHOICES = [
    ("", "—"),
    ("a&b", 'Quotes " and <tags>'),
    ("safe", mark_safe("<em>marked safe</em>")),
    ("lazy", gettext_lazy("Toutes")),
    ("Group <1>", [("g1", "One & one"), ("g2", "Two")]),
    (3, 4),
]


class Everything(forms.Form):
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    required = forms.ChoiceField(choices=CHOICES, help_text="Aide <b>")
    text = forms.CharField(
        required=False, max_length=10, widget=forms.TextInput(attrs={"placeholder": "x'y"})
    )
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    number = forms.IntegerField(required=False, disabled=True)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput)


DATA = [
    {},
    {
        "choice": "a&b",
        "required": "g2",
        "text": '<"&>',
        "search": "ok",
        "day": "2025-06-03",
        "hidden": "/suivi/?q=a&b",
        "body": "Ligne <1>\nLigne 2",
    },
    {"choice": "3", "required": "nope", "text": "far too long here", "day": "notadate"},
]


def html(form):
    return [str(field) for field in form]


@pytest.mark.parametrize("data", DATA)
def test_template_select_and_the_renderer_write_django_s_html(data):
    django = Everything(data or None, initial={"text": "initial"})
    fast = Everything(data or None, initial={"text": "initial"})
    use_fast_widgets(fast, select=TemplateSelect)
    assert isinstance(fast.fields["choice"].widget, TemplateSelect)
    assert html(fast) == html(django)


def fast_select_html(name, value, choices, attrs):
    """FastSelect's layout: Django's select, its options on one line, name last."""
    widget = forms.Select(attrs=attrs, choices=choices)
    reference = widget.render(name, value, {"id": f"id_{name}"})
    lines = [line.strip() for line in reference.splitlines()]
    opening = lines[0].replace(f'<select name="{name}"', "<select", 1)
    return f'{opening[:-1]} name="{name}">' + "".join(lines[1:])


@pytest.mark.parametrize("value", [None, "", "a&b", "g2", 3, "unknown"])
def test_fast_select_writes_the_options_of_django_s_select_on_one_line(value):
    fast = FastSelect(attrs={"class": "x"}, choices=CHOICES)
    assert fast.render("pick", value, {"id": "id_pick"}) == fast_select_html(
        "pick", value, CHOICES, {"class": "x"}
    )


class Territories(django_filters.FilterSet):
    territory = django_filters.ModelChoiceFilter(
        queryset=Territory.objects.order_by("code"), empty_label="Tous", null_label="Aucun"
    )
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.all())


@pytest.mark.django_db
def test_fast_select_reads_model_choices_in_one_query(django_assert_num_queries):
    territory = Territory.objects.order_by("code").last()
    django = Territories({"territory": territory.pk}, Territory.objects.none()).form
    fast = Territories({"territory": territory.pk}, Territory.objects.none()).form
    use_fast_widgets(fast)
    assert django.is_valid() and fast.is_valid()
    for name in ("territory", "theme"):
        choices = list(django.fields[name].choices)
        expected = fast_select_html(
            name, django[name].value(), [(str(value), label) for value, label in choices], {}
        )
        with django_assert_num_queries(1):
            assert str(fast[name]) == expected
    selected = f'<option value="{territory.pk}" selected>{escape(str(territory))}</option>'
    assert selected in str(fast["territory"])
    assert '<option value="null">Aucun</option>' in str(fast["territory"])

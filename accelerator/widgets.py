"""Form widgets written in Python, for the pages that render many of them (the board).

Django renders each widget with a template, and each <option> of a <select> with a
template of its own: a hundred départements cost a hundred template renders on every page
of the board. Here Python writes the same HTML.
"""

import html
from pathlib import Path

import django_filters.fields
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe

# The choices of a ModelChoiceField: Django's, and django-filters' (with its "null" choice).
MODEL_CHOICES = (forms.models.ModelChoiceIterator, django_filters.fields.ModelChoiceIterator)
WIDGETS = "django/forms/widgets/"
# Autoescape on, localisation and time zone as in the widget templates.
_CONTEXT = Context()


def _escaped(value):
    """conditional_escape(value), as a plain str."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _variable(value):
    """`{{ value }}` in a widget template: localised, escaped unless marked safe."""
    if type(value) is str:
        return html.escape(value)
    return str(render_value_in_context(value, _CONTEXT))


def _string(value):
    """`{{ value|stringformat:'s' }}` in a widget template."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):  # stringformat is is_safe: what is safe stays so
        return str(value)
    return html.escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_variable(name)}" if value is True else f' {_variable(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _model_choices(choices):
    """What iterating `choices` (of MODEL_CHOICES) gives, as (value, label): the rows are
    read in one fetch rather than through a server-side cursor (DECLARE, FETCH and CLOSE:
    three round trips on PostgreSQL), and the value is not wrapped in a
    ModelChoiceIteratorValue (whose str() is the same)."""
    field = choices.field
    if field.empty_label is not None:
        yield ("", field.empty_label)
    if getattr(field, "null_label", None) is not None:  # django-filters
        yield (field.null_value, field.null_label)
    for obj in choices.queryset.all():
        yield (field.prepare_value(obj), field.label_from_instance(obj))


class FastSelect(forms.Select):
    """A <select> whose options are written in Python, all on one line."""

    def groups(self, value):
        """The options as ChoiceWidget.optgroups gives them, without a dict for each:
        (group name or None, [(value, label, selected), …]) for each group."""
        values = self.format_value(value)
        choices = self.choices
        if type(choices) in MODEL_CHOICES:
            choices = _model_choices(choices)
        has_selected = False
        for option_value, option_label in choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, group = option_value, option_label
            else:
                group_name, group = None, ((option_value, option_label),)
            options = []
            for subvalue, sublabel in group:
                selected = not has_selected and str(subvalue) in values
                has_selected |= selected
                options.append((subvalue, sublabel, selected))
            yield group_name, options

    def render(self, name, value, attrs=None, renderer=None):
        parts = []
        for group_name, options in self.groups(value):
            rows = "".join(
                f'<option value="{_escaped(option)}"{" selected" if selected else ""}>'
                f"{_escaped(label)}</option>"
                for option, label, selected in options
            )
            if group_name:
                rows = f'<optgroup label="{_escaped(group_name)}">{rows}</optgroup>'
            parts.append(rows)
        attrs = {**self.build_attrs(self.attrs, attrs), "name": name}
        return mark_safe(f"<select{flatatt(attrs)}>{''.join(parts)}</select>")


class TemplateSelect(FastSelect):
    """A <select> written in Python as Django's templates write it (select.html and
    select_option.html: an option a line)."""

    def render(self, name, value, attrs=None, renderer=None):
        templates = (WIDGETS + "select.html", self.option_template_name)
        if not all(FAST_RENDERER.is_original(template) for template in templates):
            return forms.Select.render(self, name, value, attrs, renderer)
        parts = [f'<select name="{_variable(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>']
        for group_name, options in self.groups(value):
            if group_name:
                parts.append(f'\n  <optgroup label="{_variable(group_name)}">')
            parts.extend(
                f'\n  <option value="{_string(option)}"{" selected" if selected else ""}>'
                f"{_variable(label)}</option>\n"
                for option, label, selected in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def use_fast_selects(form, widget=FastSelect):
    """Give every plain <select> of `form` the `widget` (FastSelect or TemplateSelect)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = widget(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            fast.is_required = field.widget.is_required
            field.widget = fast


# --- The other widget templates, written in Python ---------------------------------------
#
# Each function writes what its template renders, the final newline included (as an
# {% include %} of it leaves it); the renderer strips the result, as Django's does. Those
# that include others get `written`, which gives the function of a template name.


class _NotWritten(Exception):
    """A template that only the template engine renders."""


def _input(widget, written):
    # django/forms/widgets/input.html
    value = widget["value"]
    shown = f' value="{_string(value)}"' if value is not None else ""
    return (
        f'<input type="{_variable(widget["type"])}" name="{_variable(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _including_input(widget, written):
    # text.html, hidden.html, date.html…: {% include "django/forms/widgets/input.html" %}
    return written(WIDGETS + "input.html")(widget, written) + "\n"


def _textarea(widget, written):
    # django/forms/widgets/textarea.html
    value = _variable(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_variable(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>\n"
    )


def _range(widget, written):
    # django_filters/widgets/multiwidget.html (RangeWidget, DateRangeWidget…)
    return (
        "".join(
            written(subwidget["template_name"])(subwidget, written) + ("-" if index == 0 else "")
            for index, subwidget in enumerate(widget["subwidgets"])
        )
        + "\n"
    )


_INCLUDING_INPUT = (
    "text",
    "search",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "tel",
    "color",
)
WRITTEN = {
    WIDGETS + "input.html": _input,
    **{f"{WIDGETS}{kind}.html": _including_input for kind in _INCLUDING_INPUT},
    WIDGETS + "textarea.html": _textarea,
    "django_filters/widgets/multiwidget.html": _range,
}
# Where the templates written here come from: a file of the same name elsewhere (an app's
# override) is left to the template engine.
ORIGINALS = (
    Path(forms.__file__).parent / "templates",
    Path(django_filters.__file__).parent / "templates",
)


class FastRenderer(DjangoTemplates):
    """Django's form renderer, with the widget templates of WRITTEN written in Python
    (same HTML).

    Widgets compute their context as usual; only those templates are replaced, and only
    while they are the original files. Any other template is rendered as usual."""

    def __init__(self):
        super().__init__()
        self._original = {}

    def render(self, template_name, context, request=None):
        try:
            return self.written(template_name)(context["widget"], self.written).strip()
        except _NotWritten:
            return super().render(template_name, context, request)

    def written(self, template_name):
        """The function that writes `template_name`, or _NotWritten."""
        if template_name not in WRITTEN or not self.is_original(template_name):
            raise _NotWritten(template_name)
        return WRITTEN[template_name]

    def is_original(self, template_name):
        """Whether `template_name` is Django's (or django-filters') own file."""
        try:
            return self._original[template_name]
        except KeyError:
            origin = Path(self.get_template(template_name).origin.name)
            original = any(origin.is_relative_to(directory) for directory in ORIGINALS)
            self._original[template_name] = original
            return original


FAST_RENDERER = FastRenderer()


def use_fast_widgets(form, select=FastSelect):
    """Render the widgets of `form` in Python: its plain <select>s become `select`
    (FastSelect: options on one line; TemplateSelect: Django's HTML), the other widgets
    keep Django's HTML (FastRenderer)."""
    use_fast_selects(form, select)
    form.renderer = FAST_RENDERER

from decimal import Decimal

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import date_format, number_format

register = template.Library()


@register.filter
def figure(value):
    """A number as a French reader expects it: no trailing zeros, decimal comma."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    digits = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=digits)


@register.filter(expects_localtime=True)
def prose_date(value):
    """A date within a sentence, in the locale's DATE_FORMAT ("1 avril 2026", "April 1,
    2026"), with the French ordinal of the first of the month: "le 1er avril 2026".

    Tables and compact lists use `|date:"SHORT_DATE_FORMAT"` instead (01/04/2026). Outside
    a template, pass a date or a datetime already in local time."""
    if value in (None, ""):
        return ""
    try:
        text = date_format(value, "DATE_FORMAT")
    except (AttributeError, TypeError):
        return ""
    if value.day == 1 and _in_french() and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


@register.filter(is_safe=True)
def file_size(value):
    """filesizeformat with the units French readers know: "12,1 Ko", "3,2 Mo" (Django's
    French catalogue says "Kio", "Mio": right for powers of 1024, but read as jargon)."""
    text = filesizeformat(value)
    if _in_french():
        for binary, common in (("Kio", "Ko"), ("Mio", "Mo"), ("Gio", "Go"), ("Tio", "To")):
            text = text.replace(binary, common)
    return text


def _in_french():
    return (translation.get_language() or "").split("-")[0] == "fr"

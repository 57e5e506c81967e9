from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """A number as a French reader expects it: no trailing zeros, decimal comma."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    digits = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=digits)


@register.simple_tag
def may_download(user, kind_name, source):
    """Whether `user` may ask for the document `kind_name` of `source` (object rules, which
    `perms` cannot check): `{% may_download user "evidence_report" initiative as can %}`."""
    from accelerator import documents

    if source is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    try:
        kind = documents.kind(kind_name)
    except KeyError:
        return False
    return bool(kind.may_download(user, source))

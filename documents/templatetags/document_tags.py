from django import template

from ..kinds import kind as document_kind

register = template.Library()


@register.simple_tag
def may_download(user, kind_name, source):
    """Whether `user` may ask for the document `kind_name` of `source` (object rules, which
    `perms` cannot check):
    `{% load document_tags %}{% may_download user "evidence_report" initiative as can %}`."""
    if source is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    try:
        kind = document_kind(kind_name)
    except KeyError:
        return False
    return bool(kind.may_download(user, source))

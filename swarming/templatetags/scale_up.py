"""What the scale-up panels of the initiative's pages need, in one query."""

from django import template

from swarming.plans.access import PLAN_STAGES, may_prepare_plan

register = template.Library()


@register.simple_tag
def scale_up_panel(initiative, user):
    """The initiative's plans (one query, or none if prefetched), whether `user` may prepare
    a new one, and whether the panel is worth showing at all."""
    plans = list(initiative.scale_up_plans.all())
    may_prepare = may_prepare_plan(user, initiative)
    return {
        "plans": plans,
        "may_prepare": may_prepare,
        "shown": bool(plans) or initiative.stage in PLAN_STAGES,
    }

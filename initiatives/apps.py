from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from accelerator.fsm import after_transition

        from . import filters, stays
        from .models import Initiative

        # Each transition keeps the stays and the furthest step, in its own transaction.
        after_transition(Initiative, stays.refresh_initiative)
        post_migrate.connect(filters.choices_changed, sender=self)  # a deployment

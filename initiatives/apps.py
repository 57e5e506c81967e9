from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from accelerator.fsm import after_transition

        from . import stays
        from .models import Initiative

        # Each transition keeps the stays and the furthest step, in its own transaction.
        after_transition(Initiative, stays.refresh_initiative)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwarmingConfig(AppConfig):
    name = "swarming"
    verbose_name = _("Essaimage")

    def ready(self):
        from . import spreading
        from .documents import register_transfer_kit

        register_transfer_kit()
        spreading.register()

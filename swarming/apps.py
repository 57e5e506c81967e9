from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwarmingConfig(AppConfig):
    name = "swarming"
    verbose_name = _("Essaimage")

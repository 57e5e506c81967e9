from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceleratorConfig(AppConfig):
    name = "accelerator"
    verbose_name = _("Accélérateur")

    def ready(self):
        from . import roles  # noqa: F401  (registers the rules)

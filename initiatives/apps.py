from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from . import filters, stays  # noqa: F401  (stays: from the transition log)

        post_migrate.connect(filters.choices_changed, sender=self)  # a deployment

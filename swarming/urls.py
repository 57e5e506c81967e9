"""Essaimage URLs, one module per sub-domain: kits and consent, the partners' space and
replications, scale-up plans."""

from . import urls_kits, urls_partners, urls_plans

app_name = "swarming"

urlpatterns = [*urls_kits.urlpatterns, *urls_partners.urlpatterns, *urls_plans.urlpatterns]

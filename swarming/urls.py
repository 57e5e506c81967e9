"""Essaimage URLs, one package per entity: kits and consent, the partners' space,
replications, scale-up plans."""

from .kits import urls as kits
from .partners import urls as partners
from .plans import urls as plans
from .replications import urls as replications

app_name = "swarming"

urlpatterns = [
    *kits.urlpatterns,
    *partners.urlpatterns,
    *replications.urlpatterns,
    *plans.urlpatterns,
]

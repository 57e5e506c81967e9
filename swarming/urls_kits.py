"""URLs of the kits views (see swarming/urls.py)."""

urlpatterns = []

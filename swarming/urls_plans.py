"""URLs of the plans views (see swarming/urls.py)."""

urlpatterns = []

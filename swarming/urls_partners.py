"""URLs of the partners views (see swarming/urls.py)."""

urlpatterns = []

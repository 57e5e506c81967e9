"""The public catalogue "Ce qui marche", mounted at /ce-qui-marche/ (namespace "catalogue")."""

from django.urls import path

from . import views as public

app_name = "catalogue"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>-<slug:slug>/", public.initiative, name="initiative"),
    # Without its slug, an initiative's address leads to its canonical one.
    path("<int:pk>/", public.initiative, name="initiative_short"),
    # The staff publish or withdraw an initiative's public sheet from its file.
    path("fiches/<int:pk>/", public.sheet, name="sheet"),
]

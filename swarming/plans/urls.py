"""URLs of the plans views (see swarming/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "essaimage/initiatives/<int:pk>/changement-d-echelle/nouveau/",
        views.plan_create,
        name="plan_create",
    ),
    path("essaimage/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path(
        "essaimage/plans/<int:pk>/etapes/<slug:name>/",
        views.plan_transition,
        name="plan_transition",
    ),
]

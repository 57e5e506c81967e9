"""URLs of the plans views (see swarming/urls.py)."""

from django.urls import path

from . import plans

urlpatterns = [
    path(
        "essaimage/initiatives/<int:pk>/changement-d-echelle/nouveau/",
        plans.plan_create,
        name="plan_create",
    ),
    path("essaimage/plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path(
        "essaimage/plans/<int:pk>/etapes/<slug:name>/",
        plans.plan_transition,
        name="plan_transition",
    ),
]

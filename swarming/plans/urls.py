"""URLs of the plans views (see swarming/urls.py)."""

from django.urls import path

from accelerator.transition_views import transition_view

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
        transition_view(views.TRANSITIONS),
        name="plan_transition",
    ),
]

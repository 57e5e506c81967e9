from django.urls import path

from accelerator.transition_views import transition_view

from . import views

app_name = "evaluations"

urlpatterns = [
    path("evaluations/", views.workspace, name="workspace"),
    path("suivi/initiatives/<int:pk>/evaluations/nouvelle/", views.plan, name="plan"),
    path("evaluations/<int:pk>/", views.detail, name="detail"),
    path("evaluations/<int:pk>/resultats/", views.record, name="record"),
    path("evaluations/<int:pk>/indicateurs/", views.add_outcome, name="add_outcome"),
    path(
        "evaluations/<int:pk>/indicateurs/<int:outcome_pk>/supprimer/",
        views.remove_outcome,
        name="remove_outcome",
    ),
    path(
        "evaluations/<int:pk>/indicateurs/<int:outcome_pk>/traitement/",
        views.resolve_outcome,
        name="resolve_outcome",
    ),
    path("evaluations/<int:pk>/rapport/", views.report, name="report"),
    path(
        "evaluations/<int:pk>/etapes/<slug:name>/",
        transition_view(views.TRANSITIONS),
        name="transition",
    ),
]

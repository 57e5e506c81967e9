"""URLs of the replications' pages (see swarming/urls.py)."""

from django.urls import path

from accelerator.transition_views import transition_view

from . import views

urlpatterns = [
    # A replication's page, for the partner, staff, the committee and the innovator
    path("essaimage/replications/<int:pk>/", views.replication, name="replication"),
    path(
        "essaimage/replications/<int:pk>/etapes/<slug:name>/",
        transition_view(views.TRANSITIONS),
        name="replication_transition",
    ),
    path(
        "essaimage/replications/<int:pk>/jalons/", views.report_milestone, name="report_milestone"
    ),
    path(
        "essaimage/replications/<int:pk>/fidelite/",
        views.report_fidelity,
        name="report_fidelity",
    ),
    path(
        "essaimage/replications/<int:pk>/indicateurs/",
        views.report_indicator,
        name="report_indicator",
    ),
    # The staff's list
    path("suivi/replications/", views.replications, name="replications"),
]

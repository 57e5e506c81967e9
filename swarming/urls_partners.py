"""URLs of the partners views (see swarming/urls.py)."""

from django.urls import path

from . import partners

urlpatterns = [
    # The partners' space
    path("partenaires/inscription/", partners.partner_signup, name="partner_signup"),
    path("partenaires/", partners.partner_home, name="partner_home"),
    path(
        "partenaires/initiatives/<int:pk>/",
        partners.partner_initiative,
        name="partner_initiative",
    ),
    path(
        "partenaires/initiatives/<int:pk>/interet/",
        partners.declare_interest,
        name="declare_interest",
    ),
    path("partenaires/replications/", partners.my_replications, name="my_replications"),
    # A replication's page, for the partner, staff, the committee and the innovator
    path("essaimage/replications/<int:pk>/", partners.replication, name="replication"),
    path(
        "essaimage/replications/<int:pk>/etapes/<slug:name>/",
        partners.replication_transition,
        name="replication_transition",
    ),
    path(
        "essaimage/replications/<int:pk>/jalons/",
        partners.report_milestone,
        name="report_milestone",
    ),
    path(
        "essaimage/replications/<int:pk>/fidelite/",
        partners.report_fidelity,
        name="report_fidelity",
    ),
    path(
        "essaimage/replications/<int:pk>/indicateurs/",
        partners.report_indicator,
        name="report_indicator",
    ),
    # The staff's list
    path("suivi/replications/", partners.replications, name="replications"),
]

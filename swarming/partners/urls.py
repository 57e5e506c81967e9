"""URLs of the partners' space (see swarming/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("partenaires/inscription/", views.partner_signup, name="partner_signup"),
    path("partenaires/", views.partner_home, name="partner_home"),
    path("partenaires/initiatives/<int:pk>/", views.partner_initiative, name="partner_initiative"),
    path(
        "partenaires/initiatives/<int:pk>/interet/",
        views.declare_interest,
        name="declare_interest",
    ),
    path("partenaires/replications/", views.my_replications, name="my_replications"),
]

"""URLs of the kits views (see swarming/urls.py)."""

from django.urls import path

from accelerator.transition_views import transition_view

from . import views

urlpatterns = [
    path("essaimage/initiatives/<int:pk>/kit/", views.kits, name="kits"),
    path(
        "essaimage/initiatives/<int:pk>/kit/nouvelle-version/",
        views.new_draft,
        name="kit_new_draft",
    ),
    path("essaimage/initiatives/<int:pk>/accord/", views.consent, name="consent"),
    path("essaimage/kits/<int:pk>/", views.detail, name="kit_detail"),
    path("essaimage/kits/<int:pk>/modifier/", views.edit, name="kit_edit"),
    path("essaimage/kits/<int:pk>/invariants/", views.add_invariant, name="kit_add_invariant"),
    path("essaimage/kits/<int:pk>/indicateurs/", views.add_indicator, name="kit_add_indicator"),
    path("essaimage/kits/<int:pk>/outils/", views.attach, name="kit_attach"),
    path("essaimage/kits/<int:pk>/outils/<int:tool_pk>/", views.tool, name="kit_tool"),
    path(
        "essaimage/kits/<int:pk>/<slug:kind>/<int:item_pk>/supprimer/",
        views.remove_item,
        name="kit_remove_item",
    ),
    path(
        "essaimage/kits/<int:pk>/etapes/<slug:name>/",
        transition_view(views.TRANSITIONS),
        name="kit_transition",
    ),
]

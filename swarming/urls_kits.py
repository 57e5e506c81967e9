"""URLs of the kits views (see swarming/urls.py)."""

from django.urls import path

from . import kits

urlpatterns = [
    path("essaimage/initiatives/<int:pk>/kit/", kits.kits, name="kits"),
    path(
        "essaimage/initiatives/<int:pk>/kit/nouvelle-version/",
        kits.new_draft,
        name="kit_new_draft",
    ),
    path("essaimage/initiatives/<int:pk>/accord/", kits.consent, name="consent"),
    path("essaimage/kits/<int:pk>/", kits.detail, name="kit_detail"),
    path("essaimage/kits/<int:pk>/modifier/", kits.edit, name="kit_edit"),
    path("essaimage/kits/<int:pk>/invariants/", kits.add_invariant, name="kit_add_invariant"),
    path("essaimage/kits/<int:pk>/indicateurs/", kits.add_indicator, name="kit_add_indicator"),
    path("essaimage/kits/<int:pk>/outils/", kits.attach, name="kit_attach"),
    path("essaimage/kits/<int:pk>/outils/<int:tool_pk>/", kits.tool, name="kit_tool"),
    path(
        "essaimage/kits/<int:pk>/<slug:kind>/<int:item_pk>/supprimer/",
        kits.remove_item,
        name="kit_remove_item",
    ),
    path("essaimage/kits/<int:pk>/etapes/<slug:name>/", kits.transition, name="kit_transition"),
]

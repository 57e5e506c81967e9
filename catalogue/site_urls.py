"""The catalogue's addresses outside its namespace: the sitemap and the open-data exports."""

from django.urls import path

from . import views
from .api import exports

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("ce-qui-marche/export.csv", exports.catalogue_csv, name="catalogue_export_csv"),
    path("ce-qui-marche/export.json", exports.catalogue_json, name="catalogue_export_json"),
]

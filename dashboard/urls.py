from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.index, name="dashboard"),
    path("tableau-de-bord/export.csv", views.export_csv, name="dashboard_export_csv"),
]

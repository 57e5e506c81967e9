from django.urls import path

from . import views

urlpatterns = [
    path(
        "documents/<slug:kind_name>/<int:object_id>/demander/",
        views.request_document,
        name="request_document",
    ),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/etat/", views.document_status, name="document_status"),
    path("documents/<int:pk>/telecharger/", views.download, name="download_document"),
]

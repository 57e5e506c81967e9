from django.urls import path

from accelerator.transition_views import transition_view

from . import triage, views

app_name = "initiatives"

urlpatterns = [
    path("inscription/", views.signup, name="signup"),
    path("mes-initiatives/", views.mine, name="mine"),
    path("mes-initiatives/nouvelle/", views.create, name="create"),
    path("mes-initiatives/<int:pk>/", views.detail, name="detail"),
    path("mes-initiatives/<int:pk>/modifier/", views.edit, name="edit"),
    path("mes-initiatives/<int:pk>/soumettre/", views.submit, name="submit"),
    path("mes-initiatives/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("mes-initiatives/<int:pk>/pieces-jointes/", views.attach, name="attach"),
    path(
        "mes-initiatives/<int:pk>/pieces-jointes/<int:attachment_pk>/",
        views.download,
        name="download",
    ),
    path(
        "mes-initiatives/<int:pk>/pieces-jointes/<int:attachment_pk>/supprimer/",
        views.detach,
        name="detach",
    ),
    # Triage by the accelerator's staff
    path("suivi/", triage.board, name="board"),
    path("suivi/actions-groupees/", triage.bulk, name="bulk"),
    path("suivi/initiatives/<int:pk>/", triage.file, name="file"),
    path("suivi/initiatives/<int:pk>/historique/", triage.timeline, name="timeline"),
    path(
        "suivi/initiatives/<int:pk>/etapes/<slug:name>/",
        transition_view(triage.TRANSITIONS),
        name="transition",
    ),
    path("suivi/initiatives/<int:pk>/commentaires/", triage.comment, name="comment"),
    path("suivi/initiatives/<int:pk>/referent/", triage.assign, name="assign"),
]

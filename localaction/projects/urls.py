from django.urls import path

from localaction.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/proposals/new/", views.proposal_create, name="proposal-create"),
    path("projects/proposals/<int:pk>/", views.proposal, name="proposal"),
    path(
        "projects/proposals/<int:pk>/<str:decision>/",
        views.proposal_decide,
        name="proposal-decide",
    ),
    path("projects/offices/<slug:code>/pipeline/", views.pipeline, name="pipeline"),
    path("projects/<slug:slug>/", views.project, name="project"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="edit"),
    path("projects/<slug:slug>/add/<str:part>/", views.part_add, name="add"),
    path(
        "projects/<slug:slug>/deliverables/<int:pk>/status/",
        views.deliverable_status,
        name="deliverable-status",
    ),
]

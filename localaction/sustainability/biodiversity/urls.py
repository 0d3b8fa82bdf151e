from django.urls import path

from localaction.sustainability.biodiversity import views

app_name = "biodiversity"

MEMBER = "members/<str:code>/biodiversity/"

urlpatterns = [
    path(MEMBER, views.member, name="member"),
    path(f"{MEMBER}commitments/new/", views.commitment_edit, name="commitment-new"),
    path(f"{MEMBER}commitments/<int:pk>/", views.commitment_edit, name="commitment-edit"),
    path("biodiversity/", views.directory, name="network"),
]

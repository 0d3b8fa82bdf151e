from django.urls import path

from localaction.network import views

app_name = "network"
urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/<str:code>/", views.local_government, name="local-government"),
    path("offices/<slug:code>/", views.office, name="office"),
]

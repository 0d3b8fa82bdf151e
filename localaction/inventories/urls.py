from django.urls import path

from localaction.inventories import views

app_name = "inventories"
urlpatterns = [
    path("members/<str:code>/inventories/<int:year>/", views.inventory, name="inventory"),
]

from django.urls import path

from localaction.inventories import views

app_name = "inventories"
INVENTORY = "members/<str:code>/inventories/<int:year>/"
urlpatterns = [
    path("members/<str:code>/inventories/new/", views.inventory_new, name="inventory-new"),
    path(INVENTORY, views.inventory, name="inventory"),
    path(f"{INVENTORY}lines/", views.line_add, name="line-add"),
    path(f"{INVENTORY}lines/<int:pk>/delete/", views.line_delete, name="line-delete"),
    path(f"{INVENTORY}lines/import/", views.lines_import, name="lines-import"),
    path(f"{INVENTORY}lines.<str:file_format>", views.lines_download, name="lines-download"),
    path(
        f"{INVENTORY}recalculate/",
        views.inventory_recalculate_view,
        name="inventory-recalculate",
    ),
    path(f"{INVENTORY}steps/<str:step>/", views.inventory_move_view, name="inventory-move"),
    path(f"{INVENTORY}correct/", views.inventory_correct_view, name="inventory-correct"),
    path(f"{INVENTORY}results/", views.results, name="results"),
    path(f"{INVENTORY}summary/", views.summary, name="summary"),
    path(
        f"{INVENTORY}summary.<str:file_format>",
        views.summary_download,
        name="summary-download",
    ),
]
urlpatterns += [
    path("factors/", views.factors, name="factors"),
    path("factors/new/", views.factor_new, name="factor-new"),
]

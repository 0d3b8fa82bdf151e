from django.urls import path

from localaction.sustainability.water import views

app_name = "water"

MEMBER = "members/<str:code>/water/"
INVENTORY = f"{MEMBER}<int:year>/"

# A member's water accounts.
urlpatterns = [
    path(MEMBER, views.member_water, name="member"),
    path(f"{MEMBER}new/", views.inventory_new, name="new"),
    path(f"{MEMBER}benefits/", views.benefits, name="benefits"),
    path(f"{MEMBER}benefits/<int:pk>/", views.benefit_edit, name="benefit"),
    path(f"{MEMBER}benefits/<int:pk>/delete/", views.benefit_delete, name="benefit-delete"),
    path(INVENTORY, views.inventory_detail, name="inventory"),
    path(f"{INVENTORY}edit/", views.inventory_edit, name="edit"),
    path(f"{INVENTORY}lines/", views.line_save, name="line-save"),
    path(f"{INVENTORY}lines/<int:pk>/delete/", views.line_delete, name="line-delete"),
    path(f"{INVENTORY}quality/", views.quality_save, name="quality-save"),
    path(f"{INVENTORY}quality/<int:pk>/delete/", views.quality_delete, name="quality-delete"),
    path(f"{INVENTORY}submit/", views.inventory_submit, name="submit"),
    path(f"{INVENTORY}verify/", views.inventory_verify, name="verify"),
    path(f"{INVENTORY}reopen/", views.inventory_reopen, name="reopen"),
    path(f"{INVENTORY}delete/", views.inventory_delete, name="delete"),
    path(f"{INVENTORY}import/", views.inventory_import, name="import"),
    path(f"{INVENTORY}water.<str:file_format>", views.inventory_download, name="download"),
]

# The network's water.
urlpatterns += [
    path("report/water/", views.network_page, name="network"),
    path(
        "report/water/network-water.<str:file_format>",
        views.network_download,
        name="network-download",
    ),
]

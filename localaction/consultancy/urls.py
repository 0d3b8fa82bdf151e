from django.urls import path

from localaction.consultancy import views

app_name = "consultancy"

urlpatterns = [
    path("consultancy/", views.catalogue, name="catalogue"),
    path("consultancy/services/<slug:slug>/", views.service, name="service"),
    path("consultancy/engagements/", views.engagements, name="engagements"),
    path("consultancy/engagements/<int:pk>/", views.engagement, name="engagement"),
    path("consultancy/engagements/<int:pk>/move/", views.move, name="move"),
    path("consultancy/engagements/<int:pk>/proposal/", views.proposal, name="proposal"),
    path("consultancy/engagements/<int:pk>/contract/", views.contract, name="contract"),
    path(
        "consultancy/engagements/<int:pk>/contract/document/",
        views.contract_document,
        name="contract-document",
    ),
    path("consultancy/engagements/<int:pk>/team/", views.team, name="team"),
    path("consultancy/engagements/<int:pk>/deliverables/", views.deliverable, name="deliverable"),
    path(
        "engagements/<int:pk>/deliverables/<int:deliverable_pk>/delivered/",
        views.delivered,
        name="delivered",
    ),
    path("consultancy/engagements/<int:pk>/time/", views.time, name="time"),
    path("consultancy/engagements/<int:pk>/invoice/", views.invoice, name="invoice"),
    path("consultancy/engagements/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("consultancy/consultants/", views.consultants, name="consultants"),
    path("consultancy/offices/<str:code>/", views.office, name="office"),
    path(
        "consultancy/offices/<str:code>/engagements.<str:file_format>",
        views.office_download,
        name="office_download",
    ),
]

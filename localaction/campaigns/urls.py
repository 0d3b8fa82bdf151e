from django.urls import path

from localaction.campaigns.views import campaigns, commitments, files

app_name = "campaigns"

PARTICIPATION = "campaigns/<slug:campaign>/<str:code>/"
MEMBER = "members/<str:code>/"

# Campaigns, their participants and milestones (views/campaigns.py).
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign-new"),
    path("methodologies/", campaigns.methodology_list, name="methodologies"),
    path("methodologies/<slug:code>/", campaigns.methodology, name="methodology"),
    path("campaigns/<slug:campaign>/", campaigns.campaign, name="campaign"),
    path("campaigns/<slug:campaign>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<slug:campaign>/join/", campaigns.campaign_join, name="campaign-join"),
    path(PARTICIPATION, campaigns.participation, name="participation"),
    path(
        f"{PARTICIPATION}withdraw/", campaigns.participation_withdraw, name="participation-withdraw"
    ),
    path(f"{PARTICIPATION}resolution/", campaigns.resolution_download, name="resolution"),
    path(f"{PARTICIPATION}milestones/<int:number>/", campaigns.milestone_edit, name="milestone"),
    path(
        f"{PARTICIPATION}milestones/<int:number>/evidence/",
        campaigns.evidence_download,
        name="evidence",
    ),
]

# A member's targets, forecast, action plans and actions (views/commitments.py).
urlpatterns += [
    path(f"{MEMBER}climate-action/", commitments.overview, name="commitments"),
    path(f"{MEMBER}forecast/", commitments.forecast, name="forecast"),
    path(f"{MEMBER}targets/new/", commitments.target_new, name="target-new"),
    path(f"{MEMBER}targets/<int:pk>/", commitments.target, name="target"),
    path(f"{MEMBER}targets/<int:pk>/edit/", commitments.target_edit, name="target-edit"),
    path(f"{MEMBER}targets/<int:pk>/delete/", commitments.target_delete, name="target-delete"),
    path(f"{MEMBER}action-plans/new/", commitments.action_plan_new, name="action-plan-new"),
    path(f"{MEMBER}action-plans/<int:pk>/", commitments.action_plan, name="action_plan"),
    path(
        f"{MEMBER}action-plans/<int:pk>/edit/",
        commitments.action_plan_edit,
        name="action-plan-edit",
    ),
    path(
        f"{MEMBER}action-plans/<int:pk>/delete/",
        commitments.action_plan_delete,
        name="action-plan-delete",
    ),
    path(
        f"{MEMBER}action-plans/<int:pk>/document/",
        commitments.action_plan_document,
        name="action-plan-document",
    ),
    path(f"{MEMBER}actions/new/", commitments.action_new, name="action-new"),
    path(f"{MEMBER}actions/<int:pk>/", commitments.action, name="action"),
    path(f"{MEMBER}actions/<int:pk>/edit/", commitments.action_edit, name="action-edit"),
    path(f"{MEMBER}actions/<int:pk>/delete/", commitments.action_delete, name="action-delete"),
]

# Targets and actions as files (views/files.py).
urlpatterns += [
    path(f"{MEMBER}targets.<str:file_format>", files.targets_download, name="targets-download"),
    path(f"{MEMBER}targets/import/", files.targets_import, name="targets-import"),
    path(f"{MEMBER}actions.<str:file_format>", files.actions_download, name="actions-download"),
    path(f"{MEMBER}actions/import/", files.actions_import, name="actions-import"),
]

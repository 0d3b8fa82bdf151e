"""A case study's editorial workflow on Wagtail's Workflow API: draft → in
review → published, returned with a comment, later edits stay drafts until
approved, scheduled publishing; the workflow and task states record each step,
Wagtail's reports in /cms/ show them, and its own action URL keeps the door."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry, TaskState, WorkflowState

from localaction.knowledge import services
from localaction.knowledge.models import CaseStudy, ReviewState
from localaction.knowledge.scheduling import publish_when_due
from localaction.knowledge.tests.conftest import write


def test_a_new_case_study_is_a_draft_nobody_reads(draft):
    assert not draft.live
    assert services.review_of(draft).status == ReviewState.Status.DRAFT
    assert not CaseStudy.objects.published().exists()
    assert draft.latest_revision is not None
    assert [f.label for f in draft.figures.all()] == ["Avoided", "Target", "Emissions"]


def test_draft_to_review_to_published(cast, draft):
    review = services.case_study_submit(draft, by=cast.editor)
    draft.refresh_from_db()
    assert review.status == ReviewState.Status.IN_REVIEW
    assert review.revision == draft.latest_revision
    assert review.submitted_by == cast.editor

    review = services.case_study_approve(draft, by=cast.staff)
    draft.refresh_from_db()
    assert draft.live
    assert list(CaseStudy.objects.published()) == [draft]
    assert review.status == ReviewState.Status.APPROVED and review.decided_by == cast.staff
    actions = set(ModelLogEntry.objects.for_instance(draft).values_list("action", flat=True))
    assert {
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish",
    } <= actions


def test_returned_with_a_comment_goes_back_to_the_writers(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    with pytest.raises(ValidationError):
        services.case_study_return(draft, by=cast.staff, comment="  ")
    services.case_study_return(draft, by=cast.staff, comment="Add the costs, please.")
    review = services.review_of(draft)
    assert review.status == ReviewState.Status.RETURNED
    assert review.comment == "Add the costs, please."
    draft.refresh_from_db()
    assert not draft.live
    # The writers edit and send it again.
    services.case_study_edit(draft, by=cast.editor, data={"funding": "EU LIFE programme"})
    services.case_study_submit(draft, by=cast.editor)
    services.case_study_approve(draft, by=cast.staff)
    draft.refresh_from_db()
    assert draft.live and draft.funding == "EU LIFE programme"


def test_a_later_edit_stays_a_draft_until_approved(cast, published):
    services.case_study_edit(published, by=cast.editor, data={"title": "Bike lanes, version 2"})
    published.refresh_from_db()
    assert published.title == "Bike lanes everywhere"  # readers still see this one
    assert published.live and published.has_unpublished_changes
    assert services.editable_version(published).title == "Bike lanes, version 2"

    services.case_study_submit(published, by=cast.editor)
    published.refresh_from_db()
    assert published.title == "Bike lanes everywhere"
    services.case_study_approve(published, by=cast.staff)
    published.refresh_from_db()
    assert published.title == "Bike lanes, version 2"
    assert not published.has_unpublished_changes


def test_no_edit_while_in_review_and_no_double_submission(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    with pytest.raises(ValidationError, match="in review"):
        services.case_study_edit(draft, by=cast.editor, data={"title": "Sneaky"})
    with pytest.raises(ValidationError, match="in review already"):
        services.case_study_submit(draft, by=cast.editor)


def test_nothing_to_review_when_the_published_version_is_the_latest(cast, published):
    with pytest.raises(ValidationError, match="Nothing to review"):
        services.case_study_submit(published, by=cast.editor)


def test_approval_only_when_in_review(cast, draft):
    with pytest.raises(ValidationError, match="not in review"):
        services.case_study_approve(draft, by=cast.staff)


@pytest.mark.parametrize("who", ["editor", "colleague", "outsider", "other_staff"])
def test_only_offices_covering_the_lead_review(cast, draft, who):
    services.case_study_submit(draft, by=cast.editor)
    with pytest.raises(PermissionDenied):
        services.case_study_approve(draft, by=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        services.case_study_return(draft, by=getattr(cast, who), comment="No")


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_covering_office_and_secretariat_review(cast, draft, who):
    services.case_study_submit(draft, by=cast.editor)
    services.case_study_approve(draft, by=getattr(cast, who))
    draft.refresh_from_db()
    assert draft.live


@pytest.mark.parametrize("who", ["colleague", "outsider", "other_staff"])
def test_only_writers_write(cast, world, draft, who):
    with pytest.raises(PermissionDenied):
        write(cast, world, by=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        services.case_study_edit(draft, by=getattr(cast, who), data={"title": "x"})
    with pytest.raises(PermissionDenied):
        services.case_study_submit(draft, by=getattr(cast, who))


def test_scheduled_publishing(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    when = timezone.now() + datetime.timedelta(hours=2)
    services.case_study_approve(draft, by=cast.staff, go_live_at=when)
    draft.refresh_from_db()
    assert not draft.live
    assert draft.scheduled_revision is not None

    call_command("publish_scheduled", verbosity=0)  # not yet due
    draft.refresh_from_db()
    assert not draft.live

    later = when + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        publish_when_due()  # what the workers run at their heartbeat
    draft.refresh_from_db()
    assert draft.live


def test_a_scheduled_date_in_the_past_is_refused(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    with pytest.raises(ValidationError):
        services.case_study_approve(
            draft, by=cast.staff, go_live_at=timezone.now() - datetime.timedelta(days=1)
        )


def test_language_versions_share_a_translation_key(cast, world, published):
    spanish = services.case_study_create(
        by=cast.editor,
        lead=cast.freiburg,
        language="es",
        data={"title": "Carriles bici", "summary": "Resumen."},
        translation_of=published,
    )
    assert spanish.translation_key == published.translation_key
    assert spanish.locale.language_code == "es"
    with pytest.raises(ValidationError):
        services.case_study_create(
            by=cast.editor,
            lead=cast.freiburg,
            language="es",
            data={"title": "Otra", "summary": "x"},
            translation_of=published,
        )


def test_gpc_sectors_are_validated(cast, world):
    with pytest.raises(ValidationError, match="GPC sectors"):
        write(cast, world, sectors=["IX"])
    assert not CaseStudy.objects.exists()


def test_a_figure_reads_only_the_members_records(cast, world):
    with pytest.raises(ValidationError, match="not a member"):
        services.case_study_create(
            by=cast.editor,
            lead=cast.freiburg,
            language="en",
            data={"title": "Borrowed", "summary": "x"},
            figures=[{"label": "x", "kind": "action", "action_id": world.nairobi_action.pk}],
        )
    assert not CaseStudy.objects.exists()  # nothing half-written
    # With Nairobi a member, its action may be a figure.
    case_study = services.case_study_create(
        by=cast.editor,
        lead=cast.freiburg,
        language="en",
        data={"title": "Shared", "summary": "x"},
        members=[cast.nairobi],
        figures=[{"label": "x", "kind": "action", "action_id": world.nairobi_action.pk}],
    )
    assert case_study.figures.count() == 1


# Wagtail's workflow records ----------------------------------------------------------


def test_the_workflow_and_task_states_record_each_step(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    state = draft.workflow_states.get()
    assert state.workflow.name == "Case study review"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == cast.editor
    first = state.current_task_state
    assert first.status == TaskState.STATUS_IN_PROGRESS
    assert first.revision == draft.latest_revision

    services.case_study_return(draft, by=cast.staff, comment="Add the costs, please.")
    state.refresh_from_db()
    first.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert first.status == TaskState.STATUS_REJECTED
    assert first.comment == "Add the costs, please."  # the returned case study's comment
    assert first.finished_by == cast.staff

    services.case_study_edit(draft, by=cast.editor, data={"funding": "EU LIFE programme"})
    services.case_study_submit(draft, by=cast.editor)  # resumes the same workflow
    state.refresh_from_db()
    draft.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    second = state.current_task_state
    assert second != first and second.revision == draft.latest_revision

    services.case_study_approve(draft, by=cast.secretariat, comment="Good.")
    state.refresh_from_db()
    second.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert (second.status, second.comment, second.finished_by) == (
        TaskState.STATUS_APPROVED,
        "Good.",
        cast.secretariat,
    )
    assert [s.status for s in TaskState.objects.for_instance(draft).order_by("pk")] == [
        TaskState.STATUS_REJECTED,
        TaskState.STATUS_APPROVED,
    ]
    actions = list(
        ModelLogEntry.objects.for_instance(draft)
        .filter(action__startswith="wagtail.workflow.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "wagtail.workflow.start",
        "wagtail.workflow.reject",
        "wagtail.workflow.resume",
        "wagtail.workflow.approve",
    ]


def test_the_secretariat_sees_the_review_in_wagtails_reports(cast, client_as, draft):
    services.case_study_submit(draft, by=cast.editor)
    client = client_as("secretariat")
    report = client.get("/cms/reports/workflow/")
    assert report.status_code == 200
    assert draft.title in report.content.decode()
    tasks = client.get("/cms/reports/workflow_tasks/")
    assert tasks.status_code == 200
    assert "Review by the covering office" in tasks.content.decode()
    assert draft.title in tasks.content.decode()


def test_wagtail_asks_the_task_who_moderates(cast, draft):
    services.case_study_submit(draft, by=cast.editor)
    task_state = draft.current_workflow_task_state
    task = task_state.task.specific
    for reviewer in (cast.staff, cast.secretariat):
        assert [name for name, _label, _modal in task.get_actions(draft, reviewer)] == [
            "reject",
            "approve",
            "approve",
        ]
        assert list(TaskState.objects.reviewable_by(reviewer)) == [task_state]
        assert not task.locked_for_user(draft, reviewer)
    for other in (cast.editor, cast.other_staff, cast.outsider):
        assert task.get_actions(draft, other) == []
        assert not TaskState.objects.reviewable_by(other).exists()
        assert task.locked_for_user(draft, other)
        assert not task.user_can_access_editor(draft, other)


def _action_url(draft, action: str) -> str:
    task_state = draft.current_workflow_task_state
    return f"/cms/snippets/knowledge/casestudy/workflow/action/{draft.pk}/{action}/{task_state.pk}/"


def test_an_unrelated_office_cannot_approve_through_wagtails_action_url(cast, client_as, draft):
    services.case_study_submit(draft, by=cast.editor)
    url = _action_url(draft, "approve")
    client_as("other_staff").post(url, {"comment": ""})
    # Even let into /cms/ and its case studies, the other region's office is
    # refused by the task.
    cast.other_staff.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_casestudy", content_type__app_label="knowledge"),
    )
    response = client_as("other_staff").post(url, {"comment": ""})
    assert response.status_code in {302, 403}
    draft.refresh_from_db()
    assert not draft.live and draft.workflow_in_progress
    with pytest.raises(PermissionDenied):
        draft.current_workflow_task.on_action(
            draft.current_workflow_task_state, cast.other_staff, "approve"
        )


def test_the_secretariat_decides_through_wagtails_action_url_too(cast, client_as, draft):
    services.case_study_submit(draft, by=cast.editor)
    client = client_as("secretariat")
    # A return asks what to change: without a comment, nothing happens.
    client.post(_action_url(draft, "reject"), {"comment": " "})
    assert draft.workflow_in_progress
    client.post(_action_url(draft, "approve"), {"comment": "Fine."})
    draft.refresh_from_db()
    assert draft.live
    assert services.review_of(draft).status == ReviewState.Status.APPROVED

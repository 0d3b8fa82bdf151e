"""The case studies' review moves onto Wagtail's moderation workflows.

Made: the workflow "Case study review" with its one office review task,
assigned to case studies. Carried over from `CaseStudyReview`: a case study
in review gets a workflow state in progress on its latest revision, one
returned a workflow state needing changes whose rejected task state holds the
reviewer's comment; drafts and approved ones need nothing (their state reads
from their revisions). Reversible: going back rebuilds the reviews from the
workflow states and removes the workflow.
"""

import django.db.models.deletion
from django.db import migrations, models

WORKFLOW = "Case study review"
TASK = "Review by the covering office"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def to_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    OfficeReviewTask = apps.get_model("knowledge", "OfficeReviewTask")
    CaseStudyReview = apps.get_model("knowledge", "CaseStudyReview")

    case_study_type = _content_type(apps, "knowledge", "casestudy")
    task = OfficeReviewTask.objects.create(
        name=TASK, content_type=_content_type(apps, "knowledge", "officereviewtask")
    )
    workflow = Workflow.objects.create(name=WORKFLOW)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(workflow=workflow, content_type=case_study_type)

    task_state_type = _content_type(apps, "wagtailcore", "taskstate")
    waiting = CaseStudyReview.objects.filter(status__in=["in_review", "returned"]).select_related(
        "case_study"
    )
    for review in waiting:
        case_study = review.case_study
        revision_id = case_study.latest_revision_id or review.revision_id
        if revision_id is None:
            continue
        returned = review.status == "returned"
        state = WorkflowState.objects.create(
            content_type=case_study_type,
            base_content_type=case_study_type,
            object_id=str(case_study.pk),
            workflow=workflow,
            status="needs_changes" if returned else "in_progress",
            requested_by_id=review.submitted_by_id,
        )
        task_state = TaskState.objects.create(
            workflow_state=state,
            revision_id=revision_id,
            task=task,
            status="rejected" if returned else "in_progress",
            content_type=task_state_type,
            comment=review.comment if returned else "",
            finished_at=review.decided_at if returned else None,
            finished_by_id=review.decided_by_id if returned else None,
        )
        if review.submitted_at:
            TaskState.objects.filter(pk=task_state.pk).update(started_at=review.submitted_at)
            WorkflowState.objects.filter(pk=state.pk).update(created_at=review.submitted_at)
        WorkflowState.objects.filter(pk=state.pk).update(current_task_state=task_state)


def to_reviews(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    OfficeReviewTask = apps.get_model("knowledge", "OfficeReviewTask")
    CaseStudy = apps.get_model("knowledge", "CaseStudy")
    CaseStudyReview = apps.get_model("knowledge", "CaseStudyReview")

    states = WorkflowState.objects.filter(base_content_type=_content_type(apps, "knowledge", "casestudy"))
    active = {
        state.object_id: state
        for state in states.filter(status__in=["in_progress", "needs_changes"]).select_related(
            "current_task_state"
        )
    }
    for case_study in CaseStudy.objects.all():
        state = active.get(str(case_study.pk))
        task_state = state.current_task_state if state else None
        if state is None or task_state is None:
            status = "approved" if case_study.live and not case_study.has_unpublished_changes else "draft"
            CaseStudyReview.objects.create(case_study=case_study, status=status)
            continue
        returned = state.status == "needs_changes"
        CaseStudyReview.objects.create(
            case_study=case_study,
            status="returned" if returned else "in_review",
            revision_id=task_state.revision_id,
            comment=task_state.comment if returned else "",
            submitted_at=task_state.started_at,
            submitted_by_id=state.requested_by_id,
            decided_at=task_state.finished_at if returned else None,
            decided_by_id=task_state.finished_by_id if returned else None,
        )
    tasks = OfficeReviewTask.objects.all()
    TaskState.objects.filter(task__in=tasks).delete()
    states.delete()
    Workflow.objects.filter(workflow_tasks__task__in=tasks).delete()
    tasks.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='OfficeReviewTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
            ],
            options={
                'verbose_name': 'office review task',
                'verbose_name_plural': 'office review tasks',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(to_workflow, to_reviews),
        migrations.DeleteModel(
            name='CaseStudyReview',
        ),
    ]

"""Load the Local Agenda 21 self-assessment, version 1 (assessments/data/la21.json)."""

from django.db import migrations

from localaction.sustainability.assessments.library import create_version, shipped


def load(apps, schema_editor):
    create_version(
        shipped("la21"),
        questionnaire_model=apps.get_model("sustainability", "Questionnaire"),
        section_model=apps.get_model("sustainability", "QuestionnaireSection"),
        question_model=apps.get_model("sustainability", "QuestionnaireQuestion"),
    )


def unload(apps, schema_editor):
    apps.get_model("sustainability", "Questionnaire").objects.filter(
        code="la21", version=1, assessments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sustainability", "0006_assessments")]

    operations = [migrations.RunPython(load, unload)]

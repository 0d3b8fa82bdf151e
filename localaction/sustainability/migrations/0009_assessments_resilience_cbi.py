"""Load the disaster resilience scorecard (preliminary and detailed levels) and
the City Biodiversity Index, version 1 each (assessments/data/*.json)."""

from django.db import migrations

from localaction.sustainability.assessments.library import create_version, shipped

CODES = ("resilience-preliminary", "resilience-detailed", "cbi")


def load(apps, schema_editor):
    for code in CODES:
        create_version(
            shipped(code),
            questionnaire_model=apps.get_model("sustainability", "Questionnaire"),
            section_model=apps.get_model("sustainability", "QuestionnaireSection"),
            question_model=apps.get_model("sustainability", "QuestionnaireQuestion"),
        )


def unload(apps, schema_editor):
    apps.get_model("sustainability", "Questionnaire").objects.filter(
        code__in=CODES, version=1, assessments__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sustainability", "0008_resilience_biodiversity")]

    operations = [migrations.RunPython(load, unload)]

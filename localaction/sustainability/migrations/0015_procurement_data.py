"""Load the Procura+ criteria library (procurement/data/criteria.json), and let
Procura+'s milestones be recognised from procurement records: a council
commitment, a baseline of tenders, green shares of two years
(procurement/recognition.py). Only milestones still recorded by hand change;
going back sets them to by hand again."""

from django.db import migrations

from localaction.sustainability.procurement.library import load_library

# (milestone name in methodology "procura", rule code)
RULES = (
    ("Political commitment", "procurement_commitment"),
    ("Baseline assessment", "procurement_baseline"),
    ("Monitoring and reporting", "procurement_monitoring"),
)


def load(apps, schema_editor):
    load_library(
        apps.get_model("sustainability", "ProcurementProductGroup"),
        apps.get_model("sustainability", "ProcurementCriterion"),
    )
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, code in RULES:
        Milestone.objects.filter(methodology__code="procura", name=name, recognised_from="").update(
            recognised_from=code
        )


def unload(apps, schema_editor):
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, code in RULES:
        Milestone.objects.filter(
            methodology__code="procura", name=name, recognised_from=code
        ).update(recognised_from="")
    apps.get_model("sustainability", "ProcurementCriterion").objects.all().delete()
    apps.get_model("sustainability", "ProcurementProductGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sustainability", "0014_procurement"),
        ("campaigns", "0005_milestone_rules_registered"),
    ]

    operations = [migrations.RunPython(load, unload)]

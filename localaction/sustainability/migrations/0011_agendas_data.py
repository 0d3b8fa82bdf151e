"""The Local Agenda methodology's milestones that local agendas' records prove
(agendas/recognition.py): recognised from data from now on, where nobody chose
otherwise (recognised_from still blank)."""

from django.db import migrations

METHODOLOGY = "local-agenda"
# Seeded milestone name: the rule's code (agendas.recognition.MILESTONES, copied:
# a migration keeps the values it was written with).
RULES = {
    "Baseline review": "agenda_baseline",
    "Council commitment": "agenda_council",
    "Evaluation and reporting": "agenda_evaluation",
}


def recognise(apps, schema_editor):
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, code in RULES.items():
        Milestone.objects.filter(
            methodology__code=METHODOLOGY, name=name, recognised_from=""
        ).update(recognised_from=code)


def by_hand(apps, schema_editor):
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, code in RULES.items():
        Milestone.objects.filter(
            methodology__code=METHODOLOGY, name=name, recognised_from=code
        ).update(recognised_from="")


class Migration(migrations.Migration):
    dependencies = [
        ("sustainability", "0010_agendas"),
        ("campaigns", "0005_milestone_rules_registered"),
    ]

    operations = [migrations.RunPython(recognise, by_hand)]

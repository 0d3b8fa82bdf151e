"""The Water Campaign's milestones recognised from water accounts
(sustainability.water.recognition): the inventory and the review from water
inventories, implementation from actions under way with quantified benefits.

Only milestones still as seeded change: recorded by hand (""), or, for
implementation, recognised from any action under way — the Water Campaign asks
for quantified benefits (m³), which a WaterBenefit records. A methodology the
secretariat has changed otherwise is left as it is. Reversing sets back what
was seeded."""

from django.db import migrations

METHODOLOGY = "water"
# milestone name: (recognised from, as seeded; recognised from water accounts)
RULES = {
    "Inventory of water consumption and quality": (("",), "water_inventory"),
    "Implementation and quantified benefits": (("", "actions_under_way"), "water_benefits"),
    "Review": (("",), "water_review"),
}
SEEDED = {
    "Inventory of water consumption and quality": "",
    "Implementation and quantified benefits": "actions_under_way",
    "Review": "",
}


def recognise(apps, schema_editor):
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, (seeded, rule) in RULES.items():
        Milestone.objects.filter(
            methodology__code=METHODOLOGY, name=name, recognised_from__in=seeded
        ).update(recognised_from=rule)


def unrecognise(apps, schema_editor):
    Milestone = apps.get_model("campaigns", "Milestone")
    for name, (_seeded, rule) in RULES.items():
        Milestone.objects.filter(
            methodology__code=METHODOLOGY, name=name, recognised_from=rule
        ).update(recognised_from=SEEDED[name])


class Migration(migrations.Migration):
    dependencies = [
        ("sustainability", "0012_water"),
        ("campaigns", "0005_milestone_rules_registered"),
    ]

    operations = [migrations.RunPython(recognise, unrecognise)]

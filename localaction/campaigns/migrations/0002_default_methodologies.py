"""Load the methodologies and campaigns of the Cape Town Plan, coordinated by the
World Secretariat until the secretariat assigns them."""

from django.db import migrations

from localaction.campaigns.methodologies import CAMPAIGNS, METHODOLOGIES


def load(apps, schema_editor):
    Methodology = apps.get_model("campaigns", "Methodology")
    Milestone = apps.get_model("campaigns", "Milestone")
    Campaign = apps.get_model("campaigns", "Campaign")
    Region = apps.get_model("network", "Region")
    Office = apps.get_model("network", "Office")
    methodologies = {}
    for code, (name, description, milestones) in METHODOLOGIES.items():
        methodology = Methodology.objects.create(code=code, name=name, description=description)
        methodologies[code] = methodology
        Milestone.objects.bulk_create(
            Milestone(
                methodology=methodology,
                number=number,
                name=milestone_name,
                requires=requires,
                evidence=evidence,
                recognised_from=recognised_from,
            )
            for number, (milestone_name, requires, evidence, recognised_from) in enumerate(
                milestones, start=1
            )
        )
    secretariat = Office.objects.get(kind="world")
    for code, (name, methodology, regions, aims) in CAMPAIGNS.items():
        campaign = Campaign.objects.create(
            code=code,
            name=name,
            methodology=methodologies[methodology],
            aims=aims,
            office=secretariat,
        )
        campaign.regions.set(Region.objects.filter(code__in=regions))


def unload(apps, schema_editor):
    apps.get_model("campaigns", "Campaign").objects.all().delete()
    apps.get_model("campaigns", "Methodology").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial"), ("network", "0002_default_regions")]
    operations = [migrations.RunPython(load, unload)]

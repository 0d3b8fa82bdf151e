"""The governing bodies of the Strategic Plan (governance/plan.py) and the
Charter and By-Laws, without versions yet."""

from django.db import migrations

from localaction.governance import plan


def create_bodies(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    Seat = apps.get_model("governance", "Seat")
    Region = apps.get_model("network", "Region")
    GoverningDocument = apps.get_model("governance", "GoverningDocument")

    order = 0

    def body(fields, seats, region=None):
        nonlocal order
        order += 10
        created = Body.objects.create(order=order, region=region, **fields)
        for position, title in enumerate(seats, start=1):
            Seat.objects.create(body=created, title=title, order=position)
        return created

    body(plan.COUNCIL, [])
    excom = body(plan.EXECUTIVE_COMMITTEE, plan.EXECUTIVE_SEATS)
    regions = {region.code: region for region in Region.objects.all()}
    for position, (code, short) in enumerate(plan.REGION_CODES.items(), start=1):
        region = regions.get(code)
        if region is None:
            continue
        Seat.objects.create(
            body=excom, title=plan.REGIONAL_SEAT, region=region, order=10 + position
        )
    for code, short in plan.REGION_CODES.items():
        region = regions.get(code)
        if region is None:
            continue
        body(
            {
**plan.REGIONAL_COMMITTEE, "code": f"REC-{short}"},
            plan.REGIONAL_SEATS,
            region=region,
        )
    for fields, seats in plan.OTHER_BODIES:
        body(fields, seats)
    for position, (code, title) in enumerate(plan.GOVERNING_DOCUMENTS, start=1):
        GoverningDocument.objects.create(code=code, title=title, order=position)


def remove_bodies(apps, schema_editor):
    apps.get_model("governance", "GoverningDocument").objects.all().delete()
    Body = apps.get_model("governance", "Body")
    apps.get_model("governance", "Seat").objects.all().delete()
    Body.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_meetings_decisions_charter"),
        ("network", "0002_default_regions"),
    ]

    operations = [migrations.RunPython(create_bodies, remove_bodies)]

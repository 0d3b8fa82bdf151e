"""The Strategic Plan 2007–2012 (strategy/capetown.py, from data/), adopted:
it predates the platform, so no decision records it (its adoption note says so)."""

from django.db import migrations

from localaction.strategy import capetown


def load_plan(apps, schema_editor):
    StrategicPlan = apps.get_model("strategy", "StrategicPlan")
    Part = apps.get_model("strategy", "Part")
    Area = apps.get_model("strategy", "Area")
    Goal = apps.get_model("strategy", "Goal")
    plan = StrategicPlan.objects.create(
        title=capetown.TITLE,
        first_year=capetown.FIRST_YEAR,
        last_year=capetown.LAST_YEAR,
        status="adopted",
        adoption_note=capetown.ADOPTION_NOTE,
    )
    order = 0
    for part_row in capetown.read_plan():
        part = Part.objects.create(plan=plan, number=part_row.number, title=part_row.title)
        for area_row in part_row.areas:
            order += 10
            area = Area.objects.create(
                plan=plan, part=part, number=area_row.number, title=area_row.title, order=order
            )
            Goal.objects.bulk_create(
                Goal(area=area, letter=letter, title=title, order=position)
                for position, (letter, title) in enumerate(area_row.goals, start=1)
            )


def remove_plan(apps, schema_editor):
    apps.get_model("strategy", "StrategicPlan").objects.filter(
        title=capetown.TITLE, adopted_by__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load_plan, remove_plan)]

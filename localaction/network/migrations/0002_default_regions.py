"""Load the nine default regions, every ISO 3166-1 country, and the World Secretariat."""

import pycountry
from django.db import migrations

from localaction.network.regions import DEFAULT_REGIONS, default_region_of_country


def load(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    Country = apps.get_model("network", "Country")
    Office = apps.get_model("network", "Office")
    regions = {
        code: Region.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, (name, _countries) in DEFAULT_REGIONS.items()
    }
    region_of = default_region_of_country()
    Country.objects.bulk_create(
        Country(code=c.alpha_2, name=getattr(c, "common_name", c.name), region=regions[region_of[c.alpha_2]])
        for c in pycountry.countries
    )
    Office.objects.get_or_create(
        kind="world",
        defaults={"code": "world-secretariat", "name": "World Secretariat", "city": "Bonn", "country_id": "DE"},
    )


def unload(apps, schema_editor):
    apps.get_model("network", "Office").objects.filter(kind="world").delete()
    apps.get_model("network", "Country").objects.all().delete()
    apps.get_model("network", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

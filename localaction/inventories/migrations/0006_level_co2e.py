"""Each inventory's level sums weighted by every GWP set (InventoryLevelCO2e),
made from its level sums by core.coverage.weigh_level_sums, as
inventories.services.inventory_summarise keeps them from now on; and the index
the report's first read uses."""

import django.db.models.deletion
from django.db import migrations, models

from localaction.core.coverage import SCOPES, SECTOR_REFS, weigh_level_sums
from localaction.core.gwp import GWP_SETS

BATCH = 2000  # inventories read at a time
SUMS = (
    "kg",
    *(f"sector_{ref.lower()}_kg" for ref in SECTOR_REFS),
    *(f"scope_{s}_kg" for s in SCOPES),
)
TONNES = (
    "t",
    *(f"sector_{ref.lower()}_t" for ref in SECTOR_REFS),
    *(f"scope_{s}_t" for s in SCOPES),
)


def fill_level_co2e(apps, schema_editor):
    Inventory = apps.get_model("inventories", "Inventory")
    InventoryLevelTotal = apps.get_model("inventories", "InventoryLevelTotal")
    InventoryLevelCO2e = apps.get_model("inventories", "InventoryLevelCO2e")
    inventories = list(Inventory.objects.order_by("pk").values_list("pk", "local_government_id"))
    for start in range(0, len(inventories), BATCH):
        batch = dict(inventories[start : start + BATCH])
        sums = {}
        for inventory, level, gas, *masses in InventoryLevelTotal.objects.filter(
            inventory_id__in=list(batch)
        ).values_list("inventory_id", "level", "gas", *SUMS):
            sums.setdefault((inventory, level), []).append((gas, masses))
        made = []
        for (inventory, level), of_gases in sums.items():
            for name in GWP_SETS:
                weighted = weigh_level_sums(of_gases, name)
                made.append(
                    InventoryLevelCO2e(
                        local_government_id=batch[inventory],
                        inventory_id=inventory,
                        level=level,
                        gwp_set=name,
                        unweighted=weighted.unweighted,
                        blank=weighted.blank,
                        **dict(zip(TONNES, weighted.values, strict=True)),
                    )
                )
        InventoryLevelCO2e.objects.bulk_create(made, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("inventories", "0005_quantity_bounds"),
        ("network", "0004_population_growth"),
    ]

    operations = [
        migrations.CreateModel(
            name="InventoryLevelCO2e",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.CharField(max_length=12)),
                ("gwp_set", models.CharField(max_length=20)),
                ("t", models.FloatField()),
                ("sector_i_t", models.FloatField()),
                ("sector_ii_t", models.FloatField()),
                ("sector_iii_t", models.FloatField()),
                ("sector_iv_t", models.FloatField()),
                ("sector_v_t", models.FloatField()),
                ("sector_vi_t", models.FloatField()),
                ("scope_1_t", models.FloatField()),
                ("scope_2_t", models.FloatField()),
                ("scope_3_t", models.FloatField()),
                ("unweighted", models.PositiveSmallIntegerField(default=0)),
                ("blank", models.PositiveSmallIntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="inventory",
            index=models.Index(
                fields=["status", "year", "local_government"], name="inventory_status_year"
            ),
        ),
        migrations.AddField(
            model_name="inventorylevelco2e",
            name="inventory",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="level_co2e",
                to="inventories.inventory",
            ),
        ),
        # The unique index (inventory, level, gas) leads with the inventory: the
        # foreign key's own index only misled PostgreSQL's planner.
        migrations.AlterField(
            model_name="inventoryleveltotal",
            name="inventory",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="level_totals",
                to="inventories.inventory",
            ),
        ),
        migrations.AddField(
            model_name="inventorylevelco2e",
            name="local_government",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="network.localgovernment",
            ),
        ),
        migrations.AddConstraint(
            model_name="inventorylevelco2e",
            constraint=models.UniqueConstraint(
                fields=("inventory", "level", "gwp_set"), name="one_level_co2e_per_gwp_set"
            ),
        ),
        migrations.RunPython(fill_level_co2e, migrations.RunPython.noop),
    ]

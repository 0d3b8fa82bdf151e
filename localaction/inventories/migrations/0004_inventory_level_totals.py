"""Level sums of every inventory (InventoryLevelTotal), made from its per-cell
totals by core.coverage.level_sums, as inventories.services.inventory_summarise
keeps them from now on."""

import django.db.models.deletion
from django.db import migrations, models

from localaction.core.coverage import SCOPES, SECTOR_REFS, SUMMARY_LEVELS, level_sums, summable

BATCH = 2000  # inventories read at a time


def _finite(value):
    return value if summable(value) else None


def fill_level_totals(apps, schema_editor):
    Inventory = apps.get_model("inventories", "Inventory")
    InventoryTotal = apps.get_model("inventories", "InventoryTotal")
    InventoryLevelTotal = apps.get_model("inventories", "InventoryLevelTotal")
    sectors = [f"sector_{ref.lower()}_kg" for ref in SECTOR_REFS]
    scopes = [f"scope_{scope}_kg" for scope in SCOPES]
    inventories = list(Inventory.objects.order_by("pk").values_list("pk", "local_government_id"))
    for start in range(0, len(inventories), BATCH):
        batch = dict(inventories[start : start + BATCH])
        rows = {pk: [] for pk in batch}
        for inventory, ref, gas, kg in InventoryTotal.objects.filter(
            inventory_id__in=list(batch)
        ).values_list("inventory_id", "gpc_ref", "gas", "kg"):
            rows[inventory].append((ref, gas, kg))
        made = []
        for pk, cell_rows in rows.items():
            for level in SUMMARY_LEVELS:
                for gas, sums in level_sums(cell_rows, level).items():
                    made.append(
                        InventoryLevelTotal(
                            local_government_id=batch[pk],
                            inventory_id=pk,
                            level=level,
                            gas=gas,
                            kg=_finite(sums.kg),
                            **dict(zip(sectors, map(_finite, sums.by_sector_kg), strict=True)),
                            **dict(zip(scopes, map(_finite, sums.by_scope_kg), strict=True)),
                        )
                    )
        InventoryLevelTotal.objects.bulk_create(made, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [
        ("inventories", "0003_inventory_versions"),
        ("network", "0004_population_growth"),
    ]

    operations = [
        migrations.CreateModel(
            name="InventoryLevelTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("level", models.CharField(max_length=12)),
                ("gas", models.CharField(max_length=20)),
                ("kg", models.FloatField(null=True)),
                ("sector_i_kg", models.FloatField(null=True)),
                ("sector_ii_kg", models.FloatField(null=True)),
                ("sector_iii_kg", models.FloatField(null=True)),
                ("sector_iv_kg", models.FloatField(null=True)),
                ("sector_v_kg", models.FloatField(null=True)),
                ("sector_vi_kg", models.FloatField(null=True)),
                ("scope_1_kg", models.FloatField(null=True)),
                ("scope_2_kg", models.FloatField(null=True)),
                ("scope_3_kg", models.FloatField(null=True)),
                (
                    "inventory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="level_totals",
                        to="inventories.inventory",
                    ),
                ),
                (
                    "local_government",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="network.localgovernment",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inventory", "level", "gas"), name="one_level_total_per_gas"
                    )
                ],
            },
        ),
        migrations.RunPython(fill_level_totals, migrations.RunPython.noop),
    ]

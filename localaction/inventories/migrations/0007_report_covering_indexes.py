"""Covering indexes for the network report on PostgreSQL.

The report reads one row per counted inventory of a year from
InventoryLevelCO2e and their gases' kg from InventoryLevelTotal. Those rows lie
one per table page, so a report touched some 30,000 pages — more than
PostgreSQL's shared memory keeps. These indexes hold the columns the report
reads (INCLUDE), ordered by level (and GWP set) first, so that it scans a slice
of a few thousand index pages that stay in memory, without visiting the table
(`localaction bench report`). SQLite has no INCLUDE and meets the report's
target without them: they are made on PostgreSQL only.
"""

from django.db import migrations

CO2E_COLUMNS = (
    "t, sector_i_t, sector_ii_t, sector_iii_t, sector_iv_t, sector_v_t, sector_vi_t, "
    "scope_1_t, scope_2_t, scope_3_t, unweighted, blank"
)
INDEXES = (
    (
        "level_co2e_report",
        "inventories_inventorylevelco2e (level, gwp_set, inventory_id) "
        f"INCLUDE ({CO2E_COLUMNS})",
    ),
    ("level_gas_kg", "inventories_inventoryleveltotal (level, inventory_id) INCLUDE (gas, kg)"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("inventories", "0006_level_co2e")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

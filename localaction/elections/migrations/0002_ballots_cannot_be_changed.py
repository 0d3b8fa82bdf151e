"""Nobody changes a ballot, whoever asks: the database refuses any UPDATE of the
ballot table (a trigger on SQLite and PostgreSQL). The application has no
update path either (models.Ballot); this holds for a shell, a script or a
mistaken migration too."""

from django.db import migrations

TABLE = "elections_ballot"
MESSAGE = "Ballots cannot be changed."

SQLITE = [
    f"""CREATE TRIGGER elections_ballot_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS elections_ballot_no_update;"]

POSTGRESQL = [
    f"""CREATE FUNCTION elections_ballot_refuse_update() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END;
    $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER elections_ballot_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION elections_ballot_refuse_update();""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS elections_ballot_no_update ON {TABLE};",
    "DROP FUNCTION IF EXISTS elections_ballot_refuse_update();",
]


def _run(statements):
    def run(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor, [])
        for statement in chosen:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_elections_candidates_electorate_ballots")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]

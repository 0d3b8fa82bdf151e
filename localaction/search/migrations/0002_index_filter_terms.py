"""The index gains each entry's filter terms (models.filter_term): the
searches' filters are words of the full-text match now, so an index written
before matches no filtered search until it is rebuilt.

A database holding entries gets the rebuild queued for a worker (which runs
it with the code of the whole release, once every migration is applied); a
new database has nothing to rebuild."""

from django.db import migrations


def queue_rebuild(apps, schema_editor):
    if not apps.get_model("search", "Entry").objects.using(schema_editor.connection.alias).exists():
        return
    from localaction.search.tasks import rebuild_index

    rebuild_index.enqueue()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_entries"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(queue_rebuild, migrations.RunPython.noop, elidable=True)]

"""Every invoice names its customer: the dues invoices issued before fee
invoices existed take their member's name as it stands now (the register keeps
no billing address or e-mail, so those stay empty; the member's editors are
e-mailed, as before)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def name_the_members(apps, schema_editor):
    Invoice = apps.get_model("finance", "Invoice")
    LocalGovernment = apps.get_model("network", "LocalGovernment")
    # QuerySet.update: the model refuses edits of issued invoices; this fills a
    # field that did not exist when they were issued.
    Invoice.objects.filter(customer_name="", local_government__isnull=False).update(
        customer_name=Subquery(
            LocalGovernment.objects.filter(pk=OuterRef("local_government_id")).values("name")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("finance", "0007_invoice_purpose_and_customer")]

    operations = [migrations.RunPython(name_the_members, migrations.RunPython.noop)]

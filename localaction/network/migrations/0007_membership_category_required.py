import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0006_default_membership_categories")]
    operations = [
        migrations.AlterField(
            model_name="membership",
            name="category",
            field=models.ForeignKey(
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="network.membershipcategory",
                verbose_name="category",
            ),
        ),
    ]

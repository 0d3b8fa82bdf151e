"""The membership categories of issue 12, and a category for every membership."""

from django.db import migrations

# The categories issue 12 names. Associations vote like full members: they are
# members of their own type, and the issue withholds the vote from associate
# members only. The secretariat edits all of this as data afterwards.
CATEGORIES = [
    # code, name, membership type, votes, pays dues, fee basis, default for its type
    ("full", "Full member", "full", True, True, "population", True),
    ("associate", "Associate member", "associate", False, True, "population", True),
    ("national-association", "National association of local governments", "association", True, True, "flat", True),
    ("subnational-association", "Subnational association of local governments", "association", True, True, "flat", False),
    ("campaign-participant", "Campaign participant (not a member)", "", False, False, "none", False),
]


def create_categories(apps, schema_editor):
    """Create the categories and give every membership one: its type's default,
    except an association with an ISO 3166-2 subdivision, which is subnational."""
    Category = apps.get_model("network", "MembershipCategory")
    Membership = apps.get_model("network", "Membership")
    HistoricalMembership = apps.get_model("network", "HistoricalMembership")
    by_code = {}
    for code, name, type_, votes, pays, basis, default in CATEGORIES:
        by_code[code] = Category.objects.create(
            code=code, name=name, membership_type=type_, votes=votes, pays_dues=pays,
            fee_basis=basis, is_default_for_type=default,
        )
    for type_, code in (("full", "full"), ("associate", "associate"), ("association", "national-association")):
        Membership.objects.filter(type=type_).update(category=by_code[code])
        HistoricalMembership.objects.filter(type=type_).update(category=by_code[code])
    subnational = Membership.objects.filter(type="association").exclude(local_government__subdivision="")
    subnational.update(category=by_code["subnational-association"])


def remove_categories(apps, schema_editor):
    apps.get_model("network", "Membership").objects.update(category=None)
    apps.get_model("network", "HistoricalMembership").objects.update(category=None)
    apps.get_model("network", "MembershipCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0005_membership_categories")]
    operations = [migrations.RunPython(create_categories, remove_categories)]

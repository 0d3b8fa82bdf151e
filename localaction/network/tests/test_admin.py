"""Memberships in the admin obey Membership.move_to: the status and its dates are
not form fields; decisions are admin actions that stamp the approver; a membership
is a record, withdrawn rather than deleted."""

import datetime

from localaction.network.models import Membership

CHANGELIST = "/admin/network/membership/"


def test_a_membership_status_cannot_be_set_in_its_form(client_as, cast):
    membership = Membership.objects.get(local_government=cast.freiburg)
    url = f"{CHANGELIST}{membership.pk}/change/"
    admin = client_as("secretariat")
    assert 'name="status"' not in admin.get(url).content.decode()

    response = admin.post(
        url,
        {
            "type": membership.type,
            "status": "withdrawn",
            "ended_on": "2024-01-01",
            "applied_on": membership.applied_on.isoformat(),
            "note": "checked",
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.ended_on, membership.note) == ("active", None, "checked")


def test_approving_in_the_admin_stamps_the_approver(client_as, cast):
    application = Membership.objects.create(local_government=cast.nairobi)
    response = client_as("secretariat").post(
        CHANGELIST, {"action": "move_to_approved", "_selected_action": [application.pk]}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.approved_by == cast.secretariat
    assert application.approved_on == datetime.date.today()


def test_a_move_the_rules_forbid_is_refused_with_their_message(client_as, cast):
    membership = Membership.objects.get(local_government=cast.freiburg)  # active
    response = client_as("secretariat").post(
        CHANGELIST,
        {"action": "move_to_approved", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert "A membership cannot go from Active to Approved." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == "active"


def test_a_membership_is_not_deleted(client_as, cast):
    membership = Membership.objects.get(local_government=cast.freiburg)
    admin = client_as("secretariat")
    page = admin.post(f"{CHANGELIST}{membership.pk}/delete/", {"post": "yes"})
    bulk = admin.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    assert page.status_code == bulk.status_code == 200
    assert "withdraw it rather than delete it" in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()

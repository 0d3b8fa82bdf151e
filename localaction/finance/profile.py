"""The member's invoices on its profile page (dues and fees): the latest, for those who
may read them (its editors, the staff covering it, the secretariat)."""

from __future__ import annotations

from localaction.finance import permissions
from localaction.finance.models import Invoice
from localaction.network.sections import member_profile

SHOWN = 5


def invoices_section(user, local_government) -> dict | None:
    # Imported here: the views module reads the forms and the dues run.
    from localaction.finance.views.invoices import may_read_member_invoices

    if not user.is_authenticated or not may_read_member_invoices(user, local_government):
        return None
    invoices = (
        permissions.invoices_readable_by(
            user, Invoice.objects.filter(local_government=local_government)
        )
        .with_balance()
        .order_by("-issued_on", "-number")
    )
    return {"invoices": list(invoices[:SHOWN])}


member_profile.register("invoices", "finance/invoices_section.html", invoices_section, order=90)

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of


class LocalActionAdminSite(AdminSite):
    """The Django admin, open to the secretariat (not to Django's `is_staff` flag)."""

    site_header = _("Local Action administration")
    site_title = _("Local Action")
    index_title = _("Secretariat")

    def has_permission(self, request) -> bool:
        return request.user.is_active and access_of(request.user).is_secretariat


class ObeysServices:
    """A model admin that changes records only the way the site does.

    Workflow fields are read-only in its forms; state changes are admin actions
    that call the same service functions, with the same permission checks, as
    the pages and the API (`act_on_each`); and what the domain refuses to delete
    — `deletion_refusal` says why — is refused on the delete page and in the
    bulk delete action alike, listed beside what the database protects.
    """

    def deletion_refusal(self, obj) -> str | None:
        """Why the domain forbids deleting `obj`, or None."""
        return None

    # simple_history's "revert" saves a past state whole — a status and its
    # stamps included — past every service: its history is read here, never
    # written back.
    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(_("A past state is not restored here: use the actions."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [
            f"{obj}: {reason}" for obj in objs if (reason := self.deletion_refusal(obj)) is not None
        ]
        return deleted, counts, perms_needed, [*protected, *refused]

    def delete_model(self, request, obj) -> None:
        self._refuse_deleting([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        self._refuse_deleting(queryset)
        super().delete_queryset(request, queryset)

    def _refuse_deleting(self, objs) -> None:
        # Reached only past get_deleted_objects' refusal: a last guard, not the message.
        for obj in objs:
            if (reason := self.deletion_refusal(obj)) is not None:
                raise PermissionDenied(reason)

    def act_on_each(self, request, queryset, act, *, allowed, done: str) -> None:
        """`act(obj)` for each selected record the person is `allowed(obj)` to act
        on; refusals (a ValidationError of the service, or no permission) are
        told per record and change nothing for that record."""
        succeeded = 0
        for obj in queryset:
            if not allowed(obj):
                self.message_user(
                    request, _("%(obj)s: not yours to change.") % {"obj": obj}, messages.ERROR
                )
                continue
            try:
                with transaction.atomic():
                    act(obj)
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{obj}: {' '.join(error.messages)}",
                    messages.ERROR,
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, done % {"count": succeeded}, messages.SUCCESS)

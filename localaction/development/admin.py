"""Regional development in the admin (the secretariat's), obeying the same
rules as the pages: a prospect's status is read-only here (it moves on its
page, through `development.services`, and joins with a membership), a new
prospect is added through `services.prospect_create` (its first change
recorded), and every record is checked by its model's `clean`."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext

from localaction.admin import ObeysServices
from localaction.development import services
from localaction.development.models import (
    MembershipTarget,
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
    Prospect,
    ProspectChange,
    ProspectContact,
)


class ContactFormSet(BaseInlineFormSet):
    """Two rows of one form with the same e-mail: each row alone passes the
    model's check against what is saved, so the form set compares them."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            email = (data.get("email") or "").strip().lower()
            if not email or data.get("DELETE"):
                continue
            if email in seen:
                form.add_error(
                    "email", gettext("This prospect already has a contact with this e-mail.")
                )
            seen.add(email)


class ContactInline(admin.TabularInline):
    model = ProspectContact
    formset = ContactFormSet
    extra = 0
    fields = ["name", "role", "email", "phone"]


class ChangeInline(admin.TabularInline):
    model = ProspectChange
    extra = 0
    fields = ["status", "changed_on", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Prospect)
class ProspectAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["local_government", "office", "status", "identified_on", "next_step_on"]
    list_filter = ["status", "office"]
    search_fields = ["local_government__name", "local_government__code"]
    raw_id_fields = ["local_government"]
    readonly_fields = ["status", "created_by"]
    inlines = [ContactInline, ChangeInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Moving a prospect to another office or local government would
            # rewrite its history; a new prospect is added instead.
            return [*self.readonly_fields, "office", "local_government", "identified_on"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.prospect_create(
            office=obj.office,
            local_government=obj.local_government,
            by=request.user,
            identified_on=obj.identified_on,
            next_step=obj.next_step,
            next_step_on=obj.next_step_on,
            note=obj.note,
        )
        obj.pk = created.pk
        obj._state.adding = False


class TargetInline(admin.TabularInline):
    model = MembershipTarget
    extra = 0
    fields = ["year", "members"]


@admin.register(PriorityRegion)
class PriorityRegionAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    filter_horizontal = ["countries"]
    inlines = [TargetInline]


class ContractInline(admin.TabularInline):
    model = OfficeContract
    extra = 0
    fields = ["kind", "signed_on", "valid_until", "document", "note"]


@admin.register(OfficeArrangement)
class OfficeArrangementAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["office", "host_organisation", "funder", "funded_from", "funded_until", "staff"]
    search_fields = ["office__name", "host_organisation", "funder"]


@admin.register(OfficeContract)
class OfficeContractAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["office", "kind", "signed_on", "valid_until"]
    list_filter = ["kind", "office"]

"""The governance records in the admin (the secretariat's), obeying the same
services and permissions as every other door: a mandate is given through
`services.fill_seat` and ended early through `services.end_mandate`; a
decision is recorded through `decisions.record_decision` (its reference,
quorum and outcome checked there) and never deleted; a membership approval
goes through `decisions.approve_membership`; a version of the Charter or
By-Laws through `charter.record_version`, and is not changed afterwards."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from localaction.admin import ObeysServices
from localaction.governance import charter, decisions, services
from localaction.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DocumentVersion,
    GoverningDocument,
    Mandate,
    Meeting,
    MembershipApproval,
    Seat,
    term_end,
)


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["title", "region", "order", "abolished_on"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None) -> bool:
        # A seat once held keeps its history: it is abolished, not deleted.
        return False


@admin.register(Body)
class BodyAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "region", "eligibility", "term_years", "is_public"]
    list_filter = ["kind", "is_public", "region"]
    search_fields = ["code", "name"]
    inlines = [SeatInline]

    def get_readonly_fields(self, request, obj=None):
        # The code begins the references of the body's decisions: fixed once it has one.
        if obj is not None and obj.decisions.exists():
            return ["code"]
        return []

    def deletion_refusal(self, obj) -> str | None:
        if Mandate.objects.filter(seat__body=obj).exists() or obj.meetings.exists():
            return gettext("A body with mandates or meetings on record is not deleted.")
        return None


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    can_delete = False
    fields = ["holder_name", "local_government", "starts_on", "ends_on", "ended_on", "end_reason"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Seat)
class SeatAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["__str__", "body", "region", "order", "abolished_on"]
    list_filter = ["body"]
    search_fields = ["title", "body__code", "body__name"]
    inlines = [MandateInline]

    def deletion_refusal(self, obj) -> str | None:
        if obj.mandates.exists():
            return gettext("A seat that was held is abolished, not deleted.")
        return None


class MandateForm(forms.ModelForm):
    """Checks what `fill_seat` checks (the seat free for all of the mandate, the
    holder eligible) while the form can still show it; the model's own rules
    (an early end has a reason) come with the form's validation."""

    class Meta:
        model = Mandate
        fields = [
            "seat",
            "holder_name",
            "holder_title",
            "user",
            "local_government",
            "starts_on",
            "ends_on",
            "obtained",
            "election_reference",
            "note",
            "ended_on",
            "end_reason",
        ]
        help_texts = {
            "ends_on": _("Empty when adding: one term of the body from the start."),
        }

    def _post_clean(self) -> None:
        super()._post_clean()  # the instance built from the form, the model's rules checked
        mandate = self.instance
        if self.errors or not mandate.seat_id or not mandate.starts_on:
            return
        if mandate._state.adding and mandate.ends_on is None:
            mandate.ends_on = term_end(mandate.starts_on, mandate.seat.body.term_years)
        try:
            services.check_seat_free(mandate)
        except ValidationError as error:
            self.add_error(None, error)
        if mandate._state.adding:
            for problem in services.seat_eligibility_problems(
                mandate.seat,
                mandate.local_government,
                mandate.starts_on,
                holder_name=mandate.holder_name,
                user=mandate.user,
            ):
                self.add_error(None, problem)


@admin.register(Mandate)
class MandateAdmin(ObeysServices, SimpleHistoryAdmin):
    """A new mandate goes through `fill_seat`; an early end is a change of the
    end and its reason, checked as `end_mandate` checks it."""

    form = MandateForm
    list_display = [
        "holder_name",
        "seat",
        "local_government",
        "starts_on",
        "ends_on",
        "ended_on",
        "end_reason",
        "obtained",
    ]
    list_filter = ["seat__body", "obtained", "end_reason"]
    search_fields = ["holder_name", "local_government__name", "seat__title"]
    autocomplete_fields = ["local_government", "user"]
    date_hierarchy = "starts_on"
    actions = ["member_left"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["ended_on", "end_reason"]
        # The seat, holder and start of a mandate are its history.
        readonly = ["seat", "local_government", "starts_on", "obtained", "user"]
        # As stored: a refused form has already set the instance's end.
        if Mandate.objects.filter(pk=obj.pk, ended_on__isnull=False).exists():
            readonly += ["ended_on", "end_reason", "ends_on"]
        return readonly

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = services.fill_seat(
            obj.seat,
            holder_name=obj.holder_name,
            local_government=obj.local_government,
            starts_on=obj.starts_on,
            obtained=obj.obtained,
            user=obj.user,
            ends_on=obj.ends_on,
            holder_title=obj.holder_title,
            election_reference=obj.election_reference,
            note=obj.note,
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A mandate is part of the body's history: end it, do not delete it.")

    @admin.action(description=_("End the selected mandates: the member left the Association"))
    def member_left(self, request, queryset) -> None:
        """Each ended on the day its member's membership ended (today if the
        register does not say), with that reason, through `end_mandate`."""
        self.act_on_each(
            request,
            queryset.select_related("local_government"),
            lambda mandate: services.end_mandate(
                mandate,
                on=max(services.left_on(mandate.local_government), mandate.starts_on),
                reason=Mandate.EndReason.MEMBER_LEFT,
            ),
            allowed=lambda mandate: mandate.local_government_id is not None,
            done=gettext("%(count)d mandates ended."),
        )


# Meetings


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "is_public"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["mandate", "local_government", "delegate", "present", "excused"]
    autocomplete_fields = ["mandate", "local_government"]


@admin.register(Meeting)
class MeetingAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["title", "body", "held_on", "place", "is_public"]
    list_filter = ["body", "is_public"]
    search_fields = ["title", "place"]
    date_hierarchy = "held_on"
    inlines = [AgendaItemInline, AttendanceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def deletion_refusal(self, obj) -> str | None:
        if obj.decisions.exists():
            return gettext("A meeting that took decisions is not deleted.")
        return None


class AgendaDocumentInline(admin.TabularInline):
    model = AgendaDocument
    extra = 0
    fields = ["title", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ObeysServices, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "is_public"]
    list_filter = ["meeting__body"]
    search_fields = ["title", "meeting__title"]
    inlines = [AgendaDocumentInline]

    def save_formset(self, request, form, formset, change) -> None:
        for document in formset.save(commit=False):
            if document.pk is None:
                document.uploaded_by = request.user
            document.save()
        for removed in formset.deleted_objects:
            removed.delete()

    def deletion_refusal(self, obj) -> str | None:
        if obj.decisions.exists():
            return gettext("An agenda item with decisions is not deleted.")
        return None


# Decisions


class DecisionForm(forms.ModelForm):
    """A new decision is checked by `decisions.new_decision` (quorum, counts,
    outcome) while the form can show it; `record_decision` then numbers it."""

    class Meta:
        model = Decision
        fields = [
            "meeting",
            "agenda_item",
            "title",
            "motion",
            "method",
            "majority",
            "votes_for",
            "votes_against",
            "abstentions",
            "outcome",
            "minutes",
            "is_public",
            "without_quorum",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if "outcome" in self.fields:
            self.fields["outcome"].required = False

    def _post_clean(self) -> None:
        if self.instance.pk is not None:
            super()._post_clean()
            return
        if self.errors:
            return
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        meeting = fields.pop("meeting")
        fields["outcome"] = fields["outcome"] or ""
        self.new_meeting, self.new_fields = meeting, fields
        try:
            decisions.new_decision(meeting, by=self.request.user, **fields)
        except ValidationError as error:
            self._update_errors(error)
        except PermissionDenied as refused:
            self.add_error(None, str(refused))


@admin.register(Decision)
class DecisionAdmin(ObeysServices, SimpleHistoryAdmin):
    """Decisions are recorded through `record_decision` and never deleted; once
    recorded, only the minutes, the publicity and the title are corrected here."""

    form = DecisionForm
    list_display = ["reference", "title", "body", "decided_on", "outcome", "without_quorum"]
    list_filter = ["body", "year", "outcome", "is_public", "without_quorum"]
    search_fields = ["reference", "title", "motion"]
    date_hierarchy = "decided_on"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithRequest(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return WithRequest

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            f.name
            for f in Decision._meta.concrete_fields
            if f.name not in ("title", "minutes", "is_public")
        ]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = decisions.record_decision(form.new_meeting, by=request.user, **form.new_fields)
        obj.pk, obj.reference = saved.pk, saved.reference
        obj._state.adding = False

    def deletion_refusal(self, obj) -> str | None:
        return gettext(
            "A decision keeps its reference for ever: it is never deleted (a later decision "
            "may rescind it)."
        )


class MembershipApprovalForm(forms.ModelForm):
    class Meta:
        model = MembershipApproval
        fields = ["membership", "decision"]


@admin.register(MembershipApproval)
class MembershipApprovalAdmin(ObeysServices, admin.ModelAdmin):
    """Linked through `approve_membership`, which approves a membership still
    waiting for approval, dated the day of the decision."""

    form = MembershipApprovalForm
    list_display = ["membership", "decision", "recorded_at", "recorded_by"]
    search_fields = ["membership__local_government__name", "decision__reference"]
    autocomplete_fields = ["decision"]
    raw_id_fields = ["membership"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        saved = decisions.approve_membership(obj.membership, obj.decision, by=request.user)
        obj.pk = saved.pk
        obj._state.adding = False

    def deletion_refusal(self, obj) -> str | None:
        return gettext("The approval of a membership is part of its record.")


# The Charter and By-Laws


@admin.register(GoverningDocument)
class GoverningDocumentAdmin(ObeysServices, admin.ModelAdmin):
    list_display = ["title", "code", "order"]

    def deletion_refusal(self, obj) -> str | None:
        if obj.versions.exists():
            return gettext("A document with versions on record is not deleted.")
        return None


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ObeysServices, admin.ModelAdmin):
    """A version is recorded through `record_version` and then fixed: a
    correction is a new version, so the text a decision adopted stays readable."""

    list_display = ["__str__", "in_force_from", "decision"]
    list_filter = ["document"]
    fields = ["document", "label", "in_force_from", "decision", "summary", "text"]
    autocomplete_fields = ["decision"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None

    def save_model(self, request, obj, form, change) -> None:
        saved = charter.record_version(
            obj.document,
            label=obj.label,
            text=obj.text,
            in_force_from=obj.in_force_from,
            decision=obj.decision,
            summary=obj.summary,
            by=request.user,
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def deletion_refusal(self, obj) -> str | None:
        return gettext("A version of the Charter or By-Laws is part of the record.")

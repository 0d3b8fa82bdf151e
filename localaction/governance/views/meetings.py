"""Governance pages: meetings (routed by `urls`, which governance/urls.py includes).

- A meeting's page: date, place or online link, the agenda items the person
  may read with their documents, attendance and the quorum of the body's
  rule, and the decisions taken.
- For those who keep the body (`permissions.can_keep_body`: the secretariat,
  and for a regional body the staff of offices covering its region): plan or
  change a meeting, add agenda items with their documents, record attendance
  and record decisions (`decisions.record_decision`, which refuses a decision
  without quorum unless it is marked so).

A meeting or item someone may not read is a 404; an action they may not take a 403.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.forms import show_refusal
from localaction.governance import decisions as decision_services
from localaction.governance import permissions
from localaction.governance.models import (
    AgendaDocument,
    AgendaItem,
    Body,
    Decision,
    Meeting,
)
from localaction.governance.views.common import (
    kept_meeting,
    readable_body,
    readable_meeting,
)


def meeting(request, pk: int):
    meeting = readable_meeting(request, pk)
    body = meeting.body
    may_read_all = permissions.can_read_all_of_body(request.user, body)
    items = meeting.agenda_items.prefetch_related("documents")
    if not may_read_all:
        items = items.filter(is_public=True)
    decisions = permissions.records_readable_by(request.user, meeting.decisions.all())
    attendances = meeting.attendances.select_related(
        "mandate__seat__region", "local_government"
    ).order_by("-present", "mandate__seat__order", "local_government__name")
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "body": body,
            "items": items,
            "decisions": decisions.order_by("number"),
            "attendances": attendances,
            "quorum": meeting.quorum(),
            "may_keep": permissions.can_keep_body(request.user, body),
            "may_read_all": may_read_all,
        },
    )


def document_download(request, pk: int):
    """An agenda document: for everyone when its item and meeting are public
    (and the body), else for those who read all the body's records."""
    document = get_object_or_404(
        AgendaDocument.objects.select_related("item__meeting__body"), pk=pk
    )
    item = document.item
    body = item.meeting.body
    public = item.is_public and item.meeting.is_public and body.is_public
    if not (public or permissions.can_read_all_of_body(request.user, body)):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=Path(document.file.name).name)


# The keepers' forms


class MeetingForm(forms.ModelForm):
    online_link = forms.URLField(
        label=Meeting._meta.get_field("online_link").verbose_name,
        help_text=Meeting._meta.get_field("online_link").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Meeting
        fields = ["title", "held_on", "place", "online_link", "is_public", "note"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


@login_required
def meeting_form(request, code: str | None = None, pk: int | None = None):
    """Plan a meeting of a body, or change one."""
    if pk is not None:
        instance = kept_meeting(request, pk)
        body = instance.body
    else:
        body = readable_body(request, code)
        if not permissions.can_keep_body(request.user, body):
            raise PermissionDenied
        instance = Meeting(body=body)
    form = MeetingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The meeting is saved."))
        return redirect(saved)
    return render(
        request, "governance/meeting_form.html", {"form": form, "body": body, "meeting": instance}
    )


class AgendaItemForm(forms.ModelForm):
    document_title = forms.CharField(
        label=gettext_lazy("Document title"), max_length=200, required=False
    )
    document = forms.FileField(
        label=gettext_lazy("Document"),
        required=False,
        help_text=AgendaDocument._meta.get_field("file").help_text,
    )

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_title"):
            self.add_error("document_title", _("Give the document a title."))
        # The meeting is not a field of the form, so its constraint of one item
        # per number is checked here.
        number = cleaned.get("number")
        taken = self.instance.meeting.agenda_items.filter(number=number)
        if number is not None and taken.exclude(pk=self.instance.pk).exists():
            self.add_error("number", _("The agenda already has an item of this number."))
        return cleaned


@login_required
def agenda_item_form(request, pk: int, item: int | None = None):
    """Add an agenda item (or change one), with a document to attach."""
    meeting = kept_meeting(request, pk)
    instance = (
        get_object_or_404(AgendaItem, meeting=meeting, pk=item)
        if item is not None
        else AgendaItem(
            meeting=meeting,
            number=(
                meeting.agenda_items.order_by("-number").values_list("number", flat=True).first()
                or 0
            )
            + 1,
        )
    )
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
                if upload := form.cleaned_data.get("document"):
                    document = AgendaDocument(
                        item=saved,
                        title=form.cleaned_data["document_title"],
                        file=upload,
                        uploaded_by=request.user,
                    )
                    document.full_clean(exclude=["item"])
                    document.save()
        except ValidationError as error:
            show_refusal(form, _on_document_field(error))
        else:
            messages.success(request, _("The agenda item is saved."))
            return redirect(meeting)
    return render(
        request,
        "governance/agenda_item_form.html",
        {"form": form, "meeting": meeting, "item": instance},
    )


def _on_document_field(error: ValidationError) -> ValidationError:
    """The document's own refusals (its file) under the form's `document` field."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                ("document" if field == "file" else field): problems
                for field, problems in error.error_dict.items()
            }
        )
    return error


class AttendanceForm(forms.Form):
    """One line per person (or member) entitled to sit: present, excused or absent."""

    PRESENT, EXCUSED, ABSENT = "present", "excused", "absent"
    CHOICES = [
        (PRESENT, gettext_lazy("Present")),
        (EXCUSED, gettext_lazy("Excused")),
        (ABSENT, gettext_lazy("Absent")),
    ]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_council = meeting.body.composition == Body.Composition.ALL_FULL_MEMBERS
        recorded = {
            (a.local_government_id if self.by_council else a.mandate_id): a
            for a in meeting.attendances.all()
        }
        entitled = meeting.entitled()
        if self.by_council:
            entitled = entitled.order_by("name")
        else:
            entitled = entitled.select_related("seat__region").order_by("seat__order", "seat__pk")
        self.entitled = {}
        for entry in entitled:
            key = f"e{entry.pk}"
            self.entitled[key] = entry
            attendance = recorded.get(entry.pk)
            initial = (
                self.PRESENT
                if attendance and attendance.present
                else self.EXCUSED
                if attendance and attendance.excused
                else self.ABSENT
            )
            label = (
                entry.name
                if self.by_council
                else f"{entry.holder_name} ({entry.seat.display_title})"
            )
            self.fields[key] = forms.ChoiceField(
                label=label, choices=self.CHOICES, initial=initial, widget=forms.RadioSelect
            )


@login_required
def attendance_form(request, pk: int):
    """Record who attended; the quorum follows from it."""
    meeting = kept_meeting(request, pk)
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for key, entry in form.entitled.items():
                    state = form.cleaned_data[key]
                    decision_services.record_attendance(
                        meeting,
                        by=request.user,
                        mandate=None if form.by_council else entry,
                        local_government=entry if form.by_council else None,
                        present=state == form.PRESENT,
                        excused=state == form.EXCUSED,
                    )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            quorum = meeting.quorum()
            messages.success(
                request,
                _("Attendance recorded: %(present)d of %(entitled)d present, %(needed)d needed.")
                % {"present": quorum.present, "entitled": quorum.entitled, "needed": quorum.needed},
            )
            return redirect(meeting)
    return render(
        request,
        "governance/attendance_form.html",
        {"form": form, "meeting": meeting, "quorum": meeting.quorum()},
    )


class DecisionForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=gettext_lazy("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    motion = forms.CharField(
        label=gettext_lazy("Motion"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    method = forms.ChoiceField(label=gettext_lazy("Taken by"), choices=Decision.Method.choices)
    majority = forms.ChoiceField(
        label=gettext_lazy("Majority required"),
        choices=Decision.Majority.choices,
        initial=Decision.Majority.SIMPLE,
    )
    votes_for = forms.IntegerField(label=gettext_lazy("For"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=gettext_lazy("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=gettext_lazy("Abstaining"), min_value=0, required=False)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", gettext_lazy("As the votes decide")), *Decision.Outcome.choices],
        required=False,
        help_text=gettext_lazy("By consensus: say whether the motion was adopted."),
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Public"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Shown in the public decisions log."),
    )
    without_quorum = forms.BooleanField(
        label=gettext_lazy("Taken without quorum"),
        required=False,
        help_text=gettext_lazy(
            "Only when the meeting had no quorum; the decision will say so wherever it is shown."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == Decision.Method.CONSENSUS:
            if not cleaned.get("outcome"):
                self.add_error("outcome", _("Say whether the motion was adopted by consensus."))
            for field in ("votes_for", "votes_against", "abstentions"):
                cleaned[field] = None
        elif cleaned.get("method") == Decision.Method.VOTE:
            for field in ("votes_for", "votes_against", "abstentions"):
                if cleaned.get(field) is None:
                    self.add_error(field, _("Give the count (0 where none)."))
        return cleaned


@login_required
def decision_form(request, pk: int):
    """Record a decision of the meeting; it is given the body's next reference."""
    meeting = kept_meeting(request, pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_services.record_decision(
                meeting, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("Decision %(reference)s is recorded.") % {"reference": decision.reference},
            )
            return redirect(decision)
    return render(
        request,
        "governance/decision_form.html",
        {"form": form, "meeting": meeting, "quorum": meeting.quorum()},
    )


urls: list[URLPattern] = [
    path("governance/meetings/<int:pk>/", meeting, name="meeting"),
    path("governance/bodies/<str:code>/meetings/new/", meeting_form, name="meeting-new"),
    path("governance/meetings/<int:pk>/edit/", meeting_form, name="meeting-edit"),
    path("governance/meetings/<int:pk>/items/new/", agenda_item_form, name="agenda-item-new"),
    path(
        "governance/meetings/<int:pk>/items/<int:item>/", agenda_item_form, name="agenda-item-edit"
    ),
    path("governance/meetings/<int:pk>/attendance/", attendance_form, name="attendance"),
    path("governance/meetings/<int:pk>/decisions/new/", decision_form, name="decision-new"),
    path("governance/documents/<int:pk>/", document_download, name="document"),
]

"""The programme side's forms: an event (its organising office among those the
person organises for), its cancellation, and its programme's sessions,
translations, tracks, rooms and speakers. Session times are typed in the
event's time zone (the views make it the current one)."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localaction.accounts.access import access_of
from localaction.events.models import Event, Room, Session, SessionTranslation, Speaker, Track
from localaction.governance.models import Meeting
from localaction.network.models import Office


def _https_by_default(field, **kwargs):
    """Links typed without a scheme are https ones."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        formfield_callback = _https_by_default
        fields = [
            "kind",
            "title",
            "slug",
            "summary",
            "organiser",
            "region",
            "language",
            "starts_on",
            "ends_on",
            "time_zone",
            "format",
            "venue",
            "city",
            "country",
            "online_url",
            "capacity",
            "registration_opens_on",
            "registration_closes_on",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "registration_opens_on": DATE,
            "registration_closes_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_of(user)
        if not access.is_secretariat:
            self.fields["organiser"].queryset = Office.objects.filter(pk__in=access.offices)

    def clean(self):
        cleaned = super().clean()
        # A programme already written keeps within the event's (new) days.
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        zone_name = cleaned.get("time_zone")
        if (
            self.instance.pk
            and starts_on
            and ends_on
            and zone_name
            and "time_zone" not in self.errors
        ):
            zone = zoneinfo.ZoneInfo(zone_name)
            outside = [
                session
                for session in self.instance.sessions.order_by("starts_at")
                if not starts_on <= timezone.localtime(session.starts_at, zone).date() <= ends_on
            ]
            if outside:
                self.add_error(
                    "starts_on"
                    if timezone.localtime(outside[0].starts_at, zone).date() < starts_on
                    else "ends_on",
                    _(
                        "%(count)d sessions of the programme (the first: “%(title)s”) would fall "
                        "outside the event's days: move them first."
                    )
                    % {"count": len(outside), "title": outside[0].title},
                )
        return cleaned

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in Event.RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is taken by a page of the site."))
        return slug


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        formfield_callback = _https_by_default
        fields = [
            "title",
            "description",
            "kind",
            "track",
            "room",
            "starts_at",
            "ends_at",
            "language",
            "online_url",
            "speakers",
            "meeting",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
            "speakers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["track"].queryset = event.tracks.all()
        self.fields["room"].queryset = event.rooms.all()
        self.fields["speakers"].queryset = event.speakers.all()
        # The meetings held during the event (governance; public or not, the
        # organisers are the association's staff).
        self.fields["meeting"].queryset = Meeting.objects.filter(
            held_on__gte=event.starts_on, held_on__lte=event.ends_on
        ).select_related("body")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].help_text = _("In the event's time zone, %(zone)s.") % {
                "zone": event.time_zone
            }


class TranslationForm(forms.ModelForm):
    class Meta:
        model = SessionTranslation
        fields = ["language", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.session = session

    def validate_unique(self):
        language = self.cleaned_data.get("language")
        instance = self.instance
        if (
            language
            and SessionTranslation.objects.filter(session=instance.session, language=language)
            .exclude(pk=instance.pk)
            .exists()
        ):
            self.add_error(
                "language", _("This session has a translation in that language already.")
            )


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["name", "description"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def validate_unique(self):
        _name_unique(self)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        formfield_callback = _https_by_default
        fields = ["name", "capacity", "online_url"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def validate_unique(self):
        _name_unique(self)


def _name_unique(form: forms.ModelForm) -> None:
    instance = form.instance
    name = form.cleaned_data.get("name")
    if (
        name
        and type(instance)
        .objects.filter(event=instance.event, name=name)
        .exclude(pk=instance.pk)
        .exists()
    ):
        form.add_error("name", _("The event has one by that name already."))


class SpeakerForm(forms.ModelForm):
    account = forms.CharField(
        label=_("Account (user name)"),
        required=False,
        max_length=150,
        help_text=_("Optional: the speaker's account, so their sessions reach their calendar."),
    )

    class Meta:
        model = Speaker
        fields = ["name", "organisation", "biography"]
        widgets = {"biography": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        if self.instance.user_id:
            self.fields["account"].initial = self.instance.user.username

    def clean_account(self):
        username = self.cleaned_data["account"].strip()
        if not username:
            self.instance.user = None
            return ""
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has that user name."))
        self.instance.user = user
        return username

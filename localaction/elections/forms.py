"""The elections' forms: preparing an election, nominating, answering a
nomination, the ballot and the voting representative. They parse and offer
choices; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.accounts.models import Role
from localaction.elections.models import Election
from localaction.governance.models import Seat
from localaction.network.models import LocalGovernment


class ElectionForm(forms.ModelForm):
    seats = forms.ModelMultipleChoiceField(
        label=_("Seats"),
        queryset=Seat.objects.existing().select_related("body"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Seats of the chosen body, alike: each candidate must be eligible for each."),
    )

    class Meta:
        model = Election
        fields = [
            "body",
            "seats",
            "title",
            "method",
            "quorum_percent",
            "nominations_open_on",
            "nominations_close_on",
            "voting_opens_at",
            "voting_closes_at",
            "scrutineers",
        ]
        widgets = {
            "nominations_open_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "nominations_close_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "voting_opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "voting_closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "scrutineers": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Scrutineers are people of the Association's offices.
        self.fields["scrutineers"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, roles__office__isnull=False)
            .distinct()
            .order_by("last_name", "username")
        )


class NominationForm(forms.Form):
    nominated_by = forms.ModelChoiceField(
        label=_("Nominating member"), queryset=LocalGovernment.objects.none(), empty_label=None
    )
    person = forms.CharField(
        label=_("Candidate"),
        max_length=254,
        help_text=_("The candidate's user name or e-mail address on this platform."),
    )
    local_government = forms.CharField(
        label=_("On behalf of (member code)"),
        max_length=40,
        required=False,
        help_text=_(
            "The code of the member local government the candidate would sit for, e.g. "
            "de-freiburg; empty: the nominating member."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = members

    def clean_person(self):
        text = self.cleaned_data["person"].strip()
        people = get_user_model().objects.filter(is_active=True)
        person = people.filter(Q(username=text) | Q(email__iexact=text)).first()
        if person is None:
            raise forms.ValidationError(
                gettext("Nobody on the platform has the user name or e-mail “%(text)s”.")
                % {"text": text}
            )
        return person

    def clean(self):
        data = super().clean()
        code = (data.get("local_government") or "").strip()
        if not code:
            data["local_government"] = data.get("nominated_by")
        else:
            member = LocalGovernment.objects.filter(code=code).first()
            if member is None:
                self.add_error(
                    "local_government",
                    gettext("No local government has the code “%(code)s”.") % {"code": code},
                )
            data["local_government"] = member
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept the nomination")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Statement to the electorate"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published with the candidate list; needed to accept."),
    )


class BallotForm(forms.Form):
    """The ballot: tick up to n candidates (plurality), or rank them 1, 2, 3 …
    (ranked). `ranking()` gives the candidates' ids in order of preference."""

    def __init__(self, *args, election: Election, candidates, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.candidates = list(candidates)
        if len(members) > 1:
            self.fields["member"] = forms.ModelChoiceField(
                label=_("Voting for"), queryset=members, empty_label=None
            )
        #: The member whose vote this is (chosen in the form when several).
        self.voter = members[0] if len(members) == 1 else None
        if election.is_ranked:
            for candidate in self.candidates:
                self.fields[f"rank-{candidate.pk}"] = forms.IntegerField(
                    label=candidate.name,
                    required=False,
                    min_value=1,
                    max_value=len(self.candidates),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
        else:
            self.fields["chosen"] = forms.TypedMultipleChoiceField(
                label=_("Candidates"),
                coerce=int,
                required=False,
                choices=[(c.pk, c.name) for c in self.candidates],
                widget=forms.CheckboxSelectMultiple,
            )

    def rank_fields(self):
        return [self[name] for name in self.fields if name.startswith("rank-")]

    def clean(self):
        data = super().clean()
        if "member" in self.fields:
            self.voter = data.get("member")
        elif self.voter is None:
            # No member left to vote for: its vote landed meanwhile (another
            # tab, the API) between the page's check and this form.
            raise forms.ValidationError(
                _("The members you represent have cast their votes already.")
            )
        if self.election.is_ranked:
            ranks = {
                int(name.removeprefix("rank-")): value
                for name, value in data.items()
                if name.startswith("rank-") and value is not None
            }
            numbers = sorted(ranks.values())
            if numbers != list(range(1, len(numbers) + 1)):
                raise forms.ValidationError(
                    gettext(
                        "Number your preferences 1, 2, 3 … without gaps or repeats; leave "
                        "the candidates you do not rank empty."
                    )
                )
            data["ranking"] = sorted(ranks, key=ranks.get)
        else:
            data["ranking"] = list(data.get("chosen") or [])
        return data


class RepresentativeForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Voting representative"),
        queryset=get_user_model().objects.none(),
        empty_label=None,
        help_text=_(
            "One of the member's editors: they cast its vote in the Association's elections."
        ),
    )

    def __init__(self, *args, local_government: LocalGovernment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                roles__kind=Role.Kind.EDITOR,
                roles__local_government=local_government,
            )
            .distinct()
            .order_by("last_name", "username")
        )
        self.fields["person"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.models import Invitation, NotificationPreference
from localaction.accounts.teams import kinds_for


class InvitationForm(forms.Form):
    """Whom to invite to a team, and in which role."""

    email = forms.EmailField(label=_("E-mail"))
    kind = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds_for(organisation)]


class RoleChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds_for(organisation)]


class InvitedAccountForm(UserCreationForm):
    """A new account for the person an invitation was sent to: a username and a
    password; the e-mail address is the invitation's."""

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        # The password validators compare the password with the e-mail too.
        self.instance.email = invitation.email

    def clean(self):
        cleaned = super().clean()
        if get_user_model().objects.filter(email__iexact=self.invitation.email).exists():
            raise forms.ValidationError(
                _(
                    "An account with the e-mail address %(email)s exists already: "
                    "sign in with it to accept the invitation."
                ),
                params={"email": self.invitation.email},
                code="email_taken",
            )
        return cleaned


class NotificationPreferencesForm(forms.Form):
    """The language the platform writes to a person in, and how they hear of each
    kind of event (one field per kind of the registry, `delivery-<kind>`)."""

    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=settings.LANGUAGES,
        help_text=_("Notifications and digests are written to you in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in notifications.KINDS.items():
            self.fields[f"delivery-{key}"] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Delivery.choices,
                widget=forms.RadioSelect,
            )

    @property
    def delivery_fields(self):
        return [self[name] for name in self.fields if name.startswith("delivery-")]

    def clean(self):
        cleaned = super().clean()
        # A kind the platform does not know is refused rather than dropped: a
        # stale page or a script must learn that its choice was not kept.
        unknown = sorted(
            name.removeprefix("delivery-")
            for name in self.data
            if name.startswith("delivery-") and name not in self.fields
        )
        if unknown:
            raise forms.ValidationError(
                gettext("%(kinds)s: not a kind of notification.") % {"kinds": ", ".join(unknown)}
            )
        return cleaned

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("delivery-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("delivery-")
        }

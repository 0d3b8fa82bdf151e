from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from localaction.accounts.models import Invitation
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

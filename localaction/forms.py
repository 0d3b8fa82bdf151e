"""What every app's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_refusal(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: each problem on its field where the
    form has that field, on the form as a whole otherwise."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)

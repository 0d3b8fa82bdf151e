"""Forms of the campaigns app: campaigns and milestones first, then a member's
targets, forecast, action plans and actions."""

from django import forms  # noqa: F401

# Campaigns, participation and milestones.


# Targets, forecasts, action plans and actions.

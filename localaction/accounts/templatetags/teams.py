"""Team links on other apps' pages: `{% load teams %}{% can_manage_team lg as may %}`."""

from django import template

from localaction.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can_manage_team(context, organisation) -> bool:
    """Whether the person viewing the page manages `organisation`'s team."""
    return permissions.can_manage_team(context["request"].user, organisation)

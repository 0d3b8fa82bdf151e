"""GPC names in the reader's language: `{{ sector|gpc_name }}` for a sector or
subsector, `{{ action.sector|gpc_sector_name }}` for a sector's reference."""

from django import template

from localaction.core import gpc
from localaction.inventories.gpc_names import gpc_name

register = template.Library()
register.filter("gpc_name", gpc_name)


@register.filter
def gpc_sector_name(ref: str) -> str:
    try:
        return gpc_name(gpc.sector(ref))
    except gpc.GPCError:
        return ref

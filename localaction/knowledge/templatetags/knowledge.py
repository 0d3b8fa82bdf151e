"""`{{ text|rich }}`: a case study's or publication's rich text, cleaned again
as it is shown (it was cleaned when stored; a page never trusts the store
alone) and with Wagtail's internal links expanded."""

from django import template
from wagtail.rich_text import expand_db_html

from localaction import richtext

register = template.Library()


@register.filter
def rich(value: str):
    from django.utils.safestring import mark_safe

    return mark_safe(expand_db_html(richtext.clean(value or "")))

"""`{% render_slot "case.page" case=case %}`: the panels higher apps registered for this place."""

from django import template
from django.template.loader import get_template
from django.utils.html import format_html_join

from core.slots import rendered_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def render_slot(context, slot: str, **arguments):
    request = context.get("request")
    parts = []
    for panel, panel_context in rendered_panels(slot, request, **arguments):
        flat = context.flatten()
        flat.update(panel_context)
        parts.append(get_template(panel.template).render(flat, request))
    # Each part is a rendered template (already safe): joined without escaping it twice.
    return format_html_join("", "{}", ((part,) for part in parts))

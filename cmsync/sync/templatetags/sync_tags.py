"""Template tags that show sync state on other apps' pages."""

from django import template

register = template.Library()


@register.simple_tag
def meeting_import_panel(meeting, user):
    # TODO: render the "Import data now" panel once the sync engine exists.
    return ""

"""Template tags that show sync state on other apps' pages."""

from django import template

from cmsync.sync.panel import import_panel_context

register = template.Library()


@register.inclusion_tag("sync/_import_panel.html", takes_context=True)
def meeting_import_panel(context, meeting, user):
    """Render the "Import data now" button, its next availability and the last run."""
    panel = import_panel_context(meeting, user)
    panel["csrf_token"] = context.get("csrf_token")
    return panel

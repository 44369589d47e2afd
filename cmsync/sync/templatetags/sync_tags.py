"""Template tags that show sync state on other apps' pages."""

from django import template
from django.utils.translation import gettext as _

from cmsync.sync.panel import import_panel_context

register = template.Library()


@register.inclusion_tag("sync/_import_panel.html", takes_context=True)
def meeting_import_panel(context, meeting, user):
    """Render the "Data import" card: last import, latest run, the button."""
    panel = import_panel_context(meeting, user)
    panel["csrf_token"] = context.get("csrf_token")
    return panel


@register.filter
def run_duration(value):
    """Format a timedelta as "27 s", "3 min 05 s" or "1 h 02 min", None as ""."""
    if value is None:
        return ""
    seconds = max(0, int(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {
            "hours": hours,
            "minutes": minutes,
        }
    if minutes:
        return _("%(minutes)d min %(seconds)02d s") % {
            "minutes": minutes,
            "seconds": seconds,
        }
    return _("%(seconds)d s") % {"seconds": seconds}

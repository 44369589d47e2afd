"""Display helpers of the meeting pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hours_minutes(duration):
    """Render a timedelta as "1 h 30 min"; empty for None."""
    if duration is None:
        return ""
    total_minutes = int(duration.total_seconds() // 60)
    hours, minutes = divmod(total_minutes, 60)
    if hours and minutes:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    if hours:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(minutes)d min") % {"minutes": minutes}

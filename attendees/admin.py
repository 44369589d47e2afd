"""Read-only admin for attendance and registrations: the sync owns these rows."""

from django.contrib import admin

from attendees.models import Attendee, Registration
from cmsync.admin_base import ReadOnlyAdmin


@admin.register(Attendee)
class AttendeeAdmin(ReadOnlyAdmin):
    list_display = (
        "attendee_number",
        "meeting",
        "email",
        "login",
        "role",
        "joined_at",
        "left_at",
        "attended",
    )
    list_filter = ("attended", "role")
    search_fields = ("email", "login", "clickmeeting_id", "meeting__name")
    list_select_related = ("meeting",)
    raw_id_fields = ("meeting", "session", "invitation", "contact", "lead")
    date_hierarchy = "joined_at"


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = (
        "email",
        "first_name",
        "last_name",
        "meeting",
        "registered_at",
        "confirmed_at",
    )
    search_fields = ("email", "first_name", "last_name", "meeting__name")
    list_select_related = ("meeting",)
    raw_id_fields = ("meeting", "session", "contact", "lead")
    date_hierarchy = "registered_at"

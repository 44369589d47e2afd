from django.contrib import admin

from invitations.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = (
        "email",
        "meeting",
        "role",
        "state",
        "language",
        "send_count",
        "sent_at",
        "sent_by",
    )
    list_filter = ("state", "role", "language")
    search_fields = ("email", "meeting__name")
    list_select_related = ("meeting", "sent_by")
    raw_id_fields = ("meeting", "contact", "lead", "sent_by")
    readonly_fields = ("email_normalized", "send_batch", "claimed_at", "created_at")
    date_hierarchy = "created_at"

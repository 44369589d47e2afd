"""Django admin: meetings are editable; what ClickMeeting produced is read-only."""

from django.contrib import admin

from cmsync.admin_base import ReadOnlyAdmin
from meetings.models import (
    CalendarFeed,
    ChatMessage,
    File,
    Meeting,
    PollAnswer,
    Session,
)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "starts_at",
        "timezone",
        "room_type",
        "owner",
        "clickmeeting_id",
        "push_state",
        "deleted_at_source",
    )
    list_filter = ("push_state", "room_type", "access_type", "deleted_at_source")
    search_fields = ("name", "room_url_name", "clickmeeting_id")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    date_hierarchy = "starts_at"
    readonly_fields = (
        "clickmeeting_id",
        "room_url",
        "room_pin",
        "source_status",
        "source_updated_at",
        "deleted_at_source",
        "push_state",
        "push_error",
        "push_attempts",
        "pushed_at",
        "local_version",
        "pushed_version",
        "invitations_resend_due",
        "last_bulk_import_at",
        "last_manual_import_at",
        "import_complete",
        "total_visitors",
        "created_at",
        "updated_at",
    )


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = (
        "meeting",
        "clickmeeting_id",
        "started_at",
        "ended_at",
        "total_visitors",
        "peak_visitors",
    )
    list_select_related = ("meeting",)
    search_fields = ("meeting__name", "clickmeeting_id")


@admin.register(PollAnswer)
class PollAnswerAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "poll_title", "question", "answer", "respondent_email")
    list_select_related = ("meeting",)
    search_fields = ("meeting__name", "question", "respondent_email")


@admin.register(ChatMessage)
class ChatMessageAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "sent_at", "author_name", "author_email", "text")
    list_select_related = ("meeting",)
    search_fields = ("meeting__name", "author_email", "text")


@admin.register(File)
class FileAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "kind", "name", "file_type", "size_bytes")
    list_select_related = ("meeting",)
    list_filter = ("kind",)
    search_fields = ("meeting__name", "name")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    list_select_related = ("user",)
    # The token is a secret: the list shows who has a feed, not its address.
    exclude = ("token",)
    readonly_fields = ("user", "created_at")

    def has_add_permission(self, request):
        return False

from django.contrib import admin

from cmsync.sync.models import SyncCreatedLead, SyncRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the sync only; the admin shows them without editing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "state",
        "meeting",
        "started_at",
        "finished_at",
        "meetings_imported",
        "rows_created",
        "rows_updated",
        "leads_created",
        "api_calls",
    )
    list_filter = ("kind", "state")
    list_select_related = ("meeting",)
    date_hierarchy = "created_at"
    search_fields = ("meeting__name",)


@admin.register(SyncCreatedLead)
class SyncCreatedLeadAdmin(ReadOnlyAdmin):
    list_display = ("email_normalized", "lead", "created_at")
    list_select_related = ("lead",)
    search_fields = ("email_normalized",)

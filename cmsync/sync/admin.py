from django.contrib import admin

from cmsync.admin_base import ReadOnlyAdmin
from cmsync.sync.models import SyncCreatedLead, SyncRun


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

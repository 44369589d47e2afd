"""Admin building blocks shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Admin for rows that ClickMeeting or the sync write.

    Staff can look rows up, but a local edit would be overwritten by the next
    import, so adding, changing and deleting are off.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

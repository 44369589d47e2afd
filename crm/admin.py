from django.contrib import admin

from crm.models import Account, Contact, Lead


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["name", "industry", "phone", "owner", "created_at"]
    list_filter = ["industry", "created_at"]
    search_fields = ["name", "website"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "account", "owner"]
    list_filter = ["created_at", "department"]
    search_fields = ["last_name", "first_name", "^email_normalized", "account__name"]
    list_select_related = ["account", "owner"]
    raw_id_fields = ["owner", "account"]
    readonly_fields = ["email_normalized", "created_at", "updated_at"]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "company", "status", "owner"]
    list_filter = ["status", "lead_source", "created_at"]
    search_fields = ["last_name", "first_name", "^email_normalized", "company"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["email_normalized", "created_at", "updated_at"]

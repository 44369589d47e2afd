"""Django admin for the configuration singleton, with its two actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from admin_config import services
from admin_config.forms import ClickMeetingConfigForm
from admin_config.job_messages import job_message
from admin_config.models import ClickMeetingConfig


@admin.register(ClickMeetingConfig)
class ClickMeetingConfigAdmin(admin.ModelAdmin):
    form = ClickMeetingConfigForm
    change_form_template = "admin_config/admin/change_form.html"
    fieldsets = [
        (
            gettext_lazy("Connection"),
            {"fields": ["endpoint_url", "api_key", "remove_api_key"]},
        ),
        (gettext_lazy("Invitations"), {"fields": ["invitation_language"]}),
        (
            gettext_lazy("Synchronization"),
            {
                "fields": [
                    "sync_start_date",
                    "previous_sync_start_date",
                    "sync_start_date_changed_at",
                    "sync_content_owner",
                    "sync_frequency_minutes",
                ]
            },
        ),
        (
            gettext_lazy("Connection status"),
            {"fields": ["last_success_at", "last_error_message", "last_error_at"]},
        ),
    ]
    readonly_fields = [
        "previous_sync_start_date",
        "sync_start_date_changed_at",
        "last_success_at",
        "last_error_message",
        "last_error_at",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        exists = ClickMeetingConfig.objects.exists()
        return not exists and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # A list of one row is noise: go straight to the row.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        config = services.get_config()
        return redirect(self._change_url(config))

    @method_decorator(sensitive_post_parameters("api_key"))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "job": services.get_periodic_job_state(),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.save_config(obj)

    def get_urls(self):
        own_urls = [
            path(
                "<int:object_id>/test-connection/",
                self.admin_site.admin_view(self.test_connection_view),
                name="admin_config_clickmeetingconfig_test_connection",
            ),
            path(
                "<int:object_id>/create-jobs/",
                self.admin_site.admin_view(self.create_jobs_view),
                name="admin_config_clickmeetingconfig_create_jobs",
            ),
        ]
        return own_urls + super().get_urls()

    @method_decorator(require_POST)
    def test_connection_view(self, request, object_id):
        config = self._config_for_change(request)
        result = services.test_connection()
        if result.ok:
            self.message_user(request, result.message, messages.SUCCESS)
        else:
            text = _("Test connection failed. %(reason)s") % {"reason": result.message}
            self.message_user(request, text, messages.ERROR)
        return redirect(self._change_url(config))

    @method_decorator(require_POST)
    def create_jobs_view(self, request, object_id):
        config = self._config_for_change(request)
        sync = services.sync_periodic_task(config)
        state = services.get_periodic_job_state()
        level = messages.SUCCESS if sync.job.enabled else messages.WARNING
        self.message_user(request, job_message(config, sync, state), level)
        return redirect(self._change_url(config))

    def _config_for_change(self, request):
        config = services.get_config()
        if not self.has_change_permission(request, config):
            raise PermissionDenied
        return config

    def _change_url(self, config):
        return reverse("admin:admin_config_clickmeetingconfig_change", args=[config.pk])

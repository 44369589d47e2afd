"""The ClickMeeting settings pages, for administrators only."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView, UpdateView, View

from admin_config import services
from admin_config.content_owner import is_eligible_content_owner
from admin_config.forms import ClickMeetingConfigForm
from admin_config.job_messages import job_message
from cmsync.permissions import AdministratorRequiredMixin
from cmsync.sync.models import SyncRun


class SettingsDetailView(AdministratorRequiredMixin, TemplateView):
    template_name = "admin_config/config_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        config = services.get_config()
        owner = config.sync_content_owner
        context["config"] = config
        context["job"] = services.get_periodic_job_state()
        context["content_owner_eligible"] = owner is None or (
            is_eligible_content_owner(owner)
        )
        context["history_run"] = (
            SyncRun.objects.filter(kind=SyncRun.Kind.HISTORY)
            .order_by("-created_at", "-pk")
            .first()
        )
        return context


@method_decorator(sensitive_post_parameters("api_key"), name="dispatch")
class SettingsEditView(AdministratorRequiredMixin, UpdateView):
    form_class = ClickMeetingConfigForm
    template_name = "admin_config/config_form.html"
    success_url = reverse_lazy("admin_config:detail")

    def get_object(self, queryset=None):
        return services.get_config()

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("ClickMeeting settings saved."))
        return response


class TestConnectionView(AdministratorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        result = services.test_connection()
        if result.ok:
            messages.success(request, result.message)
        else:
            messages.error(
                request,
                _("Test connection failed. %(reason)s") % {"reason": result.message},
            )
        return redirect("admin_config:detail")


class CreateJobsView(AdministratorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        config = services.get_config()
        sync = services.sync_periodic_task(config)
        state = services.get_periodic_job_state()
        if sync.job.enabled:
            messages.success(request, job_message(config, sync, state))
        else:
            messages.warning(request, job_message(config, sync, state))
        return redirect("admin_config:detail")

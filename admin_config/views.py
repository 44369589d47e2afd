"""The ClickMeeting settings pages, for administrators only."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView, UpdateView, View

from admin_config import services
from admin_config.forms import ClickMeetingConfigForm
from cmsync.permissions import AdministratorRequiredMixin


class SettingsDetailView(AdministratorRequiredMixin, TemplateView):
    template_name = "admin_config/config_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["config"] = services.get_config()
        context["job"] = services.get_periodic_job_state()
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
        job = services.sync_periodic_task(services.get_config())
        messages.success(request, job_message(job))
        return redirect("admin_config:detail")


def job_message(job):
    """Return the message shown after the bulk sync job was created or updated."""
    if job.enabled:
        return _("The bulk sync job runs every %(minutes)s minutes.") % {
            "minutes": job.interval.every
        }
    return _("The bulk sync job is saved but disabled, because no API key is stored.")

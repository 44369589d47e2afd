"""Pages of the sync: "Import data now" and the run log for administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from cmsync.permissions import (
    AdministratorRequiredMixin,
    CreatorRequiredMixin,
    ViewerRequiredMixin,
    can_edit_owned,
)
from cmsync.sync import services
from cmsync.sync.models import SyncRun
from cmsync.sync.panel import import_panel_context
from meetings.models import Meeting

PANEL_TEMPLATE = "sync/_import_panel.html"
RUNS_PER_PAGE = 25


def refusal_message(outcome) -> str:
    if outcome.reason == "not_in_clickmeeting":
        return _(
            "This meeting is not in ClickMeeting yet, so there is nothing to "
            "import. Try again once it has been created there."
        )
    when = formats.date_format(
        timezone.localtime(outcome.next_available_at), "DATETIME_FORMAT"
    )
    return _(
        "Import data now is limited to once every 12 hours per meeting. "
        "This meeting can be imported again at %(when)s."
    ) % {"when": when}


class ImportNowView(CreatorRequiredMixin, View):
    """Start "Import data now" for one meeting (its owner or an administrator)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if not can_edit_owned(request.user, meeting):
            raise PermissionDenied(_("Only the owner or an administrator may do this."))
        outcome = services.request_manual_import(meeting, request.user)
        if outcome.accepted:
            message, level = _("The import has started."), "success"
        else:
            message, level = refusal_message(outcome), "warning"
        meeting.refresh_from_db()

        if request.htmx:
            context = import_panel_context(
                meeting, request.user, message=message, message_level=level
            )
            return render(request, PANEL_TEMPLATE, context)
        if outcome.accepted:
            messages.success(request, message)
        else:
            messages.warning(request, message)
        return redirect(meeting)


class ImportPanelView(ViewerRequiredMixin, View):
    """The import panel alone, polled by htmx while an import runs."""

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        return render(
            request, PANEL_TEMPLATE, import_panel_context(meeting, request.user)
        )


class RunListView(AdministratorRequiredMixin, ListView):
    model = SyncRun
    paginate_by = RUNS_PER_PAGE
    template_name = "sync/run_list.html"
    context_object_name = "runs"

    def get_queryset(self):
        return SyncRun.objects.select_related("meeting", "requested_by").order_by(
            "-created_at", "-pk"
        )


class RunDetailView(AdministratorRequiredMixin, DetailView):
    model = SyncRun
    template_name = "sync/run_detail.html"
    context_object_name = "run"

    def get_queryset(self):
        return SyncRun.objects.select_related("meeting", "requested_by")

    def get_template_names(self):
        if self.request.htmx:
            return ["sync/_run_status.html"]
        return [self.template_name]

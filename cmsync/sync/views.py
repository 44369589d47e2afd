"""Pages of the sync: "Import data now" and the run log for administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from django_htmx.http import HttpResponseClientRefresh

from cmsync.permissions import (
    AdministratorRequiredMixin,
    CreatorRequiredMixin,
    ViewerRequiredMixin,
    can_edit_owned,
)
from cmsync.sync import services
from cmsync.sync.forms import RunFilterForm
from cmsync.sync.models import SyncRun
from cmsync.sync.panel import import_panel_context
from meetings.models import Meeting

PANEL_TEMPLATE = "sync/_import_panel.html"
RUNS_PER_PAGE = 25
ERRORS_PER_PAGE = 50
# Query parameter of the panel poll: the id of the run the page is waiting for.
WATCHED_RUN_PARAM = "run"

# Bootstrap alert colour of each message level shown inside the panel.
ALERT_CLASSES = {
    messages.SUCCESS: "success",
    messages.WARNING: "warning",
    messages.ERROR: "danger",
}

FINISHED_MESSAGES = {
    SyncRun.State.SUCCEEDED: (
        messages.SUCCESS,
        gettext_lazy("The import has finished."),
    ),
    SyncRun.State.PARTIAL: (
        messages.WARNING,
        gettext_lazy("The import finished with errors."),
    ),
    SyncRun.State.FAILED: (messages.ERROR, gettext_lazy("The import failed.")),
}


def refusal_message(outcome) -> str:
    if outcome.reason == "not_in_clickmeeting":
        return _(
            "This meeting is not in ClickMeeting yet, so there is nothing to "
            "import. Try again once it has been created there."
        )
    when = formats.date_format(
        timezone.localtime(outcome.next_available_at), "SHORT_DATETIME_FORMAT"
    )
    return _(
        "Import data now is limited to once every 12 hours per meeting. "
        "This meeting can be imported again at %(when)s."
    ) % {"when": when}


def finished_message(run) -> tuple[int, str]:
    if run.allowance_returned:
        return messages.ERROR, _(
            "The import failed and imported nothing, so it did not count against "
            "the 12-hour limit. You can try again now."
        )
    level, text = FINISHED_MESSAGES.get(
        run.state, FINISHED_MESSAGES[SyncRun.State.FAILED]
    )
    return level, str(text)


class ImportNowView(CreatorRequiredMixin, View):
    """Start "Import data now" for one meeting (its owner or an administrator).

    A worker usually runs the import later, so the panel comes back polling.
    When the task ran eagerly and the run has already finished, the whole
    meeting page is reloaded instead, so its totals show the imported data.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        if not can_edit_owned(request.user, meeting):
            raise PermissionDenied(_("Only the owner or an administrator may do this."))
        outcome = services.request_manual_import(meeting, request.user)
        if not outcome.accepted:
            return self.respond(
                request, meeting, messages.WARNING, refusal_message(outcome)
            )

        run = outcome.run
        run.refresh_from_db()
        if run.is_active:
            return self.respond(
                request, meeting, messages.SUCCESS, _("The import has started.")
            )
        level, text = finished_message(run)
        messages.add_message(request, level, text)
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect(meeting)

    def respond(self, request, meeting, level, text):
        """Return the panel with `text` to htmx, else redirect with a message."""
        if request.htmx:
            meeting.refresh_from_db()
            context = import_panel_context(
                meeting,
                request.user,
                message=text,
                message_level=ALERT_CLASSES[level],
            )
            return render(request, PANEL_TEMPLATE, context)
        messages.add_message(request, level, text)
        return redirect(meeting)


class ImportPanelView(ViewerRequiredMixin, View):
    """The import panel alone, polled by htmx while an import runs.

    The poll names the run it waits for. Once that run is no longer the
    active latest run, the response sets HX-Refresh so htmx reloads the
    meeting page once, because the import changed more than this panel.
    """

    def get(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        context = import_panel_context(meeting, request.user)
        watched = request.GET.get(WATCHED_RUN_PARAM, "")
        if request.htmx and watched.isdigit():
            latest = context["latest_run"]
            still_running = (
                latest is not None and latest.pk == int(watched) and latest.is_active
            )
            if not still_running:
                return HttpResponseClientRefresh()
        return render(request, PANEL_TEMPLATE, context)


class RunListView(AdministratorRequiredMixin, ListView):
    model = SyncRun
    paginate_by = RUNS_PER_PAGE
    template_name = "sync/run_list.html"
    context_object_name = "runs"

    def get_queryset(self):
        self.filter_form = RunFilterForm(self.request.GET or None)
        runs = SyncRun.objects.select_related("meeting", "requested_by").order_by(
            "-created_at", "-pk"
        )
        return self.filter_form.filter(runs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            is_filtered=any(query.get(name) for name in ("kind", "state")),
        )
        return context


def error_rows(errors):
    """Return the run's error entries with `meeting_exists` set, in one query.

    Errors keep the id and name of their meeting, and the meeting may have
    been deleted since, so only ids that still exist get a link.
    """
    ids = {entry["meeting_id"] for entry in errors if entry.get("meeting_id")}
    existing = set(Meeting.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return [
        {**entry, "meeting_exists": entry.get("meeting_id") in existing}
        for entry in errors
    ]


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(error_rows(self.object.errors), ERRORS_PER_PAGE)
        context["page_obj"] = paginator.get_page(self.request.GET.get("page"))
        return context

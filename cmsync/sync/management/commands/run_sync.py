"""Run a bulk sync, or one meeting's import, in this process and print a summary."""

from django.core.management.base import BaseCommand, CommandError

from cmsync.sync import services
from cmsync.sync.models import SyncRun
from meetings.models import Meeting


class Command(BaseCommand):
    help = (
        "Synchronize with ClickMeeting now, without a worker: a bulk sync, or "
        "with --meeting the full import of one meeting. Prints the run summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--meeting",
            type=int,
            metavar="PK",
            help="Import only this meeting (its primary key), complete sessions too.",
        )

    def handle(self, *args, meeting=None, **options):
        if meeting is None:
            run = services.create_run(SyncRun.Kind.BULK)
            services.run_bulk_sync(run)
        else:
            if not Meeting.objects.filter(pk=meeting).exists():
                raise CommandError(f"Meeting {meeting} does not exist.")
            run = services.create_run(SyncRun.Kind.MANUAL, meeting_id=meeting)
            outcome = services.run_meeting_import(run)
            if outcome is services.Outcome.BUSY:
                services.finish_busy_run(run)
        run.refresh_from_db()
        self.stdout.write(summary(run))
        if run.state == SyncRun.State.FAILED:
            raise CommandError(f"Sync run {run.pk} failed.")


def summary(run: SyncRun) -> str:
    lines = [
        f"Sync run {run.pk} ({run.get_kind_display()}): {run.get_state_display()}",
        f"  meetings seen: {run.meetings_seen}, imported: {run.meetings_imported}",
        f"  records created: {run.rows_created}, updated: {run.rows_updated}",
        f"  leads created: {run.leads_created}, API calls: {run.api_calls}",
    ]
    if run.duration is not None:
        lines.append(f"  duration: {run.duration.total_seconds():.1f} s")
    for error in run.errors:
        where = ""
        if error.get("meeting_id"):
            where = f"meeting {error['meeting_id']}"
            if error.get("clickmeeting_id"):
                where += f" (room {error['clickmeeting_id']})"
            where += ": "
        lines.append(f"  error: {where}{error['error']}")
    return "\n".join(lines)

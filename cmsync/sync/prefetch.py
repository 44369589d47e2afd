"""Fetch the next meeting of a bulk run while the current one is written.

The API calls for meeting N+1 overlap the database writes of meeting N, so
the run waits for ClickMeeting and for the database at the same time. One
background thread makes the calls and touches no database. The calling
thread does all database work: it takes the meeting's lease and reads its
complete sessions before the fetch starts, and it writes the result. At
most one meeting is fetched ahead, always under its lease.
"""

import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait

from cmsync.sync.importer import RunContext, complete_session_ids, fetch_meeting
from cmsync.sync.leases import release_lease, take_lease
from meetings.models import Meeting

logger = logging.getLogger(__name__)


class MeetingPrefetcher:
    """One background thread that fetches meetings in the order they are started."""

    def __init__(self, context: RunContext, *, holder: str, force: bool = False):
        self.context = context
        self.holder = holder
        self.force = force
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="sync-fetch"
        )

    def start(self, meeting: Meeting) -> Future | None:
        """Take the meeting's lease and start fetching it.

        Returns None when another import holds the lease.
        """
        if not take_lease(meeting.pk, self.holder):
            logger.info(
                "meeting %s is being imported by another run; skipped", meeting.pk
            )
            return None
        complete = complete_session_ids(meeting)
        return self._executor.submit(
            fetch_meeting,
            self.context,
            meeting,
            force=self.force,
            complete=complete,
        )

    def abandon(self, meeting: Meeting, fetch: Future, *, wait_for_calls=True):
        """Drop a started fetch and free the meeting's lease.

        By default this waits until the fetch's API calls are over, so they
        are counted in the run. The fetch writes nothing, so the lease may be
        freed while the thread still runs.
        """
        if not fetch.cancel() and wait_for_calls:
            wait([fetch])
        release_lease(meeting.pk, self.holder)
        logger.info("meeting %s was fetched ahead and left for later", meeting.pk)

    def close(self) -> None:
        # Not waiting: after an error, such as the task's soft time limit, a
        # fetch in progress must not hold the worker up.
        self._executor.shutdown(wait=False, cancel_futures=True)

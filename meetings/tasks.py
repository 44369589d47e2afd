"""Background work of meetings: pushing a meeting to ClickMeeting."""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from meetings import push

logger = logging.getLogger(__name__)

PUSH_MAX_RETRIES = 6
# Seconds: the waits grow 30, 60, 120... capped at 15 minutes, with jitter.
PUSH_RETRY_BACKOFF = 30
PUSH_RETRY_BACKOFF_MAX = 15 * 60


@shared_task(bind=True, max_retries=PUSH_MAX_RETRIES, soft_time_limit=5 * 60)
def push_meeting(self, meeting_id):
    """Create or update the ClickMeeting room of a meeting, retrying outages.

    Permanent errors are stored on the meeting by the service and end the
    task. Transient ones are retried with exponential backoff; when the
    retries run out, the meeting is marked failed so its owner can retry.
    """
    try:
        push.meeting_push(meeting_id)
    except push.TransientPushError as exc:
        attempts = self.request.retries + 1
        if self.request.retries >= self.max_retries:
            if isinstance(exc, push.PushBusyError):
                # The push holding the lease records its own outcome.
                logger.warning("push of meeting %s gave way to another", meeting_id)
                return
            logger.warning(
                "push of meeting %s abandoned after %s attempts", meeting_id, attempts
            )
            push.mark_push_abandoned(meeting_id, exc.reason, attempts)
            return
        if self.request.is_eager:
            # An eager run cannot be re-queued: with eager exceptions
            # propagating, Celery would hand Retry to the caller. Run the next
            # attempt in place instead, without the wait.
            self.apply(args=(meeting_id,), retries=self.request.retries + 1)
            return
        countdown = get_exponential_backoff_interval(
            factor=PUSH_RETRY_BACKOFF,
            retries=self.request.retries,
            maximum=PUSH_RETRY_BACKOFF_MAX,
            full_jitter=True,
        )
        logger.info(
            "push of meeting %s retries in %s s (attempt %s)",
            meeting_id,
            countdown,
            attempts + 1,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc

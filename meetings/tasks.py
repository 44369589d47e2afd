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
    Any other exception also marks the meeting failed and ends the task.
    """
    try:
        push.meeting_push(meeting_id)
    except push.TransientPushError as exc:
        _retry_or_abandon(self, meeting_id, exc)
    except Exception as exc:
        # Re-raising would leave the meeting pending with no retry scheduled
        # (the page would keep saying "retrying automatically"), and a
        # redelivered message (acks_late) would hit the same error again.
        logger.exception(
            "push of meeting %s stopped by an unexpected error (attempt %s)",
            meeting_id,
            self.request.retries + 1,
        )
        try:
            push.mark_push_crashed(meeting_id, exc)
        except Exception:
            logger.exception(
                "push of meeting %s could not be marked failed", meeting_id
            )


def _retry_or_abandon(task, meeting_id, exc):
    attempts = task.request.retries + 1
    if task.request.retries >= task.max_retries:
        if isinstance(exc, push.PushBusyError):
            # The push holding the lease records its own outcome.
            logger.warning("push of meeting %s gave way to another", meeting_id)
            return
        logger.warning(
            "push of meeting %s abandoned after %s attempts", meeting_id, attempts
        )
        push.mark_push_abandoned(meeting_id, exc.reason, attempts)
        return
    if task.request.is_eager:
        # An eager run cannot be re-queued: with eager exceptions
        # propagating, Celery would hand Retry to the caller. Run the next
        # attempt in place instead, without the wait.
        task.apply(args=(meeting_id,), retries=task.request.retries + 1)
        return
    countdown = get_exponential_backoff_interval(
        factor=PUSH_RETRY_BACKOFF,
        retries=task.request.retries,
        maximum=PUSH_RETRY_BACKOFF_MAX,
        full_jitter=True,
    )
    logger.info(
        "push of meeting %s retries in %s s (attempt %s)",
        meeting_id,
        countdown,
        attempts + 1,
    )
    raise task.retry(exc=exc, countdown=countdown) from exc

"""Celery tasks that send invitations; each reloads rows and calls one service."""

import logging

from celery import shared_task

from invitations import services

logger = logging.getLogger(__name__)


@shared_task(name="invitations.tasks.send_invitations")
def send_invitations(meeting_id, invitation_ids):
    """Send the given invitations of a meeting (recorded by "Send invitations")."""
    logger.info("sending invitations %s of meeting %s", invitation_ids, meeting_id)
    report = services.send_invitations(meeting_id, invitation_ids)
    return _summary(report)


@shared_task(name="invitations.tasks.send_pending_invitations")
def send_pending_invitations(meeting_id):
    """Send a meeting's pending invitations, once its room exists in ClickMeeting."""
    logger.info("sending pending invitations of meeting %s", meeting_id)
    return _summary(services.send_pending(meeting_id))


@shared_task(name="invitations.tasks.resend_invitations_task")
def resend_invitations_task(meeting_id):
    """Send a meeting's invitations again after its details changed."""
    logger.info("re-sending invitations of meeting %s", meeting_id)
    return _summary(services.resend_invitations(meeting_id))


def _summary(report):
    # JSON-serialisable, for the result backend and for eager runs in tests.
    return {
        "sent": [invitation.pk for invitation in report.sent],
        "failed": [invitation.pk for invitation in report.failed],
        "waiting": report.waiting,
    }

"""Celery tasks of the synchronization engine."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

BULK_SYNC_TASK = "cmsync.sync.tasks.run_bulk_sync"


@shared_task(name=BULK_SYNC_TASK)
def run_bulk_sync():
    """Run one bulk synchronization with ClickMeeting."""
    # TODO: import conferences, sessions and attendees; only logs for now.
    logger.info("bulk sync started")
    logger.info("bulk sync finished: the sync engine is not built yet")

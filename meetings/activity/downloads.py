"""Fresh download links for a meeting's recordings and documents.

ClickMeeting signs its download URLs and lets them expire, so none is stored.
Each click requests a new one from ClickMeeting.
"""

import logging
import time
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext as _

from admin_config import services
from cmsync.clickmeeting import errors
from meetings import interactive
from meetings.models import File

logger = logging.getLogger(__name__)


class DownloadUnavailableError(Exception):
    """No download link can be had now; `message` is safe to show a user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def fresh_download_url(file: File) -> str:
    """Ask ClickMeeting for a newly signed download URL of a file.

    Raises DownloadUnavailableError when ClickMeeting is not configured, no
    longer has the file, or cannot be reached. The call uses the short
    timeouts of interactive calls, because the person waits for the redirect.
    """
    logger.info(
        "download link requested: meeting=%s file=%s kind=%s clickmeeting_id=%s",
        file.meeting_id,
        file.pk,
        file.kind,
        file.clickmeeting_id,
    )
    try:
        client = interactive.interactive_client()
    except services.NotConfiguredError as exc:
        raise DownloadUnavailableError(str(exc)) from exc

    try:
        with client:
            if file.kind == File.Kind.RECORDING:
                url = _recording_url(client, file)
            else:
                url = client.get_file(file.clickmeeting_id).download_url
    except errors.NotFoundError as exc:
        logger.warning(
            "file not found in ClickMeeting: meeting=%s file=%s",
            file.meeting_id,
            file.pk,
        )
        raise _not_found(file) from exc
    except errors.ClickMeetingError as exc:
        logger.warning(
            "download link failed: meeting=%s file=%s error=%s",
            file.meeting_id,
            file.pk,
            exc,
        )
        services.record_failure(exc)
        raise DownloadUnavailableError(_failure_message(file, exc)) from exc

    services.record_success()
    _check_url(file, url)
    return url


def _recording_url(client, file: File) -> str:
    room_id = file.meeting.clickmeeting_id
    if room_id is None:
        raise errors.NotFoundError("The meeting has no ClickMeeting room.")
    for recording in client.list_recordings(room_id):
        if recording.id == file.clickmeeting_id:
            return recording.url
    raise errors.NotFoundError("The recording is not in the room's recordings.")


def _check_url(file: File, url: str) -> None:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        logger.warning(
            "unusable download URL from ClickMeeting: meeting=%s file=%s scheme=%s",
            file.meeting_id,
            file.pk,
            parts.scheme,
        )
        raise DownloadUnavailableError(
            _("ClickMeeting sent no usable download link for “%(name)s”.")
            % {"name": file.name}
        )
    # Signed links carry their expiry as a Unix time in the "e" parameter.
    # Redirecting to a link that has already expired only shows an error page.
    expiry = parse_qs(parts.query).get("e", [""])[0]
    if expiry.isdigit() and int(expiry) <= time.time():
        logger.warning(
            "expired download URL from ClickMeeting: meeting=%s file=%s",
            file.meeting_id,
            file.pk,
        )
        raise DownloadUnavailableError(
            _(
                "ClickMeeting sent a download link for “%(name)s” that has "
                "already expired. Try again in a few minutes."
            )
            % {"name": file.name}
        )


def _failure_message(file: File, exc: errors.ClickMeetingError) -> str:
    kind = interactive.failure_kind(exc)
    if kind == interactive.CREDENTIALS:
        text = _(
            "No download link for “%(name)s”: ClickMeeting rejected the API key. "
            "Ask an administrator to check it on the settings page."
        )
    elif kind == interactive.RATE_LIMITED:
        text = _(
            "No download link for “%(name)s”: ClickMeeting is limiting requests. "
            "Try again in a minute."
        )
    elif kind == interactive.UNREADABLE:
        text = _(
            "No download link for “%(name)s”: ClickMeeting sent a response that "
            "could not be read. Try again in a few minutes."
        )
    elif kind == interactive.REJECTED:
        text = _(
            "No download link for “%(name)s”: ClickMeeting rejected the request. "
            "Tell an administrator if this repeats."
        )
    else:
        text = _(
            "No download link for “%(name)s”: ClickMeeting is not responding. "
            "Try again in a few minutes."
        )
    return text % {"name": file.name}


def _not_found(file: File) -> DownloadUnavailableError:
    return DownloadUnavailableError(
        _(
            "“%(name)s” is no longer available in ClickMeeting; it may have "
            "been deleted there."
        )
        % {"name": file.name}
    )

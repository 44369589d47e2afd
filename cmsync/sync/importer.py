"""Import of one meeting: fetch what ClickMeeting has, then write it in one go.

Everything is fetched before anything is written, and the writes happen in
one transaction, so a failed call or a crash leaves the meeting as it was
before and the next run imports it again. Sessions already complete are not
fetched again unless the import is forced ("Import data now").

Records the ClickMeeting client left out as malformed are carried to the
run log, and a session with such gaps is not marked complete, so it is
fetched again once ClickMeeting returns the records intact.
"""

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from attendees.models import Attendee, Registration
from cmsync.clickmeeting import errors, types
from cmsync.sync import rows
from cmsync.sync.matching import PersonDirectory, PersonLink
from cmsync.sync.planning import recording_window_over, session_settled
from cmsync.sync.upsert import UpsertResult, upsert_rows
from crm.models import normalize_email
from invitations.models import Invitation
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session

logger = logging.getLogger(__name__)

# Form answers of attendees who did not register. One shared list (never
# mutated) lets the upsert convert it to JSON once per batch.
NO_ANSWERS: list = []


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    leads_created: int = 0
    sessions_fetched: int = 0
    # Records left out: malformed items the client skipped, plus records
    # the importer could not store.
    skipped_records: int = 0
    # The client's SkippedItems among them, for the run log.
    skipped_items: list = field(default_factory=list)

    def add(self, upsert: UpsertResult) -> None:
        self.created += upsert.created
        self.updated += upsert.updated


class RunContext:
    """State shared by the meeting imports of one run: the client and its caches."""

    def __init__(self, client, *, sync_start: datetime, lead_owner_id=None):
        self.client = client
        self.sync_start = sync_start
        self.lead_owner_id = lead_owner_id
        self._chat_session_ids: set[int] | None = None
        # The chat list's skipped items, set with `_chat_session_ids`.
        self._chat_list_skipped: list[types.SkippedItem] = []
        self._chat_list_skips_reported = False
        # The chat list is read by the fetch thread and reported by the
        # thread that writes the run log.
        self._chat_list_lock = threading.Lock()
        # Person links of the meetings imported (and committed) in this run.
        self.people: dict[str, PersonLink] = {}

    def forget_people(self) -> None:
        """Drop the remembered links, e.g. after an import failed.

        A failure may come from a link that went stale (a lead deleted
        meanwhile), so the next meetings match from the database again.
        """
        self.people.clear()

    def chat_session_ids(self) -> set[int]:
        """Sessions that have a chat export; one account-wide call per run."""
        with self._chat_list_lock:
            if self._chat_session_ids is None:
                chats = self.client.list_chats()
                self._chat_list_skipped = list(getattr(chats, "skipped", []))
                self._chat_session_ids = {chat.session_id for chat in chats}
            return self._chat_session_ids

    def chat_listing_uncertain(self, session_id: int) -> bool:
        """Return whether a skipped chat list entry may belong to the session.

        A chat list entry's id is its session's id. An entry skipped without
        a readable id may belong to any session.
        """
        self.chat_session_ids()
        return any(
            item.item_id is None or item.item_id == session_id
            for item in self._chat_list_skipped
        )

    def unreported_chat_list_skips(self) -> list[types.SkippedItem]:
        """Return the chat list's skipped items the first time they are known."""
        with self._chat_list_lock:
            if self._chat_session_ids is None or self._chat_list_skips_reported:
                return []
            self._chat_list_skips_reported = True
            return self._chat_list_skipped


@dataclass
class FetchedSession:
    summary: types.SessionSummary
    attendees: list = field(default_factory=list)
    chat: list = field(default_factory=list)
    # Attendees and chat messages the client left out as malformed.
    skipped: list[types.SkippedItem] = field(default_factory=list)
    # True when a skipped chat list entry may be this session's chat.
    chat_listing_uncertain: bool = False

    @property
    def incomplete(self) -> bool:
        """Whether ClickMeeting may hold more of this session than was read.

        Such a session is not marked complete, so it is fetched again.
        """
        return bool(self.skipped) or self.chat_listing_uncertain


@dataclass
class FetchedMeeting:
    sessions: list  # every listed session since the sync start
    fetched: list  # FetchedSession for the sessions read in full
    registrations: list | None  # None when not fetched this time
    documents: list | None
    recordings: list
    # Every item the client left out as malformed while fetching the meeting.
    skipped: list[types.SkippedItem] = field(default_factory=list)


def import_meeting(context: RunContext, meeting: Meeting, *, force=False):
    """Import one meeting's sessions, people, chat, polls and files."""
    return write_meeting(context, meeting, fetch_meeting(context, meeting, force=force))


def write_meeting(context: RunContext, meeting: Meeting, data: FetchedMeeting):
    """Write a fetched meeting in one transaction and return its counts."""
    writer = MeetingWriter(context, meeting, data, timezone.now())
    with transaction.atomic():
        result = writer.write()
    context.people.update(writer.directory.links())
    return result


def complete_session_ids(meeting: Meeting) -> set[int]:
    """Return the ClickMeeting ids of the meeting's completely imported sessions."""
    return set(
        Session.objects.filter(meeting=meeting, import_complete=True).values_list(
            "clickmeeting_id", flat=True
        )
    )


def fetch_meeting(context: RunContext, meeting: Meeting, *, force=False, complete=None):
    """Fetch what an import of `meeting` needs from ClickMeeting.

    With `complete` (from complete_session_ids()) given, this makes API
    calls only and touches no database, so it may run in another thread.
    """
    client, room, zone = context.client, meeting.clickmeeting_id, meeting.timezone
    # The list calls return ItemLists; their `skipped` is collected before
    # the items are filtered into plain lists.
    sessions = client.list_sessions(room, timezone=zone)
    skipped = list(_skipped(sessions))
    listed = [
        session
        for session in sessions
        if session.ended_at is None or session.ended_at >= context.sync_start
    ]
    if complete is None:
        complete = complete_session_ids(meeting)
    fetched = [
        _fetch_session(context, room, session, zone)
        for session in listed
        if force or session.id not in complete
    ]
    for session in fetched:
        skipped.extend(session.skipped)
    # Registrations and documents change around sessions; a meeting whose
    # sessions are all complete only waits for late recordings.
    full = force or bool(fetched) or meeting.last_bulk_import_at is None
    registrations = documents = None
    if full:
        registrations = client.list_registrations(room, timezone=zone)
        skipped.extend(_skipped(registrations))
        documents = client.list_conference_files(room)
        skipped.extend(_skipped(documents))
    recordings = client.list_recordings(room)
    skipped.extend(_skipped(recordings))
    return FetchedMeeting(
        sessions=listed,
        fetched=fetched,
        registrations=registrations,
        documents=documents,
        recordings=recordings,
        skipped=skipped,
    )


def _fetch_session(
    context: RunContext, room: int, session: types.SessionSummary, zone: str
) -> FetchedSession:
    attendees = context.client.list_session_attendees(room, session.id, timezone=zone)
    chat = _fetch_chat(context, session.id, zone)
    return FetchedSession(
        summary=session,
        attendees=attendees,
        chat=chat,
        skipped=[*_skipped(attendees), *_skipped(chat)],
        chat_listing_uncertain=context.chat_listing_uncertain(session.id),
    )


def _skipped(items) -> list[types.SkippedItem]:
    """Return the items a list call left out; a plain list has none."""
    return getattr(items, "skipped", [])


def _fetch_chat(context: RunContext, session_id: int, zone: str) -> list:
    if session_id not in context.chat_session_ids():
        return []
    try:
        return context.client.get_chat(session_id, timezone=zone)
    except errors.NotFoundError:
        logger.info("chat of session %s is listed but not found", session_id)
        return []


class MeetingWriter:
    """Writes one fetched meeting; every write is a batched upsert."""

    def __init__(self, context, meeting, data: FetchedMeeting, now: datetime):
        self.meeting = meeting
        self.data = data
        self.now = now
        self.result = ImportResult()
        self.directory = PersonDirectory(
            lead_owner_id=context.lead_owner_id, known=context.people
        )
        self.session_pks: dict[int, int] = {}
        self.new_session_pks: set[int] = set()

    def write(self) -> ImportResult:
        self._write_sessions()
        self._meet_people()
        self.directory.resolve()
        self.result.leads_created = self.directory.leads_created
        answers = self._write_registrations()
        self._write_attendees_and_polls(answers)
        self._write_chat()
        self._write_files()
        self._finish_meeting()
        self.result.sessions_fetched = len(self.data.fetched)
        self.result.skipped_items = list(self.data.skipped)
        self.result.skipped_records += len(self.data.skipped)
        return self.result

    def _rows(self, builder, items, what):
        """Build rows, skipping (and logging) records that cannot be stored."""
        built = (self._build(what, builder, item) for item in items)
        return [row for row in built if row is not None]

    def _build(self, what, builder, *args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            self.result.skipped_records += 1
            logger.warning(
                "skipped a malformed %s of meeting %s (room %s): %s",
                what,
                self.meeting.pk,
                self.meeting.clickmeeting_id,
                exc,
            )
            return None

    def _write_sessions(self):
        ids = [session.id for session in self.data.sessions]
        upsert = upsert_rows(
            Session,
            self._rows(
                lambda s: rows.session_row(self.meeting.pk, s),
                self.data.sessions,
                "session",
            ),
            key_fields=("clickmeeting_id",),
            # The meeting's sessions that are no longer listed (older than
            # the sync start) are loaded too, for their primary keys.
            existing=Session.objects.filter(
                Q(clickmeeting_id__in=ids) | Q(meeting=self.meeting)
            ),
            return_ids=True,
        )
        self.result.add(upsert)
        self.session_pks = {key[0]: pk for key, pk in upsert.ids.items()}
        self.new_session_pks = {upsert.ids[key] for key in upsert.inserted}

    def _fetched_sessions_are_new(self) -> bool:
        """Return whether every fetched session was inserted by this import.

        Nothing can be stored under such sessions yet, so their attendees,
        poll answers and chat are written without loading stored rows.
        """
        return all(
            self.session_pks.get(f.summary.id) in self.new_session_pks
            for f in self.data.fetched
        )

    def _meet_people(self):
        """Tell the directory every email of this import, registrations first."""
        for registration in self._registrations():
            self.directory.see(
                registration.email or "",
                login=registration.nickname,
                first_name=registration.first_name,
                last_name=registration.last_name,
                registered=True,
            )
        for fetched in self.data.fetched:
            for attendee in fetched.attendees:
                self.directory.see(attendee.email or "", login=attendee.nickname)
        for fetched in self.data.fetched:
            for message in fetched.chat:
                self.directory.see(message.email or "", login=message.nickname)

    def _registrations(self):
        return sorted(
            self.data.registrations or [],
            key=lambda r: (r.registered_at is None, r.registered_at or self.now, r.id),
        )

    def _write_registrations(self) -> dict[str, list]:
        """Upsert registrations and return their form fields by normalized email."""
        registrations = self._registrations()
        if self.data.registrations is None:
            return self._stored_answers()
        built = self._rows(
            lambda r: rows.registration_row(
                self.meeting.pk,
                r,
                self.session_pks.get(r.session_id),
                self.directory.link(r.email or ""),
            ),
            registrations,
            "registration",
        )
        self.result.add(
            upsert_rows(
                Registration,
                built,
                key_fields=("meeting_id", "clickmeeting_id"),
                existing=Registration.objects.filter(meeting=self.meeting),
            )
        )
        answers = {}
        for row in built:
            if row["email_normalized"]:
                answers.setdefault(row["email_normalized"], row["fields"])
        return answers

    def _stored_answers(self) -> dict[str, list]:
        answers = {}
        stored = (
            Registration.objects.filter(meeting=self.meeting)
            .exclude(email_normalized="")
            .order_by("registered_at", "id")
            .values_list("email_normalized", "fields")
        )
        for email, fields in stored:
            answers.setdefault(email, fields)
        return answers

    def _write_attendees_and_polls(self, answers):
        invitations = self._invitations_by_email()
        attendee_rows, pairs = [], []
        for fetched in self.data.fetched:
            session_pk = self.session_pks[fetched.summary.id]
            for attendee in fetched.attendees:
                email = normalize_email(attendee.email)
                row = self._build(
                    "attendee",
                    rows.attendee_row,
                    self.meeting.pk,
                    session_pk,
                    attendee,
                    answers=answers.get(email, NO_ANSWERS),
                    invitation_id=invitations.get(email),
                    link=self.directory.link(attendee.email or ""),
                )
                if row is not None:
                    attendee_rows.append(row)
                    pairs.append((session_pk, attendee))
        session_ids = [self.session_pks[f.summary.id] for f in self.data.fetched]
        upsert = upsert_rows(
            Attendee,
            attendee_rows,
            key_fields=("session_id", "clickmeeting_id"),
            existing=Attendee.objects.filter(session_id__in=session_ids),
            return_ids=True,
            known_new=self._fetched_sessions_are_new(),
        )
        self.result.add(upsert)
        self._write_polls(pairs, upsert.ids, session_ids)

    def _invitations_by_email(self) -> dict[str, int]:
        found = {}
        for email, pk in (
            Invitation.objects.filter(meeting=self.meeting)
            .order_by("pk")
            .values_list("email_normalized", "pk")
        ):
            found.setdefault(email, pk)
        return found

    def _write_polls(self, pairs, attendee_pks, session_ids):
        poll_rows = []
        for session_pk, attendee in pairs:
            attendee_pk = attendee_pks.get((session_pk, str(attendee.uid)))
            group = self._build(
                "poll answer",
                rows.poll_answer_rows,
                self.meeting.pk,
                session_pk,
                attendee,
                attendee_pk,
                self.directory.link(attendee.email or ""),
            )
            poll_rows.extend(group or [])
        self.result.add(
            upsert_rows(
                PollAnswer,
                poll_rows,
                key_fields=("session_id", "source_key"),
                existing=PollAnswer.objects.filter(session_id__in=session_ids),
                known_new=self._fetched_sessions_are_new(),
            )
        )

    def _write_chat(self):
        chat_rows = []
        session_ids = []
        for fetched in self.data.fetched:
            session_pk = self.session_pks[fetched.summary.id]
            session_ids.append(session_pk)
            chat_rows.extend(
                rows.chat_rows(
                    self.meeting.pk, session_pk, fetched.chat, self.directory
                )
            )
        self.result.add(
            upsert_rows(
                ChatMessage,
                chat_rows,
                key_fields=("session_id", "source_key"),
                existing=ChatMessage.objects.filter(session_id__in=session_ids),
                known_new=self._fetched_sessions_are_new(),
            )
        )

    def _write_files(self):
        file_rows = self._rows(
            lambda r: rows.recording_row(self.meeting.pk, r),
            self.data.recordings,
            "recording",
        )
        file_rows += self._rows(
            lambda d: rows.document_row(self.meeting.pk, d),
            self.data.documents or [],
            "file",
        )
        self.result.add(
            upsert_rows(
                File,
                file_rows,
                key_fields=("meeting_id", "kind", "clickmeeting_id"),
                existing=File.objects.filter(meeting=self.meeting),
            )
        )

    def _finish_meeting(self):
        settled = [
            f.summary.id
            for f in self.data.fetched
            if session_settled(f.summary.ended_at, self.now) and not f.incomplete
        ]
        if settled:
            Session.objects.filter(
                meeting=self.meeting, clickmeeting_id__in=settled, import_complete=False
            ).update(import_complete=True, imported_at=self.now)
        incomplete = [f.summary.id for f in self.data.fetched if f.incomplete]
        if incomplete:
            # A forced import may find gaps in a session completed before.
            Session.objects.filter(
                meeting=self.meeting,
                clickmeeting_id__in=incomplete,
                import_complete=True,
            ).update(import_complete=False)
        all_settled = all(
            session_settled(s.ended_at, self.now) for s in self.data.sessions
        )
        # Skipped records are looked for again, so a meeting with any is not
        # complete.
        complete = (
            all_settled
            and recording_window_over(self.meeting, self.now)
            and not self.data.skipped
            and not any(f.incomplete for f in self.data.fetched)
        )
        visitors = (
            Session.objects.filter(meeting=OuterRef("pk"))
            .values("meeting")
            .annotate(total=Sum("total_visitors"))
            .values("total")
        )
        Meeting.objects.filter(pk=self.meeting.pk).update(
            last_bulk_import_at=self.now,
            import_complete=complete,
            total_visitors=Coalesce(Subquery(visitors), 0),
        )

"""The state of the "Invite people" page, rebuilt from each form submission.

The page keeps everything in the form: the selected people as hidden
inputs, each picker's search and page. Every request parses that state,
applies the button that was clicked, and checks the selection again on the
server, so nothing the browser sends is trusted.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from invitations.models import Invitation
from invitations.people import (
    PersonRef,
    SearchType,
    load_people,
    search_candidates,
)

ROLES = (Invitation.Role.PARTICIPANT, Invitation.Role.PRESENTER)
# Upper limit of people sent in one go. ClickMeeting documents no limit for an
# invitation call; this keeps one call, and one retry, of a reasonable size.
MAX_SELECTED = 500


@dataclass
class PickerState:
    """State of one picker (Participants or Presenters)."""

    role: str
    search_type: str = SearchType.CONTACT
    text: str = ""
    page: int = 1
    selected_keys: list = field(default_factory=list)
    selected: list = field(default_factory=list)
    available: object = None

    @property
    def label(self):
        return Invitation.Role(self.role).label


@dataclass
class InviteSelection:
    """Both pickers plus the notes to show after the last action."""

    pickers: dict
    notes: list = field(default_factory=list)

    @property
    def participants(self):
        return self.pickers[Invitation.Role.PARTICIPANT].selected

    @property
    def presenters(self):
        return self.pickers[Invitation.Role.PRESENTER].selected

    @property
    def is_empty(self):
        return not (self.participants or self.presenters)

    @property
    def size(self):
        return len(self.participants) + len(self.presenters)


def parse_selection(data):
    """Build the page state from submitted form data (or an empty QueryDict)."""
    pickers = {}
    for role in ROLES:
        search_type = data.get(f"{role}_type", SearchType.CONTACT)
        if search_type not in SearchType.VALUES:
            search_type = SearchType.CONTACT
        text = data.get(f"{role}_q", "").strip()
        picker = PickerState(
            role=role,
            search_type=search_type,
            text=text,
            page=_requested_page(data, role, search_type, text),
            selected_keys=_unique(data.getlist(role)),
        )
        pickers[role] = picker
    return InviteSelection(pickers=pickers)


def _requested_page(data, role, search_type, text):
    # A changed search starts again on page one; otherwise a page button
    # wins over the page the form was showing.
    if (
        data.get(f"{role}_shown_q", "") != text
        or data.get(f"{role}_shown_type", SearchType.CONTACT) != search_type
    ):
        return 1
    raw = data.get(f"{role}_page") or data.get(f"{role}_shown_page") or "1"
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _unique(keys):
    seen = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return seen


def apply_action(selection, action, data):
    """Apply an Add or Remove button to the selected keys."""
    verb, _sep, role = (action or "").partition("_")
    if role not in ROLES:
        return
    picker = selection.pickers[role]
    if verb == "add":
        in_other_lists = {
            key
            for other in ROLES
            if other != role
            for key in selection.pickers[other].selected_keys
        }
        for key in _unique(data.getlist(f"{role}_available")):
            if key in in_other_lists:
                selection.notes.append(
                    _(
                        "A person can have only one role: remove them from the "
                        "other list first."
                    )
                )
            elif key not in picker.selected_keys:
                picker.selected_keys.append(key)
    elif verb == "remove":
        removed = set(data.getlist(f"{role}_selected"))
        picker.selected_keys = [k for k in picker.selected_keys if k not in removed]


def resolve_selection(selection, meeting):
    """Load the selected people and drop the ones that cannot be invited.

    Each dropped person gets a note saying why. Costs at most three queries:
    contacts, leads and the meeting's invitations to their emails.
    """
    refs = {}
    for role in ROLES:
        for key in selection.pickers[role].selected_keys:
            ref = PersonRef.parse(key)
            if ref is not None:
                refs[key] = ref
    people = load_people(refs.values())
    emails = {c.email_normalized for c in people.values() if c.email_normalized}
    invited = set()
    if emails:
        invited = set(
            Invitation.objects.filter(
                meeting=meeting, email_normalized__in=emails
            ).values_list("email_normalized", flat=True)
        )

    taken_keys = {}
    taken_emails = {}
    for role in ROLES:
        picker = selection.pickers[role]
        picker.selected = []
        for key in picker.selected_keys:
            candidate = people.get(key)
            note = _rejection(candidate, role, invited, taken_keys, taken_emails)
            if note:
                selection.notes.append(note)
                continue
            if len(taken_keys) >= MAX_SELECTED:
                selection.notes.append(
                    _("At most %(max)d people can be invited at once.")
                    % {"max": MAX_SELECTED}
                )
                break
            picker.selected.append(candidate)
            taken_keys[key] = role
            taken_emails[candidate.email_normalized] = candidate
        picker.selected_keys = [c.key for c in picker.selected]
    return selection


def _rejection(candidate, role, invited, taken_keys, taken_emails):
    if candidate is None:
        return _("A selected person no longer exists and was removed.")
    values = {"name": candidate.name, "email": candidate.email}
    if not candidate.email_normalized:
        return (
            _(
                "%(name)s has no email address, so they cannot be invited. "
                "Add an email address to the record first."
            )
            % values
        )
    if candidate.email_normalized in invited:
        return _("%(name)s (%(email)s) is already invited.") % values
    if candidate.key in taken_keys:
        values["role"] = Invitation.Role(taken_keys[candidate.key]).label
        return (
            _(
                "%(name)s is already selected as %(role)s. A person can have "
                "only one role: remove them there first."
            )
            % values
        )
    other = taken_emails.get(candidate.email_normalized)
    if other is not None:
        values["other"] = other.name
        return (
            _(
                "%(name)s shares the email address %(email)s with %(other)s, "
                "who is already selected."
            )
            % values
        )
    return ""


def load_available(selection, meeting, roles=ROLES):
    """Fill each picker's page of available people (one query per picker)."""
    excluded = []
    excluded_emails = []
    for role in ROLES:
        for candidate in selection.pickers[role].selected:
            excluded.append(candidate.ref)
            excluded_emails.append(candidate.email_normalized)
    for role in roles:
        picker = selection.pickers[role]
        picker.available = search_candidates(
            meeting,
            picker.search_type,
            picker.text,
            page=picker.page,
            excluded=excluded,
            excluded_emails=excluded_emails,
        )
        if not picker.available.candidates and picker.page > 1:
            # The page emptied (people were added elsewhere): show page one.
            picker.page = 1
            picker.available = search_candidates(
                meeting,
                picker.search_type,
                picker.text,
                excluded=excluded,
                excluded_emails=excluded_emails,
            )
    return selection

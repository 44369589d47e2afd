"""factory_boy factories for what a meeting produced, and the people in it."""

from datetime import UTC, datetime, timedelta

import factory

from attendees.models import Attendee, Registration
from crm.models import Contact, Lead, normalize_email
from invitations.models import Invitation
from meetings.models import ChatMessage, File, Meeting, PollAnswer, Session

SESSION_START = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = "Marta"
    last_name = factory.Sequence(lambda n: f"Kowalczyk{n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    first_name = "Daniel"
    last_name = factory.Sequence(lambda n: f"Okafor{n}")
    email = factory.Sequence(lambda n: f"lead{n}@example.org")
    company = "ClickMeeting"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"Product demo {n}")
    clickmeeting_id = factory.Sequence(lambda n: 680000 + n)
    starts_at = SESSION_START


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    clickmeeting_id = factory.Sequence(lambda n: 9100000 + n)
    started_at = SESSION_START
    ended_at = SESSION_START + timedelta(hours=1)
    total_visitors = 3
    peak_visitors = 2


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    session = factory.SubFactory(SessionFactory)
    meeting = factory.SelfAttribute("session.meeting")
    clickmeeting_id = factory.Sequence(lambda n: str(60100000 + n))
    email = factory.Sequence(lambda n: f"attendee{n}@example.com")
    email_normalized = factory.LazyAttribute(lambda o: normalize_email(o.email))
    login = factory.Sequence(lambda n: f"Guest {n}")
    role = "listener"
    joined_at = SESSION_START + timedelta(minutes=5)
    left_at = SESSION_START + timedelta(minutes=50)
    duration_seconds = 45 * 60


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    clickmeeting_id = factory.Sequence(lambda n: 4400000 + n)
    email = factory.Sequence(lambda n: f"registrant{n}@example.com")
    email_normalized = factory.LazyAttribute(lambda o: normalize_email(o.email))
    first_name = "Zoë"
    last_name = "Łukasiewicz-Müller"
    fields = factory.LazyFunction(
        lambda: [
            {"label": "First Name", "value": "Zoë"},
            {"label": "Company", "value": "Example Ltd"},
        ]
    )
    registered_at = SESSION_START - timedelta(days=1)


class ChatMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChatMessage

    session = factory.SubFactory(SessionFactory)
    meeting = factory.SelfAttribute("session.meeting")
    sent_at = SESSION_START + timedelta(minutes=10)
    author_name = "Zoë"
    author_email = "zoe@example.com"
    text = "Could you share the slides?"
    position = factory.Sequence(lambda n: n)
    source_key = factory.Sequence(lambda n: f"chat-{n}")


class PollAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollAnswer

    session = factory.SubFactory(SessionFactory)
    meeting = factory.SelfAttribute("session.meeting")
    poll_title = "Feedback"
    question = "How useful was the demo?"
    answer = "Very useful"
    respondent_name = "Zoë"
    respondent_email = "zoe@example.com"
    source_key = factory.Sequence(lambda n: f"poll-{n}")


class FileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = File

    meeting = factory.SubFactory(MeetingFactory)
    kind = File.Kind.DOCUMENT
    clickmeeting_id = factory.Sequence(lambda n: 2250000 + n)
    name = factory.Sequence(lambda n: f"Agenda {n}.pdf")
    file_type = "presentation_pdf"
    size_bytes = 1_536_000


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    contact = factory.SubFactory(ContactFactory)
    email = factory.SelfAttribute("contact.email")
    state = Invitation.State.SENT
    sent_at = SESSION_START - timedelta(days=2)

"""factory_boy factories for meetings and what they produced."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Meeting, Session


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"Customer call {n}")
    room_url_name = factory.Sequence(lambda n: f"customer-call-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    timezone = "Europe/Warsaw"
    duration = timedelta(hours=1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    clickmeeting_id = factory.Sequence(lambda n: 5_000_000 + n)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    ended_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    total_visitors = 12
    peak_visitors = 9

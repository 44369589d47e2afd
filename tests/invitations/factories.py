"""factory_boy factories for the invitation tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from crm.models import Account, Contact, Lead, normalize_email
from invitations.models import Invitation
from meetings.models import Meeting


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Northwind Traders {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = "Amelia"
    last_name = factory.Sequence(lambda n: f"Nowak{n:03d}")
    email = factory.Sequence(lambda n: f"amelia.nowak{n}@example.com")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    first_name = "Tomasz"
    last_name = factory.Sequence(lambda n: f"Zielinski{n:03d}")
    email = factory.Sequence(lambda n: f"tomasz.zielinski{n}@example.org")
    company = "Fabrikam"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"Quarterly review {n}")
    clickmeeting_id = factory.Sequence(lambda n: 7300000 + n)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    timezone = "Europe/Warsaw"
    push_state = Meeting.PushState.DONE


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    contact = factory.SubFactory(ContactFactory)
    email = factory.LazyAttribute(lambda o: o.contact.email if o.contact else "")
    email_normalized = factory.LazyAttribute(lambda o: normalize_email(o.email))
    state = Invitation.State.SENT

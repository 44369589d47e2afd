import factory

from crm.models import Account, Contact, Lead


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Account {n:04d}")
    industry = "Software"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Sequence(lambda n: f"First{n:04d}")
    last_name = factory.Sequence(lambda n: f"Last{n:04d}")
    email = factory.LazyAttribute(
        lambda c: f"{c.first_name}.{c.last_name}@example.com".lower()
    )
    account = factory.SubFactory(AccountFactory)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    first_name = factory.Sequence(lambda n: f"Lead{n:04d}")
    last_name = factory.Sequence(lambda n: f"Person{n:04d}")
    email = factory.LazyAttribute(
        lambda c: f"{c.first_name}.{c.last_name}@example.org".lower()
    )
    company = "Example Ltd"

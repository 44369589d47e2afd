"""Pages of accounts, contacts and leads."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from crm.forms import AccountForm, ContactForm, LeadForm
from crm.models import Account, Contact, Lead

from .base import (
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    paginate,
)

PERSON_SEARCH_FIELDS = ("first_name", "last_name", "email")


class AccountListView(RecordListView):
    # Meta.ordering does not apply to aggregate queries, so it is repeated.
    queryset = Account.objects.annotate(contact_count=Count("contacts")).order_by(
        "name", "id"
    )
    search_fields = ("name",)


class AccountDetailView(RecordDetailView):
    queryset = Account.objects.select_related("owner")

    def get_context_data(self, **kwargs):
        contacts = self.object.contacts.order_by("last_name", "first_name", "id")
        return super().get_context_data(
            contacts_page=paginate(self.request, contacts), **kwargs
        )


class AccountCreateView(RecordCreateView):
    model = Account
    form_class = AccountForm
    page_title = gettext_lazy("New account")
    list_url_name = "crm:account_list"


class AccountUpdateView(RecordUpdateView):
    model = Account
    form_class = AccountForm


class ContactListView(RecordListView):
    queryset = Contact.objects.select_related("account")
    search_fields = PERSON_SEARCH_FIELDS


class ContactDetailView(RecordDetailView):
    queryset = Contact.objects.select_related("account", "owner")


class ContactCreateView(RecordCreateView):
    model = Contact
    form_class = ContactForm
    page_title = gettext_lazy("New contact")
    list_url_name = "crm:contact_list"


class ContactUpdateView(RecordUpdateView):
    model = Contact
    form_class = ContactForm


class LeadListView(RecordListView):
    model = Lead
    search_fields = PERSON_SEARCH_FIELDS


class LeadDetailView(RecordDetailView):
    queryset = Lead.objects.select_related("owner")


class LeadCreateView(RecordCreateView):
    model = Lead
    form_class = LeadForm
    page_title = gettext_lazy("New lead")
    list_url_name = "crm:lead_list"


class LeadUpdateView(RecordUpdateView):
    model = Lead
    form_class = LeadForm

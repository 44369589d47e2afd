from .importing import CsvImportView
from .records import (
    AccountCreateView,
    AccountDetailView,
    AccountListView,
    AccountUpdateView,
    ContactCreateView,
    ContactDetailView,
    ContactListView,
    ContactUpdateView,
    LeadCreateView,
    LeadDetailView,
    LeadListView,
    LeadUpdateView,
)

__all__ = [
    "AccountCreateView",
    "AccountDetailView",
    "AccountListView",
    "AccountUpdateView",
    "ContactCreateView",
    "ContactDetailView",
    "ContactListView",
    "ContactUpdateView",
    "CsvImportView",
    "LeadCreateView",
    "LeadDetailView",
    "LeadListView",
    "LeadUpdateView",
]

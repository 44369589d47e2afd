from django.urls import path
from django.views.generic import RedirectView

from crm import views

app_name = "crm"

urlpatterns = [
    path(
        "",
        RedirectView.as_view(pattern_name="crm:contact_list"),
        name="index",
    ),
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", views.AccountCreateView.as_view(), name="account_create"),
    path(
        "accounts/<int:pk>/", views.AccountDetailView.as_view(), name="account_detail"
    ),
    path(
        "accounts/<int:pk>/edit/",
        views.AccountUpdateView.as_view(),
        name="account_edit",
    ),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path(
        "contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact_detail"
    ),
    path(
        "contacts/<int:pk>/edit/",
        views.ContactUpdateView.as_view(),
        name="contact_edit",
    ),
    path("leads/", views.LeadListView.as_view(), name="lead_list"),
    path("leads/new/", views.LeadCreateView.as_view(), name="lead_create"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead_detail"),
    path("leads/<int:pk>/edit/", views.LeadUpdateView.as_view(), name="lead_edit"),
    path("import/", views.CsvImportView.as_view(), name="import"),
]

"""Generic list, detail, create and edit views shared by the three CRM models."""

from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from cmsync.permissions import (
    CreatorRequiredMixin,
    OwnerOrAdministratorMixin,
    ViewerRequiredMixin,
    can_edit_owned,
    is_administrator,
    is_creator,
)

PAGE_SIZE = 25


def search_filter(query, fields):
    """Return a filter where every word of `query` matches one of `fields`."""
    conditions = Q()
    for word in query.split():
        conditions &= reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
    return conditions


def paginate(request, queryset, page_size=PAGE_SIZE):
    """Return the requested page; a missing or invalid number gives page 1 or
    the last page instead of an error."""
    return Paginator(queryset, page_size).get_page(request.GET.get("page"))


class RecordListView(ViewerRequiredMixin, ListView):
    """A paginated list with a text search over `search_fields`."""

    paginate_by = PAGE_SIZE
    search_fields = ()

    def search_query(self):
        return self.request.GET.get("q", "").strip()

    def get_queryset(self):
        queryset = super().get_queryset()
        query = self.search_query()
        if query:
            queryset = queryset.filter(search_filter(query, self.search_fields))
        return queryset

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.search_query()
        user = self.request.user
        return super().get_context_data(
            query=query,
            query_string=urlencode({"q": query}) if query else "",
            can_create=is_creator(user),
            can_import=is_administrator(user),
            **kwargs,
        )


class RecordDetailView(ViewerRequiredMixin, DetailView):
    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_edit=can_edit_owned(user, self.object),
            can_invite=is_creator(user),
            **kwargs,
        )


class RecordCreateView(CreatorRequiredMixin, CreateView):
    """Create a record owned by the user who creates it."""

    template_name = "crm/record_form.html"
    page_title = ""
    list_url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title,
            cancel_url=reverse(self.list_url_name),
            **kwargs,
        )

    def form_valid(self, form):
        form.instance.owner = self.request.user
        response = super().form_valid(form)
        messages.success(self.request, _("Saved “%s”.") % self.object)
        return response


class RecordUpdateView(OwnerOrAdministratorMixin, UpdateView):
    """Edit a record; only its owner or an administrator gets here."""

    template_name = "crm/record_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Edit “%s”") % self.object,
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def get_object(self, queryset=None):
        # The permission check in dispatch() and the view both need the row.
        if not hasattr(self, "_record"):
            self._record = super().get_object(queryset)
        return self._record

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Saved “%s”.") % self.object)
        return response

"""Pagination of the meeting pages that never answers 404 for a page number."""


class ClampedPaginationMixin:
    """Show the last page for a page number past the end, the first for junk.

    ListView raises 404 for those, which a stale bookmark or a list that
    shrank since the link was made would otherwise show.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page_number = self.kwargs.get(self.page_kwarg) or self.request.GET.get(
            self.page_kwarg
        )
        page = paginator.get_page(page_number)
        return paginator, page, page.object_list, page.has_other_pages()

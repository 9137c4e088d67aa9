from django.core.paginator import Paginator


class ClampedPaginationMixin:
    """ListView pagination that never 404s: `page=abc`, `page=0` or a page past the end
    (an old shared link, after results shrank) shows the nearest real page instead.

    It lives in `education` because every app that lists things already depends on it.
    """

    def paginate_queryset(self, queryset, page_size):
        paginator: Paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        number = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        if number == "last":
            number = paginator.num_pages
        elif str(number).lstrip("-").isdigit() and int(number) < 1:
            number = 1  # get_page() would jump to the last page
        page = paginator.get_page(number)
        return (paginator, page, page.object_list, page.has_other_pages())

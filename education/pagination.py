from django.core.paginator import Paginator
from django.db.models import Count, Window


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


class WindowCountPaginator(Paginator):
    """Pages of a query whose count would repeat its costly part (the ZIP search works out
    every matching trial's nearest site to count them, then again to sort them).

    A page is read in two narrow steps instead of a count and a page: one query returns
    the page's primary keys in order with the number of matches beside them
    (`COUNT(*) OVER ()`), a second reads those rows by key. The total is known only when
    the page has rows (or when the first page has none); for a page past the end (an old
    link) it falls back to a count.

    `rows` is the queryset the page's objects are read from (by default the paginated
    one): without the costly annotations when the page does not show them.
    """

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = object_list if rows is None else rows
        self._page_keys: dict[int, list] = {}

    def validate_number(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = None
        if wanted is not None and wanted >= 1 and "count" not in self.__dict__:
            self._read_keys(wanted)
        return super().validate_number(number)

    def _read_keys(self, number: int) -> None:
        bottom = (number - 1) * self.per_page
        rows = list(
            self.object_list.annotate(window_total=Window(Count("pk"))).values_list(
                "pk", "window_total"
            )[bottom : bottom + self.per_page + self.orphans]
        )
        if rows:
            self.count = rows[0][1]
        elif number == 1:
            self.count = 0  # nothing matched: no need to count
        self._page_keys[number] = [pk for pk, _ in rows]

    def page(self, number):
        number = self.validate_number(number)
        if number not in self._page_keys:
            self._read_keys(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self._page_keys[number][: top - bottom]
        by_key = {obj.pk: obj for obj in self.rows.filter(pk__in=keys).order_by()}
        return self._get_page([by_key[pk] for pk in keys if pk in by_key], number, self)

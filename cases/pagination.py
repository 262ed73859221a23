"""Keyset paging of case lists on (reported_at, id), newest first.

An offset page deep into a street's cases costs more the deeper it is; a
keyset page costs the same at any depth. The answer keeps the v1 list shape
(`count`, `next`, `previous`, `results`); `next` and `previous` carry an
opaque `cursor` instead of a page number.

The count comes from the view (`count_list`) when it has one: exact from the
case counts where the filters allow, otherwise counted up to a bound, with
`count_exact` false when there are more (see `cases.selectors.cases_count`).
"""

import base64
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


class CaseKeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50
    max_page_size = 100
    invalid_cursor_message = _("Invalid cursor.")

    def _page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except ValueError:
            return self.page_size
        return max(1, min(size, self.max_page_size))

    @staticmethod
    def encode(direction: str, reported_at: datetime, pk: int) -> str:
        raw = f"{direction}|{reported_at.isoformat()}|{pk}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, value: str):
        try:
            padded = value + "=" * (-len(value) % 4)
            direction, at, pk = base64.urlsafe_b64decode(padded).decode().split("|")
            if direction not in ("n", "p"):
                raise ValueError(direction)
            return direction, datetime.fromisoformat(at), int(pk)
        except (ValueError, UnicodeDecodeError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        counter = getattr(view, "count_list", None)
        if counter is not None:
            self.count, self.count_exact = counter(queryset)
        else:
            self.count, self.count_exact = queryset.count(), True
        cursor = request.query_params.get(self.cursor_query_param)
        self.has_next = self.has_previous = False
        if cursor:
            direction, at, pk = self.decode(cursor)
        else:
            direction, at, pk = "n", None, None
        if direction == "n":
            qs = queryset.order_by("-reported_at", "-id")
            if at is not None:
                # The plain bound on reported_at lets the index scan start at
                # the cursor; the OR alone is only a filter, and the scan
                # would walk every newer row first.
                qs = qs.filter(
                    Q(reported_at__lt=at) | Q(reported_at=at, id__lt=pk), reported_at__lte=at
                )
                self.has_previous = True
            rows = list(qs[: size + 1])
            self.has_next = len(rows) > size
            rows = rows[:size]
        else:
            qs = queryset.order_by("reported_at", "id").filter(
                Q(reported_at__gt=at) | Q(reported_at=at, id__gt=pk), reported_at__gte=at
            )
            rows = list(qs[: size + 1])
            self.has_previous = len(rows) > size
            rows = list(reversed(rows[:size]))
            self.has_next = True
        self.rows = rows
        return rows

    def _link(self, direction: str, row) -> str | None:
        if row is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(
            url, self.cursor_query_param, self.encode(direction, row.reported_at, row.pk)
        )

    def get_next_link(self):
        if not self.has_next or not self.rows:
            return None
        return self._link("n", self.rows[-1])

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.rows:
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self._link("p", self.rows[0])

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "count_exact", "results"],
            "properties": {
                "count": {"type": "integer"},
                "count_exact": {
                    "type": "boolean",
                    "description": "False when `count` is a lower bound: the list has at "
                    "least that many cases (see the API notes on counts).",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

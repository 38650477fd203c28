"""Lists that grow: a table filled a page at a time by the server, with the total count, and search as you type.

The browser holds one page; Quasar's table asks for another page (its ``request`` event, since the
pagination carries ``rowsNumber``) and the page's ``fetch`` answers that page's rows and the total.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from antifraud.ui.i18n import t
from antifraud.ui.layout import table_texts

Fetch = Callable[[int, int], Awaitable[tuple[list[dict[str, Any]], int]]]
ROWS_PER_PAGE_OPTIONS = (10, 25, 50, 100)
TYPING_PAUSE_SECONDS = 0.3  # search once the user stops typing this long


class PagedTable:
    """A table whose rows the server sends a page at a time; ``fetch(offset, limit)`` answers (rows, total)."""

    def __init__(self, columns: list[dict[str, Any]], fetch: Fetch, *, rows_per_page: int = 25,
                 row_key: str = "id", sort_by: str | None = None, table: ui.table | None = None) -> None:
        """A new table of ``columns``, or ``table`` (a page's own, with its slots) paged by the server."""
        self.fetch = fetch
        self.total = 0
        pagination = {"page": 1, "rowsPerPage": rows_per_page, "rowsNumber": 0, "sortBy": sort_by,
                      "descending": False}
        label = t("paging.label", start="${a}", end="${b}", total="${n}")
        if table is None:
            table = table_texts(ui.table(columns=columns, rows=[], row_key=row_key, pagination=pagination))
        else:
            table.pagination = pagination
        self.table = table
        self.table.classes("w-full").props(
            f':rows-per-page-options="{list(ROWS_PER_PAGE_OPTIONS)}" '
            f':pagination-label="(a, b, n) => `{label}`"')
        self.table.on("request", self._requested)

    async def _requested(self, event: Any) -> None:
        wanted = dict((event.args or {}).get("pagination") or {})
        await self.show(int(wanted.get("page") or 1), int(wanted.get("rowsPerPage") or 25))

    async def show(self, page: int = 1, rows_per_page: int | None = None) -> None:
        """Fetch and show one page (1-based); past the end shows the last page."""
        per_page = max(1, rows_per_page or int(self.table.pagination.get("rowsPerPage") or 25))
        page = max(1, page)
        rows, total = await self.fetch((page - 1) * per_page, per_page)
        last = max(1, -(-total // per_page))
        if page > last and total:
            page = last
            rows, total = await self.fetch((page - 1) * per_page, per_page)
        self.total = total
        self.table.rows = rows
        self.table.pagination = {**self.table.pagination, "page": page, "rowsPerPage": per_page,
                                 "rowsNumber": total}
        self.table.update()

    async def reload(self) -> None:
        """Show the first page again (after the filters changed)."""
        await self.show(1)


def on_typing(element: ui.element, action: Callable[[], Awaitable[None]]) -> None:
    """Run ``action`` once the user pauses typing in ``element`` (search as you type)."""
    state = {"generation": 0}

    async def changed(_: Any) -> None:
        state["generation"] += 1
        mine = state["generation"]
        await asyncio.sleep(TYPING_PAUSE_SECONDS)
        if mine == state["generation"]:
            await action()

    element.on_value_change(changed)

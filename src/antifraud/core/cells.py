"""Cells of every spreadsheet and CSV file the platform writes, made safe to open (formula injection).

A spreadsheet program runs a cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (and, after
stripping, a tab or carriage return) as a formula: a bank's counterparty name such as
``=HYPERLINK("http://evil.example/x","click")`` would become a live link in the police's export.
OWASP's rule is applied to text only: such text is written with a leading single quote and as text.
Numbers stay numbers, so a negative amount is still a number a sheet can add up.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text that no spreadsheet program will read as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: Any) -> Any:
    """A cell value with text neutralised; numbers, dates and empty cells unchanged."""
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through `safe_cell`."""
    return [safe_cell(v) for v in values]


def append_safe(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet; text cells are stored as text, never as formulas."""
    sheet.append(safe_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl infers 'f' from a leading '='; text is text


class SafeCsvWriter:
    """A `csv.writer` whose rows go through `safe_row`."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable[Any]) -> Any:
        """Write one neutralised row."""
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write neutralised rows."""
        for row in rows:
            self.writerow(row)

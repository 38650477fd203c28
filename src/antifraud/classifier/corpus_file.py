"""A labelled corpus from a CSV file: UTF-8 (with or without BOM) or GB18030, as Excel writes it.

Each row needs a text and a label (a fraud-type code or `none`). A bad row — empty text, unknown label,
too few columns — is named by its line and left out; the good rows are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from antifraud.classifier.training import LABELS

ENCODINGS = ("utf-8-sig", "gb18030")
MAX_TEXT = 100_000
# Labels as people write them in a spreadsheet: the Chinese names of the types are accepted too.
_ALIASES = {"无": "none", "正常": "none", "非诈骗": "none", "": ""}


class CorpusError(ValueError):
    """The file cannot be read as a labelled corpus at all (encoding, header, columns)."""


@dataclass(frozen=True)
class BadRow:
    """A row left out, with the line it starts on and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The good rows of a corpus file, and the rows left out."""

    texts: list[str]
    labels: list[str]
    encoding: str
    bad_rows: list[BadRow] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file in UTF-8 or GB18030, and which it was."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise CorpusError("the file is neither UTF-8 nor GB18030 text")


def _label_code(raw: str) -> str:
    """A label cell as a code: trimmed, lower case, Chinese type names mapped to their codes."""
    from antifraud.core.vocab import FRAUD_TYPE_LABELS

    value = raw.strip()
    if value in _ALIASES:
        return _ALIASES[value]
    for code, (zh, _en) in FRAUD_TYPE_LABELS.items():
        if value == zh:
            return code
    return value.lower()


def parse_corpus(data: bytes, text_column: str = "content", label_column: str = "label") -> Corpus:
    """Texts and labels of a CSV's good rows; bad rows named by line."""
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorpusError("the file is empty: expected a header row") from None
    except csv.Error as exc:
        raise CorpusError(f"line 1: {exc}") from None
    header = [h.strip() for h in header]
    for name, what in ((text_column, "text"), (label_column, "label")):
        if name not in header:
            raise CorpusError(f"{what} column {name!r} not in the header (columns: {', '.join(header) or 'none'})")
    at_text, at_label = header.index(text_column), header.index(label_column)
    texts, labels, bad = [], [], []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            bad.append(BadRow(start, f"not valid CSV: {exc}"))
            break
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        reason = _row_problem(row, at_text, at_label)
        if reason:
            bad.append(BadRow(line, reason))
            continue
        texts.append(row[at_text])
        labels.append(_label_code(row[at_label]))
    return Corpus(texts, labels, encoding, bad)


def _row_problem(row: list[str], at_text: int, at_label: int) -> str:
    """Why a row cannot be used, or an empty string."""
    if len(row) <= max(at_text, at_label):
        return f"only {len(row)} columns"
    if not row[at_text].strip():
        return "empty text"
    if len(row[at_text]) > MAX_TEXT:
        return f"text longer than {MAX_TEXT:,} characters"
    label = _label_code(row[at_label])
    if not label:
        return "empty label"
    if label not in LABELS:
        return f"unknown label {row[at_label].strip()!r} (expected a fraud-type code or none)"
    return ""

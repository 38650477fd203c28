"""Reading a center's authoritative BIN table (the issuer table a card scheme or partner bank gives)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from antifraud.identifiers.bankcards import CARD_TYPES, MAX_BIN, MAX_LENGTH, MIN_BIN, MIN_LENGTH
from antifraud.identifiers.issuers import by_code, issuer_for_name

REQUIRED = ("bin", "bank_name_zh")
_TYPE_WORDS = {"借记卡": "debit", "借记": "debit", "贷记卡": "credit", "信用卡": "credit", "贷记": "credit",
               "准贷记卡": "semi_credit", "准贷记": "semi_credit", "预付卡": "prepaid", "预付费卡": "prepaid",
               "semi-credit": "semi_credit"}
_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,15}")


@dataclass(frozen=True)
class ImportedRow:
    """One good row of an imported BIN table; length 0 means any card length."""

    line: int
    bin: str
    length: int
    bank_code: str
    bank_name_zh: str
    bank_name_en: str
    card_type: str | None


@dataclass(frozen=True)
class BadRow:
    """A row that was not imported: its line in the file, the field and why."""

    line: int
    field: str
    reason: str


class BinFileError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


def decode(content: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else GB18030 as Chinese spreadsheets save it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BinFileError("the file is neither UTF-8 nor GB18030 text")


def parse_bin_file(content: bytes) -> tuple[list[ImportedRow], list[BadRow]]:
    """Good rows and bad rows (named by line) of a CSV with at least bin and bank_name_zh columns."""
    reader = csv.DictReader(io.StringIO(decode(content)))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise BinFileError(f"missing column(s) {', '.join(missing)}; the header needs at least bin,bank_name_zh")
    reader.fieldnames = header
    good, bad, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        result = _read_row(line, row)
        if isinstance(result, BadRow):
            bad.append(result)
        elif (result.bin, result.length) in seen:
            bad.append(BadRow(line, "bin", f"BIN {result.bin} already given on line {seen[result.bin, result.length]}"))
        else:
            seen[result.bin, result.length] = line
            good.append(result)
    return good, bad


def _read_row(line: int, row: dict[str, str]) -> ImportedRow | BadRow:
    """One row checked field by field."""
    bin_ = row.get("bin", "")
    if not (bin_.isascii() and bin_.isdigit() and MIN_BIN <= len(bin_) <= MAX_BIN):
        return BadRow(line, "bin", f"must be {MIN_BIN} to {MAX_BIN} digits, got {bin_!r}")
    name = row.get("bank_name_zh", "")
    if not name or len(name) > 64:
        return BadRow(line, "bank_name_zh", "the issuer's Chinese name is needed (at most 64 characters)")
    length_text = row.get("length", "")
    if length_text and not (length_text.isdigit() and MIN_LENGTH <= int(length_text) <= MAX_LENGTH):
        return BadRow(line, "length", f"card length must be {MIN_LENGTH} to {MAX_LENGTH}, got {length_text!r}")
    card_type = _card_type(row.get("card_type", ""))
    if card_type == "?":
        return BadRow(line, "card_type", f"must be one of {', '.join(CARD_TYPES)}, got {row['card_type']!r}")
    issuer = issuer_for_name(name)
    code = row.get("bank_code", "").upper()
    if code and not _CODE.fullmatch(code):
        return BadRow(line, "bank_code", f"a bank code is 2 to 16 capital letters or digits, got {code!r}")
    if code and issuer.code and code != issuer.code:
        return BadRow(line, "bank_code", f"{code} does not match {name}, which is {issuer.code}")
    code = code or issuer.code
    known = by_code().get(code)
    name_en = row.get("bank_name_en", "") or (known.name_en if known else issuer.name_en)
    return ImportedRow(line, bin_, int(length_text or 0), code, issuer.name_zh if issuer.code else name,
                       name_en[:128], card_type)


def _card_type(text: str) -> str | None:
    """The card type in our words; None when not given, '?' when not understood."""
    if not text:
        return None
    value = _TYPE_WORDS.get(text, text.lower())
    return value if value in CARD_TYPES else "?"

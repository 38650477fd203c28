"""Warning rules per signal kind (预警规则): what a call, text, transfer, visit or partner warning adds.

Each handler reads one signal against the citizen's rolling state in the scorer and returns that
state when the signal added evidence (a rule's feature bumped, a suspect noted), or None when it says
nothing. `HANDLERS` keys them by signal kind; the engine dispatches to them and scores the state.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from antifraud.identifiers.urls import registrable_domain
from antifraud.warnings.features import (
    APP_AFTER_CONTACT_S,
    CONTACT_TO_INFLOW_S,
    CONTACT_TO_PAYMENT_S,
    LARGE_INFLOW_FEN,
    SUSPECT_CLASSES,
    UNKNOWN_LONG_CALL_S,
    WELL_KNOWN,
    WINDOW_S,
    CitizenState,
    amount_value,
    domain_of,
    identifier_kind,
    is_well_known,
    linked_domains,
    payment_value,
    phone_class,
    spread_value,
    talk_value,
)
from antifraud.warnings.features import F as _F

if TYPE_CHECKING:
    from antifraud.warnings.engine import SignalEvent, WarningScorer

SMS_FLAG_SCORE = 0.5  # classifier fraud score from which a text counts as flagged
MAX_CALL_S = 4 * 3600  # a call reported as started but never as ended is taken as over after this
SHARED_VOTE = 0.3  # a gang's numbers and cards serve several schemes: they say less about the type
MAX_TRACKED_PAYERS = 1_000_000  # citizens whose recent payees are remembered (for "new payee")
MAX_PAYEES = 32
SPREAD_SUSPECT = 5  # an overseas or virtual number that reached this many citizens lately is suspect
SPREAD_MARK = 3  # any number that reached this many citizens lately is contact evidence of its own
PARTNER_CONTACT_SCORE = 0.5  # from this score a partner's warning stands for the contact it saw
CARRIER_LABEL_VOTE = 0.5  # weight of the type a carrier's filter gives a text, beside our classifier's
MARKED_LINK = 0.5  # a link in a text from a marked sender counts as if the classifier had flagged it
LINK_BASE = 0.3  # a link opened from a text the classifier finds ordinary still counts this much
MIN_PAYMENT_FEN = 20_000  # payments under 200 yuan to a new payee after a contact are everyday purchases

Verdict = tuple[str | None, float]
Handler = Callable[["WarningScorer", "SignalEvent", float, "Verdict | None"], "CitizenState | None"]


def on_call(sc: WarningScorer, e: SignalEvent, t: float, _: object) -> CitizenState | None:
    """Calls: a suspect or reported number, long calls, and the call in progress."""
    cp = _s(e.counterpart)
    cls = phone_class(cp)
    if cls == "service":
        return None
    citizen = e.citizen
    dur = _nonneg_int(e.duration_s)
    phase = e.extra.get("phase") if e.extra else None
    _track_call(sc, citizen, cp, t, dur, phase)
    spread = sc.contact_spread(cp, citizen, t)
    ind = sc.indicator("phone", cp, e.time)
    state = sc.state(citizen, t, False)
    # An overseas or virtual number is suspect once the citizen talks with it (a courier's or driver's
    # short call on a privacy number is not), or when it reaches many citizens.
    odd = cls in SUSPECT_CLASSES and (dur >= sc.long_call_s or spread >= SPREAD_SUSPECT)
    # Marked: the number itself is contact evidence (reported, reaching many, or flagged before).
    marked = ind is not None or spread >= SPREAD_MARK or (state is not None and cp in state.marked)
    suspect = odd or marked or (state is not None and cp in state.suspects)
    if not suspect and (dur < UNKNOWN_LONG_CALL_S or cls not in ("mobile", "landline")):
        return None
    state = state or sc.state(citizen, t, True)
    assert state is not None
    if suspect:
        state.suspects.add(cp)
        if spread >= 2:
            state.bump(_F["caller_spread"], spread_value(spread), t)
        # Talk opens the window in which an app or a payment reads as following the contact; a few
        # seconds with a courier's privacy number do not (a reported number's any answered call does).
        talked = dur >= sc.long_call_s or (ind is not None and (dur > 0 or phase in ("start", "progress")))
        if talked:
            state.last_suspect_t = max(state.last_suspect_t, t - dur)
        if marked:
            state.marked[cp] = t
            if talked:
                state.last_marked_t = max(state.last_marked_t, t - dur)
            if dur >= sc.long_call_s:
                state.bump(_F["linked_engagement"], 1.0, t)  # the citizen talks with the number itself
        state.bump(_F["talk_suspect"], talk_value(dur), t)
        if ind is not None:
            state.bump(_F["indicator_contact"], ind.confidence, t)
            state.vote(ind.fraud_types, SHARED_VOTE * ind.confidence)
            if dur >= sc.long_call_s:
                state.bump(_F["indicator_call_long"], ind.confidence, t)
        if cls in SUSPECT_CLASSES and dur >= sc.long_call_s:
            state.bump(_F["odd_number_call_long"], 1.0, t)
        state.last_contact_t = max(state.last_contact_t, state.last_suspect_t)
    else:
        state.bump(_F["long_call_unknown"], min(1.0, dur / 3600.0), t)
        state.last_contact_t = max(state.last_contact_t, t - dur)
    state.note("call", e.signal_id, t)
    return state

def _track_call(sc: WarningScorer, citizen: str, cp: str, t: float, dur: int, phase: object) -> None:
    """Keep each citizen's call in progress, to tell when money moves during a call."""
    if phase == "end":
        active = sc.calls.get(citizen)
        if active is not None and active[0] == cp:
            del sc.calls[citizen]
    elif phase in ("start", "progress"):
        active = sc.calls.get(citizen)
        if active is None or active[0] != cp:
            sc.calls[citizen] = (cp, t - dur, t - dur + MAX_CALL_S)
    elif dur > 0:
        sc.calls[citizen] = (cp, t, t + dur)

def on_sms(sc: WarningScorer, e: SignalEvent, t: float, verdict: tuple[str | None, float] | None) -> CitizenState | None:
    """Texts: links, the classifier's verdict, reported or odd senders."""
    sender = _s(e.counterpart)
    cls = phone_class(sender)
    if cls == "service":
        return None
    text = e.text if isinstance(e.text, str) else ""
    domains = linked_domains(text)
    fraud_type, fraud_score = verdict if verdict is not None else (None, 0.0)
    flagged = fraud_score >= SMS_FLAG_SCORE
    ind = sc.indicator("phone", sender, e.time)
    state = sc.state(e.citizen, t, False)
    if not (domains or flagged or ind or cls in SUSPECT_CLASSES or (state and sender in state.suspects)):
        return None
    state = state or sc.state(e.citizen, t, True)
    assert state is not None
    marked = flagged or ind is not None
    if sender:
        state.suspects.add(sender)
        spread = sc.contact_spread(sender, e.citizen, t)
        if spread >= 2:
            state.bump(_F["caller_spread"], spread_value(spread), t)
        marked = marked or spread >= SPREAD_MARK or sender in state.marked
        if marked:
            state.marked[sender] = t
    state.last_suspect_t = max(state.last_suspect_t, t)
    if marked:
        state.last_marked_t = max(state.last_marked_t, t)
    for domain in domains:
        state.sms_links[domain] = (t, fraud_score if not marked else max(fraud_score, MARKED_LINK))
    if domains:
        state.bump(_F["sms_link"], 1.0, t)
    if flagged:
        state.bump(_F["sms_flagged"], min(1.0, fraud_score), t)
        if fraud_type:
            state.vote((fraud_type,), fraud_score)
    _vote_named_type(state, e, CARRIER_LABEL_VOTE)  # a carrier's text filter may name the type
    if ind is not None:
        state.bump(_F["indicator_contact"], ind.confidence, t)
        state.vote(ind.fraud_types, SHARED_VOTE * ind.confidence)
    state.note("sms", e.signal_id, t)
    return state

def on_visit(sc: WarningScorer, e: SignalEvent, t: float, _: object) -> CitizenState | None:
    """Site and app visits: reported sites, IPs and apps, links opened from a text."""
    target = _s(e.counterpart)
    if not target or target in WELL_KNOWN:
        return None
    extra = e.extra or {}
    kind = extra.get("kind") or ("domain" if target.isascii() and "." in target else "app")
    if kind == "app":
        return _on_app(sc, e, t, target)
    domain = domain_of(target)
    if not domain or is_well_known(domain):
        return None
    ind = sc.indicator("domain", domain, e.time)
    if ind is None and domain.count(".") > 1:
        ind = sc.indicator("domain", registrable_domain(domain), e.time)
    ip = extra.get("ip")
    if ind is None and isinstance(ip, str) and ip:
        ind = sc.indicator("ip", ip, e.time)
    state = sc.state(e.citizen, t, False)
    linked = state.sms_links.get(domain) if state is not None else None
    opened = linked is not None and t - linked[0] <= WINDOW_S
    if ind is None and not opened:
        return None
    state = state or sc.state(e.citizen, t, True)
    assert state is not None
    if ind is not None:
        state.bump(_F["phishing_visit"], ind.confidence, t)
        state.vote(ind.fraud_types, ind.confidence)
    if opened:
        assert linked is not None  # a link opened is worth as much as the text that carried it
        state.bump(_F["sms_link_opened"], LINK_BASE + (1.0 - LINK_BASE) * min(1.0, linked[1]), t)
        if linked[1] >= MARKED_LINK:
            state.bump(_F["linked_engagement"], 1.0, t)
    state.last_suspect_t = max(state.last_suspect_t, t)
    state.note("visit", e.signal_id, t)
    return state

def _on_app(sc: WarningScorer, e: SignalEvent, t: float, app: str) -> CitizenState | None:
    ind = sc.indicator("app", app, e.time)
    state = sc.state(e.citizen, t, False)
    after_contact = state is not None and t - max(state.last_suspect_t, state.last_contact_t) <= APP_AFTER_CONTACT_S
    prompted = sc.app_opened(app, e.citizen, t, after_contact)
    if ind is None and not after_contact:
        return None
    state = state or sc.state(e.citizen, t, True)
    assert state is not None
    if ind is not None:
        state.bump(_F["fraud_app"], ind.confidence, t)
        state.vote(ind.fraud_types, ind.confidence)
    if after_contact:
        # An app people open on their own (a courier's, a ride's) says little; one opened only when told to, much.
        state.bump(_F["app_after_contact"], prompted, t)
        if state is not None and t - state.last_marked_t <= APP_AFTER_CONTACT_S:
            state.bump(_F["linked_engagement"], prompted, t)
    state.note("app", e.signal_id, t)
    return state

def on_transfer(sc: WarningScorer, e: SignalEvent, t: float, _: object) -> CitizenState | None:
    """Transfers: money in after contact; out to a reported card, a new payee, during a suspect call."""
    amount = _nonneg_int(e.amount_fen)
    citizen = e.citizen
    if e.extra and e.extra.get("direction") == "in":
        if amount < LARGE_INFLOW_FEN:
            return None
        state = sc.state(citizen, t, False)
        if state is None or t - state.last_suspect_t > CONTACT_TO_INFLOW_S:
            return None
        state.bump(_F["money_in_after_contact"], 1.0, t)
        if t - state.last_marked_t <= CONTACT_TO_INFLOW_S:
            state.bump(_F["linked_engagement"], 1.0, t)
        state.last_money_t = t
        state.note("money", e.signal_id, t)
        return state
    payee = _s(e.counterpart)
    new_payee = _remember_payee(sc, citizen, payee)
    ind = sc.indicator("bank_card", payee, e.time) or sc.indicator("payment_account", payee, e.time)
    state = sc.state(citizen, t, ind is not None)
    if state is None:
        return None
    fired = False
    if ind is not None:
        state.bump(_F["flagged_card_transfer"], ind.confidence, t)
        state.vote(ind.fraud_types, SHARED_VOTE * ind.confidence)
        fired = True
    if new_payee and t - state.last_suspect_t <= CONTACT_TO_PAYMENT_S and amount >= MIN_PAYMENT_FEN:
        state.bump(_F["odd_number_then_new_payee"], payment_value(amount), t)
        if t - state.last_marked_t <= CONTACT_TO_PAYMENT_S:
            state.bump(_F["linked_engagement"], 1.0, t)
        fired = True
    if suspect_call_in_progress(sc, citizen, state, t):
        state.bump(_F["call_in_progress_money"], 1.0, t)
        fired = True
    state.bump(_F["amount_out"], amount_value(amount), t)
    state.last_money_t = t
    if fired:
        state.note("money", e.signal_id, t)
    return state

def _remember_payee(sc: WarningScorer, citizen: str, payee: str) -> bool:
    """Record a payee; return True if the citizen had not paid it recently (a new payee)."""
    known = sc.payees.get(citizen)
    if known is None:
        if len(sc.payees) >= MAX_TRACKED_PAYERS:
            del sc.payees[next(iter(sc.payees))]  # forget the payer tracked longest
        sc.payees[citizen] = {payee: None}
        return True
    if payee in known:
        return False
    known[payee] = None
    if len(known) > MAX_PAYEES:
        del known[next(iter(known))]
    return True

def suspect_call_in_progress(sc: WarningScorer, citizen: str, state: CitizenState, t: float) -> bool:
    """Whether the citizen is on a call with a suspect at time `t`."""
    active = sc.calls.get(citizen)
    if active is None or not (active[1] <= t <= active[2]):
        return False
    cp = active[0]
    return cp in state.suspects or phone_class(cp) in SUSPECT_CLASSES

def on_partner(sc: WarningScorer, e: SignalEvent, t: float, _: object) -> CitizenState | None:
    """A partner's warning: its score, the counterpart it names (learned when configured)."""
    score = _unit(e.partner_score, 0.5)
    state = sc.state(e.citizen, t, True)
    assert state is not None
    state.bump(_F["partner_warning"], score, t)
    _vote_named_type(state, e, score)  # the partner's own reading of the type
    state.partner_n = state.partner_n + 1 if t - state.partner_t <= WINDOW_S else 1
    state.partner_t = t
    cp = _s(e.counterpart)
    hint = (e.extra or {}).get("kind")
    kind = identifier_kind(cp, hint if isinstance(hint, str) else None) if cp else ""
    if cp:
        state.suspects.add(domain_of(cp) if kind == "domain" else cp)
        state.marked[domain_of(cp) if kind == "domain" else cp] = t
    if kind == "phone" or score >= PARTNER_CONTACT_SCORE:
        # A partner that is fairly sure saw the contact itself (a call, a site, an app, a payee): what the
        # citizen does next follows it, though we may not see the contact ourselves.
        state.last_suspect_t = max(state.last_suspect_t, t)
    if score >= PARTNER_CONTACT_SCORE:
        state.last_marked_t = max(state.last_marked_t, t)
    if sc.learn_from_partners and cp:
        sc.indicators.learn_partner(kind, cp, e.time, score)  # type: ignore[attr-defined]
    state.note("partner", e.signal_id, t)
    return state


def _vote_named_type(state: CitizenState, e: SignalEvent, weight: float) -> None:
    """Vote for the fraud type the signal's sender named (kept only when it is one of ours)."""
    named = (e.extra or {}).get("fraud_type")
    if isinstance(named, str) and named:
        state.vote((named,), weight)


HANDLERS: dict[str, Handler] = {"call": on_call, "sms": on_sms, "transfer": on_transfer, "visit": on_visit,
                                "partner_warning": on_partner}
"""The rule handler of each signal kind."""


def _s(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _nonneg_int(value: object) -> int:
    if type(value) is int:
        return max(0, value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return 0
    return max(0, int(value))


def _unit(value: object, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return default
    return min(1.0, max(0.0, float(value)))

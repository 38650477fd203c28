"""Warning features (预警特征): what a citizen's recent signals say, as rules and numbers a model can weigh.

Every rule is also a feature in [0, 1]: the engine fires a rule's reason when its value is above zero,
the model weighs the values, and a few decisive rules (reported identifiers) set a floor under the
score. Per-citizen state keeps, for each feature, the strongest value seen within the rolling
window and when it was seen, so a feature older than the window reads as zero.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from antifraud.core.vocab import FRAUD_TYPES

WINDOW_S = 24 * 3600.0
MONEY_MOVING_S = 1800.0  # money moved this recently counts as "moving" for the emergency plan
APP_AFTER_CONTACT_S = 3600.0  # a warning's evidence window; also how long one warning stays open without news
CONTACT_TO_PAYMENT_S = 3600.0  # "followed within an hour by a transfer"
CONTACT_TO_INFLOW_S = 2 * 3600.0
LONG_CALL_S = 120  # a call from a reported or overseas/virtual number longer than this fires a rule
UNKNOWN_LONG_CALL_S = 600  # a call from any personal number this long is weak evidence on its own
LARGE_INFLOW_FEN = 100_000  # 1,000 yuan coming in (savings redeemed, a loan drawn) is worth noting
MAX_TALK_MINUTES = 120.0
CALL_CHECKPOINTS_S = (LONG_CALL_S, 600, 1800)
SPREAD_S = 7 * 24 * 3600.0  # how far back the citizens a number reached are counted  # when a carrier reports a call still going on

# Virtual-carrier (虚拟运营商) ranges favoured by fraud call teams, as national-number prefixes.
VIRTUAL_PREFIXES: tuple[str, ...] = ("170", "171", "162", "165", "167")
# Short codes of banks, carriers, platforms and government lines (95xxx, 96xxx, 106…, 100xx, 123xx).
_SERVICE_PREFIXES: tuple[str, ...] = ("95", "96", "106", "100", "123", "400")
# The center's own dissuasion line never counts as evidence (its calls follow our warnings).
DISSUASION_LINES: frozenset[str] = frozenset({"96110", "+8696110"})

# Well-known platforms whose sites and apps are never treated as suspect on their own (白名单).
WELL_KNOWN: frozenset[str] = frozenset({
    "taobao.com", "tmall.com", "jd.com", "pinduoduo.com", "1688.com", "yiwugo.com", "douyin.com",
    "kuaishou.com", "baidu.com", "qq.com", "weixin.qq.com", "weibo.com", "12306.cn", "zjzwfw.gov.cn",
    "icbc.com.cn", "ccb.com", "abchina.com", "boc.cn", "bankcomm.com", "cmbchina.com", "psbc.com",
    "alipay.com", "bilibili.com", "meituan.com", "ele.me", "gov.cn",
    "微信", "支付宝", "抖音", "美团", "饿了么", "浙里办", "国家反诈中心", "高德地图", "淘宝", "京东", "拼多多",
    "王者荣耀", "QQ", "钉钉", "快手", "百度", "哔哩哔哩", "小红书", "云闪付",
})

PHONE_CLASSES = ("service", "overseas", "virtual", "mobile", "landline", "other")
SUSPECT_CLASSES = frozenset({"overseas", "virtual"})

_DOMAIN = re.compile(r"(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?=[/?#:\s]|$|[^a-z0-9.-])",
                     re.IGNORECASE | re.ASCII)


@lru_cache(maxsize=1 << 16)
def phone_class(number: str) -> str:
    """Return the class of a caller or sender: service, overseas, virtual, mobile, landline or other."""
    if not number or number in DISSUASION_LINES:
        return "service" if number else "other"
    if number[0] == "+":
        if not number[1:].isdigit():
            return "other"
        if not number.startswith("+86"):
            return "overseas"
        return _national_class(number[3:], "landline")
    return _national_class(number, "other") if number.isdigit() else "other"


def _national_class(digits: str, fallback: str) -> str:
    """Class of a mainland number written without the country code."""
    if len(digits) == 11 and digits[0] == "1" and not digits.startswith("10"):
        return "virtual" if digits.startswith(VIRTUAL_PREFIXES) else "mobile"
    if len(digits) <= 8 or digits.startswith(_SERVICE_PREFIXES):
        return "service"
    return fallback


@lru_cache(maxsize=1 << 16)
def domain_of(target: str) -> str:
    """Return the lower-case host of a URL or host name, without ``www.`` and port."""
    text = target.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    return text.removeprefix("www.")


def is_well_known(value: str) -> bool:
    """Return True for a well-known platform's domain (or a subdomain of one) or app."""
    if value in WELL_KNOWN:
        return True
    parts = value.split(".")
    return any(".".join(parts[i:]) in WELL_KNOWN for i in range(1, len(parts) - 1))


def linked_domains(text: str) -> list[str]:
    """Return the hosts of links in a text, well-known platforms left out."""
    if not text or "." not in text:
        return []
    found = []
    for match in _DOMAIN.finditer(text):
        host = domain_of(match.group(1))
        if not host.replace(".", "").isdigit() and not is_well_known(host) and host not in found:
            found.append(host)
    return found


def identifier_kind(value: str, hint: str | None = None) -> str:
    """Guess the indicator kind of a counterpart: phone, bank_card, domain or app."""
    by_hint = {"fraud_call": "phone", "fraud_sms": "phone", "phishing_visit": "domain", "app_install": "app",
               "suspicious_transfer": "bank_card", "call": "phone", "sms": "phone", "transfer": "bank_card"}
    if hint in by_hint:
        return by_hint[hint]
    if value.startswith("+") or (value.isdigit() and len(value) <= 13):
        return "phone"
    if value.isdigit():
        return "bank_card"
    if value.isascii() and "." in value:
        return "domain"
    return "app"


@dataclass(frozen=True)
class Rule:
    """One warning rule: its reason code, the fraud types it is typical of, its weight without a model."""

    code: str  # its reason text is the message "reason.<code>" of the translation layer
    weight: float  # strength in the rules-only score (noisy-or) when no model is loaded
    decisive: bool = False  # a reported identifier: the rule's value sets a floor under the score
    fraud_types: tuple[str, ...] = ()
    context_only: bool = False  # shown as a reason, never weighed by the model


RULES: tuple[Rule, ...] = (
    Rule("indicator_call_long", 0.75, True),
    Rule("indicator_contact", 0.30),
    Rule("odd_number_call_long", 0.45, False, ("impersonate_authority", "fake_customer_service", "fake_credit")),
    Rule("odd_number_then_new_payee", 0.60, False,
         ("impersonate_authority", "fake_customer_service", "fake_credit")),
    Rule("sms_flagged", 0.25),
    Rule("sms_link", 0.10, False, ("brushing_rebate", "fake_loan", "trojan")),
    Rule("sms_link_opened", 0.60, False,
         ("brushing_rebate", "fake_loan", "trojan", "fake_shopping", "game_trading")),
    Rule("phishing_visit", 0.75, True),
    Rule("fraud_app", 0.75, True),
    Rule("app_after_contact", 0.50, False,
         ("fake_customer_service", "brushing_rebate", "fake_investment", "trojan")),
    Rule("flagged_card_transfer", 0.85, True),
    Rule("partner_warning", 0.45),
    Rule("money_in_after_contact", 0.25, False, ("fake_loan", "impersonate_authority", "fake_investment")),
    # The simulator's ordinary calls are almost never this long, so a model trained on it would over-trust the
    # rule; in life long calls with unknown numbers are common. It stays a reason and a context for others.
    Rule("long_call_unknown", 0.10, context_only=True),
    Rule("call_in_progress_money", 0.60, False, ("impersonate_authority", "fake_customer_service")),
    Rule("caller_spread", 0.30),
    # What the citizen did (talk, a link, an app, money) followed a contact that is itself evidence: the
    # same number or its text, not a relative's call beside a gang's ignored text.
    Rule("linked_engagement", 0.30),
)

# Kinds of evidence (证据类别). Outside a reported identifier, a warning needs a suspect contact (a
# number many citizens heard from, a text the classifier flags, a partner's warning) and one of the
# others: what the citizen then did (a long talk, a link opened, an app installed when told to), or
# money moving. An overseas call, however long, or an app opened after it, is never enough alone.
EVIDENCE_GROUPS: dict[str, tuple[str, ...]] = {
    "contact": ("indicator_contact", "sms_flagged", "partner_warning", "caller_spread"),
    "engagement": ("odd_number_call_long", "sms_link_opened", "app_after_contact"),
    "money": ("odd_number_then_new_payee", "call_in_progress_money", "money_in_after_contact"),
}
RULE_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
EXTRA_FEATURES: tuple[str, ...] = ("talk_suspect", "partner_count", "evidence_kinds", "amount_out")
FEATURES: tuple[str, ...] = tuple(r.code for r in RULES) + EXTRA_FEATURES
N_RULES = len(RULES)
N_FEATURES = len(FEATURES)
F = {name: i for i, name in enumerate(FEATURES)}
DECISIVE: tuple[int, ...] = tuple(i for i, r in enumerate(RULES) if r.decisive)
CONTEXT_ONLY: tuple[int, ...] = tuple(i for i, r in enumerate(RULES) if r.context_only)
_GROUP_INDEXES: tuple[tuple[int, ...], ...] = tuple(tuple(F[c] for c in codes) for codes in EVIDENCE_GROUPS.values())
_GUIDED = (F["call_in_progress_money"], F["odd_number_call_long"])
_LINKED = F["linked_engagement"]


def corroborated(x: list[float]) -> bool:
    """Whether the evidence may raise a warning: a reported identifier, or a suspect contact and what
    followed it (the citizen engaged, or money moved)."""
    for i in DECISIVE:
        if x[i] > 0.0:
            return True
    # Money moving while the citizen is still on a long call with an odd number is all three at once.
    if x[_GUIDED[0]] > 0.0 and x[_GUIDED[1]] > 0.0:
        return True
    if x[_LINKED] <= 0.0:
        return False
    contact, engagement, money = _GROUP_INDEXES
    return any(x[i] > 0.0 for i in contact) and any(x[i] > 0.0 for i in engagement + money)


# Kinds of evidence counted by ``evidence_kinds``.
EVIDENCE_KINDS = ("call", "sms", "visit", "app", "partner", "money")
_KIND_BIT = {k: 1 << i for i, k in enumerate(EVIDENCE_KINDS)}

def reason_message(code: str) -> tuple[str, dict[str, object]]:
    """The message key of a reason code and the parameters its text is formatted with."""
    if code not in RULE_BY_CODE:
        return "reason.unknown", {"code": code}
    return f"reason.{code}", dict(_REASON_PARAMETERS.get(code, {}))


_REASON_PARAMETERS: dict[str, dict[str, object]] = {"indicator_call_long": {"minutes": LONG_CALL_S // 60}}


def talk_value(seconds: float) -> float:
    """Scale talk time to [0, 1] on a log scale (two hours reads as 1)."""
    return min(1.0, math.log1p(max(0.0, seconds) / 60.0) / math.log1p(MAX_TALK_MINUTES))


def payment_value(fen: int) -> float:
    """How much a payment to a new payee says: 200 yuan → 0, 1,000 → 0.28, 10,000 → 0.68, 60,000+ → 1."""
    return min(1.0, max(0.0, (math.log10(max(100, fen) / 100.0) - 2.3) / 2.5))


def spread_value(citizens: int) -> float:
    """How many citizens a number reached lately, scaled to [0, 1] (two → 0.11, ten → 0.37, 100+ → 1)."""
    return min(1.0, math.log2(max(1, citizens)) / math.log2(100))


def amount_value(fen: int) -> float:
    """Scale an amount to [0, 1] on a log scale (1 yuan → 0, 1,000,000 yuan → 1)."""
    return min(1.0, math.log10(max(100, fen) / 100.0) / 6.0)


class CitizenState:
    """What the engine remembers about one citizen at risk within the rolling window."""

    __slots__ = (
        "first_t",
        "kinds",
        "last_contact_t",
        "last_marked_t",
        "last_money_t",
        "last_suspect_t",
        "last_t",
        "marked",
        "partner_n",
        "partner_t",
        "signal_ids",
        "sms_links",
        "suspects",
        "times",
        "type_votes",
        "values",
        "warning",
    )

    def __init__(self, t: float) -> None:
        self.values = [0.0] * N_FEATURES
        self.times = [0.0] * N_FEATURES
        self.first_t = t
        self.last_t = t
        self.suspects: set[str] = set()  # counterparts seen as suspect for this citizen
        self.marked: dict[str, float] = {}  # counterparts that are contact evidence of their own -> when
        self.last_marked_t = -math.inf  # last talk with, or text from, a marked counterpart
        self.sms_links: dict[str, tuple[float, float]] = {}  # domain -> (time, fraud score) of the text linking it
        self.last_suspect_t = -math.inf  # last contact by a suspect number (or a visit to a suspect site)
        self.last_contact_t = -math.inf  # the same, or a long call with an unknown number
        self.partner_n = 0
        self.partner_t = -math.inf
        self.kinds = 0
        self.type_votes: dict[str, float] = {}
        self.signal_ids: list[str] = []
        self.warning: object | None = None
        self.last_money_t = -math.inf

    def bump(self, i: int, value: float, t: float) -> None:
        """Record ``value`` for feature ``i`` at ``t`` (keep the stronger unless it has aged out)."""
        if value >= self.values[i] or t - self.times[i] > WINDOW_S:
            self.values[i] = value
            self.times[i] = t

    def note(self, kind: str, signal_id: str, t: float) -> None:
        """Record that a signal of ``kind`` added evidence."""
        self.kinds |= _KIND_BIT[kind]
        self.last_t = max(self.last_t, t)
        if len(self.signal_ids) < 64 and signal_id not in self.signal_ids:
            self.signal_ids.append(signal_id)

    def vote(self, fraud_types: tuple[str, ...] | list[str], weight: float) -> None:
        """Add weight to the fraud types an identifier or text points to."""
        for ft in fraud_types:
            self.type_votes[ft] = self.type_votes.get(ft, 0.0) + weight

    def vector(self, t: float) -> list[float]:
        """Return the feature vector at ``t`` (features older than the window read as zero)."""
        values, times = self.values, self.times
        x = [values[i] if t - times[i] <= WINDOW_S else 0.0 for i in range(N_FEATURES)]
        x[F["partner_count"]] = min(1.0, self.partner_n / 3.0) if t - self.partner_t <= WINDOW_S else 0.0
        x[F["evidence_kinds"]] = self.kinds.bit_count() / len(EVIDENCE_KINDS)
        return x


def type_evidence(votes: dict[str, float]) -> list[float]:
    """The fraud types the evidence points to (texts, sites, apps, reported identifiers), as shares in
    ``FRAUD_TYPES`` order: what the type head reads beside the features."""
    total = sum(v for v in votes.values() if v > 0.0)
    if total <= 0.0:
        return [0.0] * len(FRAUD_TYPES)
    return [max(0.0, votes.get(ft, 0.0)) / total for ft in FRAUD_TYPES]


def rules_score(x: list[float]) -> float:
    """Score without a model: noisy-or of the rules that fired, each at its weight."""
    miss = 1.0
    for i in range(N_RULES):
        v = x[i]
        if v > 0.0:
            miss *= 1.0 - RULES[i].weight * min(1.0, v)
    return 1.0 - miss


def decisive_floor(x: list[float]) -> float:
    """Return the floor that reported identifiers put under the score."""
    return max(RULES[i].weight * min(1.0, x[i]) for i in DECISIVE)


@dataclass(frozen=True)
class WarningModel:
    """A logistic model over ``FEATURES`` with its alert threshold, and a fraud-type head (multinomial)."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    high: float
    type_classes: tuple[str, ...] = ()
    type_coef: tuple[tuple[float, ...], ...] = ()
    type_intercept: tuple[float, ...] = ()
    meta: str = "{}"  # JSON: how and on what the model was trained

    def __post_init__(self) -> None:
        if tuple(self.features) != FEATURES:
            raise ValueError("model features do not match this engine; retrain with `antifraud warnings train`")

    def score(self, x: list[float]) -> float:
        """Return P(fraud in progress) for a feature vector."""
        z = self.intercept
        for w, v in zip(self.coef, x, strict=True):
            z += w * v
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def contributions(self, x: list[float]) -> list[float]:
        """Return each feature's contribution to the log-odds."""
        return [w * v for w, v in zip(self.coef, x, strict=True)]

    def type_probabilities(self, x: list[float], evidence: list[float] | None = None) -> dict[str, float]:
        """Return P(fraud type) from the type head (empty without one), reading the features and, for a
        head trained with them, the evidence's type shares (``type_evidence``)."""
        if not self.type_classes:
            return {}
        weights, bias = self._type_arrays
        if self.reads_evidence:
            x = [*x, *(evidence if evidence is not None else [0.0] * len(FRAUD_TYPES))]
        z = weights @ np.asarray(x, dtype=np.float64) + bias
        e = np.exp(z - z.max())
        p = (e / e.sum()).tolist()
        return dict(zip(self.type_classes, p, strict=True))

    @cached_property
    def reads_evidence(self) -> bool:
        """Whether the type head was trained on the evidence's type shares beside the features."""
        return bool(self.type_classes) and len(self.type_coef[0]) == len(self.features) + len(FRAUD_TYPES)

    @cached_property
    def _type_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return (np.array(self.type_coef, dtype=np.float64).reshape(len(self.type_classes), -1),
                np.array(self.type_intercept, dtype=np.float64))

    def save(self, path: str | Path) -> None:
        """Write the model as a NumPy ``.npz`` of plain arrays (no pickled objects)."""
        np.savez(
            path, features=np.array(self.features), coef=np.array(self.coef, dtype=np.float64),
            intercept=np.float64(self.intercept), threshold=np.float64(self.threshold),
            high=np.float64(self.high), type_classes=np.array(self.type_classes, dtype=np.str_),
            type_coef=np.array(self.type_coef, dtype=np.float64).reshape(len(self.type_classes), -1),
            type_intercept=np.array(self.type_intercept, dtype=np.float64), meta=np.array(self.meta),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> WarningModel:
        """Read a model written by ``save``; without a path, the model shipped with the package."""
        source = Path(path) if path is not None else shipped_model_path()
        with np.load(source, allow_pickle=False) as data:
            type_coef = data["type_coef"]
            return cls(
                features=tuple(str(f) for f in data["features"]), coef=tuple(float(v) for v in data["coef"]),
                intercept=float(data["intercept"]), threshold=float(data["threshold"]), high=float(data["high"]),
                type_classes=tuple(str(c) for c in data["type_classes"]),
                type_coef=tuple(tuple(float(v) for v in row) for row in type_coef),
                type_intercept=tuple(float(v) for v in data["type_intercept"]), meta=str(data["meta"]),
            )


MODEL_FILE = "warning_model.npz"


@lru_cache(maxsize=1)
def shipped_model() -> WarningModel | None:
    """Return the model shipped with the package, or None when none has been trained yet."""
    path = shipped_model_path()
    return WarningModel.load(path) if path.exists() else None


def shipped_model_path() -> Path:
    """Return where the shipped model lives inside the package."""
    return Path(__file__).with_name("model") / MODEL_FILE

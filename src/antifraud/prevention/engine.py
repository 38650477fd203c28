"""Pure rules of prevention (宣传防范): the knowledge texts' limits, a campaign's life, anonymised case
stories, and the campaign effect as a difference in differences (双重差分) with its 95 % interval.

No database and no web: the service hands in plain values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from antifraud.core.errors import Problem

SMS_MAX = 70  # one SMS segment of Chinese text (UCS-2: 70 characters)
SMS_MAX_LATIN = 160  # one segment of plain Latin text (GSM 7-bit: 160 characters)
PACKAGING_MAX = 60  # what fits on a food-delivery bag's printed strip
TITLE_MAX = 48
LESSON_MAX = 2000
SIGNS_MAX = 12
SIGN_MAX = 120
Z95 = 1.959963984540054

CHANNELS: tuple[str, ...] = ("carrier_sms", "packaging", "app_push", "community_talk", "poster")
# The kind of organisation that carries out each channel's work.
CHANNEL_ORG_KIND: dict[str, str] = {"carrier_sms": "carrier", "packaging": "delivery", "app_push": "police",
                                    "community_talk": "police", "poster": "police"}
HABITS: tuple[str, ...] = ("food_delivery", "online_shopping", "online_gaming", "dating_apps", "investing")

STATUSES: tuple[str, ...] = ("draft", "submitted", "approved", "rejected", "sent", "delivered",
                             "partly_delivered", "closed")
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "rejected"}),
    "rejected": frozenset({"draft", "closed"}),
    "approved": frozenset({"sent"}),
    "sent": frozenset({"delivered", "partly_delivered"}),
    "partly_delivered": frozenset({"delivered", "partly_delivered", "closed"}),
    "delivered": frozenset({"closed"}),
    "closed": frozenset(),
}


def may_move(status: str, to: str) -> bool:
    """Whether a campaign in ``status`` may move to ``to`` (草稿 → 提交 → 批准/驳回 → 下发 → 送达 → 结束)."""
    return to in TRANSITIONS.get(status, frozenset())


@dataclass(frozen=True)
class KnowledgeText:
    """One knowledge category's texts in one language, as an editor writes them."""

    title: str
    signs: tuple[str, ...]
    lesson: str
    sms: str
    packaging: str


def text_problems(text: KnowledgeText, lang: str) -> list[Problem]:
    """Every text that breaks a limit, by field, with its message key; empty when the texts may be saved."""
    problems: list[Problem] = []

    def need(field: str, value: str, most: int) -> None:
        if not value.strip():
            problems.append(Problem(f"{field}_{lang}", "required", "knowledge.required"))
        elif len(value.strip()) > most:
            has = len(value.strip())
            problems.append(Problem(f"{field}_{lang}", f"at most {most} characters, this has {has}",
                                    "knowledge.too_long", {"most": most, "has": has}))

    need("title", text.title, TITLE_MAX)
    need("lesson", text.lesson, LESSON_MAX)
    need("sms", text.sms, SMS_MAX if lang == "zh" else SMS_MAX_LATIN)
    need("packaging", text.packaging, PACKAGING_MAX)
    signs = [s for s in text.signs if s.strip()]
    if not signs:
        problems.append(Problem(f"signs_{lang}", "at least one warning sign", "knowledge.no_signs"))
    if len(signs) > SIGNS_MAX:
        problems.append(Problem(f"signs_{lang}", f"at most {SIGNS_MAX} warning signs", "knowledge.too_many_signs",
                                {"most": SIGNS_MAX}))
    for sign in signs:
        if len(sign.strip()) > SIGN_MAX:
            problems.append(Problem(f"signs_{lang}", f"a warning sign has at most {SIGN_MAX} characters",
                                    "knowledge.sign_too_long", {"most": SIGN_MAX}))
            break
    return problems


# ---------------------------------------------------------------- anonymised case stories

LOSS_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(1_000), "lt_1k"), (Decimal(10_000), "1k_10k"), (Decimal(50_000), "10k_50k"),
    (Decimal(100_000), "50k_100k"), (Decimal("Infinity"), "ge_100k"))

_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+", re.IGNORECASE), "[网址]"),
    (re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+"), "[邮箱]"),
    (re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])"), "[身份证号]"),
    (re.compile(r"(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)"), "[手机号]"),
    (re.compile(r"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)"), "[卡号]"),
    (re.compile(r"(?<!\d)\d(?:[ -]?\d){6,10}(?!\d)"), "[号码]"),
)
STORY_MAX = 160


def loss_band(loss: Decimal) -> str:
    """The band a loss falls in (lt_1k, 1k_10k, 10k_50k, 50k_100k, ge_100k)."""
    return next(code for bound, code in LOSS_BANDS if loss < bound)


def mask_identifiers(text: str, names: tuple[str, ...] = ()) -> str:
    """The text with ID, card and phone numbers, other long numbers, addresses online and the given names masked."""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, "某某")
    for pattern, mask in _MASKS:
        text = pattern.sub(mask, text)
    text = " ".join(text.split())
    return text if len(text) <= STORY_MAX else text[: STORY_MAX - 1] + "…"


# ---------------------------------------------------------------- difference in differences


@dataclass(frozen=True)
class Incidence:
    """Reports and residents × days of one group over one period."""

    reports: int
    resident_days: float

    @property
    def rate(self) -> float:
        """Reports per 10,000 residents per 30 days."""
        return self.reports / self.resident_days * 10_000 * 30 if self.resident_days > 0 else 0.0


@dataclass(frozen=True)
class DidEstimate:
    """The campaign's effect on its audience's incidence, net of the comparison groups' change.

    ``difference`` is in reports per 10,000 residents per 30 days (negative: fewer reports than the trend
    of the comparison groups would give); ``ratio`` is the ratio of the two rate ratios (1 = no effect).
    """

    target_before: Incidence
    target_after: Incidence
    control_before: Incidence
    control_after: Incidence
    difference: float
    difference_ci: tuple[float, float]
    ratio: float
    ratio_ci: tuple[float, float]


def _rate_variance(group: Incidence) -> float:
    """Poisson variance of the rate per 10,000 per 30 days."""
    scale = 10_000 * 30 / group.resident_days
    return group.reports * scale * scale


def difference_in_differences(target_before: Incidence, target_after: Incidence, control_before: Incidence,
                              control_after: Incidence) -> DidEstimate:
    """(target after − before) − (control after − before) of the rates, with a 95 % Wald interval.

    Counts are Poisson, so a rate's variance is its count over the squared exposure; the ratio form
    (after/before of the target over that of the control) has its interval on the log scale, with half a
    report added to every cell when any count is zero.
    """
    groups = (target_before, target_after, control_before, control_after)
    if any(g.resident_days <= 0 for g in groups):
        raise ValueError("every group needs residents and days")
    difference = (target_after.rate - target_before.rate) - (control_after.rate - control_before.rate)
    half = Z95 * math.sqrt(sum(_rate_variance(g) for g in groups))
    add = 0.5 if any(g.reports == 0 for g in groups) else 0.0
    ta, tb, ca, cb = (g.reports + add for g in (target_after, target_before, control_after, control_before))
    log_ratio = (math.log(ta / target_after.resident_days) - math.log(tb / target_before.resident_days)
                 - math.log(ca / control_after.resident_days) + math.log(cb / control_before.resident_days))
    log_half = Z95 * math.sqrt(1 / ta + 1 / tb + 1 / ca + 1 / cb)
    return DidEstimate(target_before, target_after, control_before, control_after, difference=difference,
                       difference_ci=(difference - half, difference + half), ratio=math.exp(log_ratio),
                       ratio_ci=(math.exp(log_ratio - log_half), math.exp(log_ratio + log_half)))


@dataclass(frozen=True)
class Audience:
    """Who a campaign is for: districts, age bands, occupations and habits (each empty: anyone)."""

    districts: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()
    habits: tuple[str, ...] = ()


def split_cells(audience: Audience, districts: tuple[str, ...], age_bands: tuple[str, ...]
                ) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The district × age band cells the audience covers, and the comparable ones it leaves out.

    Targeted districts are compared with the same age bands elsewhere; a city-wide audience of some age
    bands with the other age bands. A city-wide audience of everyone has nothing to compare with.
    """
    in_d = set(audience.districts) or set(districts)
    in_a = set(audience.age_bands) or set(age_bands)
    target = {(d, a) for d in in_d for a in in_a}
    if audience.districts:
        control = {(d, a) for d in districts if d not in in_d for a in in_a}
    else:
        control = {(d, a) for d in districts for a in age_bands if a not in in_a}
    return target, control


def days_between(first: date, last: date) -> int:
    """Days from ``first`` to ``last``, both included."""
    return (last - first).days + 1

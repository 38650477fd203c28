"""A city for case linking (串并案): gangs with their whole chain, their victims' reports, and the innocents
that look like them — written as the files ``antifraud link`` reads, with the ground truth beside them.

Gangs: callers and SMS senders on ordinary and virtual (170/171) numbers sharing devices' addresses,
collecting cards, tiers of mule cards behind them, a cash-out card, and the domains and apps they use.
Each victim reports only some of what they saw (a number, a card, a site), so some of a gang's cases share
nothing and linking cannot be perfect. Innocents: couriers and ride-hailing drivers on virtual numbers who
call hundreds of people (victims among them), relatives calling from abroad, banks' and carriers' service
numbers, merchants' settlement cards paid by hundreds of customers (mules among them), popular sites and
apps every victim also uses, reports naming 95588 or taobao.com, and reports naming a legitimate app or site
that no list of big platforms knows and many gangs' victims name (Telegram, ToDesk, 闲鱼, zhihu.com …). Some
gangs' apps have the same name as another gang's (as 点点赚 in the main simulator).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from antifraud.core.clock import LOCAL_TZ
from antifraud.identifiers import bins_for_bank, luhn_check_digit

BANK_CODES = ("ICBC", "ABC", "BOC", "CCB", "BOCOM", "PSBC", "CMB")
FRAUD_TYPES = ("brushing_rebate", "fake_investment", "fake_loan", "fake_customer_service", "impersonate_authority",
               "romance", "trojan")
START = datetime(2026, 10, 1, 9, 0, tzinfo=LOCAL_TZ)


@dataclass
class LinkCity:
    """The files' rows and the ground truth."""

    cases: list[dict[str, object]] = field(default_factory=list)
    calls: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    sms: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    transfers: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    visits: list[tuple[str, ...]] = field(default_factory=list)  # the last, optional, field: the device
    case_gang: dict[str, int] = field(default_factory=dict)
    members: dict[tuple[str, str], tuple[int, str, int | None]] = field(default_factory=dict)  # → gang, role, tier
    lookalikes: set[tuple[str, str]] = field(default_factory=set)


class _Numbers:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def mobile(self, prefixes: tuple[str, ...] = ("138", "139", "135", "136", "158", "159", "187", "188",
                                                  "130", "131", "155", "156", "186", "133", "153", "189")) -> str:
        while True:
            number = f"+86{self.rng.choice(prefixes)}{self.rng.integers(10_000_000, 99_999_999)}"
            if number not in self.used:
                self.used.add(number)
                return number

    def virtual(self) -> str:
        return self.mobile(("170", "171"))

    def card(self) -> str:
        while True:
            prefix, length = bins_for_bank(str(self.rng.choice(BANK_CODES)))[0]
            body = prefix + "".join(str(d) for d in self.rng.integers(0, 10, length - len(prefix) - 1))
            card = body + luhn_check_digit(body)
            if card not in self.used:
                self.used.add(card)
                return card

    def ip(self) -> str:
        return f"{self.rng.integers(36, 223)}.{self.rng.integers(0, 255)}.{self.rng.integers(0, 255)}." \
               f"{self.rng.integers(1, 254)}"


SHARED_APP_NAME = 0.25  # a gang whose app has the same name as another gang's
NAMED_LEGIT = 0.25  # a report that also names a legitimate app or site (no list of big platforms knows it)
NAMED_LEGIT_TARGETS = (("app", "Telegram"), ("app", "ToDesk"), ("app", "闲鱼"), ("app", "向日葵远程控制"),
                       ("url", "https://www.zhihu.com/question/3012"), ("url", "https://www.1688.com/chanpin/88"))


def generate_link_city(seed: int, gangs: int = 16, citizens: int = 5000) -> LinkCity:
    """A city of ``citizens`` with ``gangs`` gangs and many more look-alikes than gang members."""
    rng = np.random.default_rng(seed)
    nums = _Numbers(rng)
    city = LinkCity()
    people = [nums.mobile() for _ in range(citizens)]
    people_cards = [nums.card() for _ in range(citizens)]
    popular = [("domain", d) for d in ("taobao.com", "jd.com", "baidu.com", "qq.com", "meituan.com")] + [
        ("app", a) for a in ("微信", "支付宝", "抖音")]
    ids = {"call": 0, "sms": 0, "txn": 0, "visit": 0, "case": 0}

    def next_id(kind: str) -> str:
        ids[kind] += 1
        return f"{kind[0].upper()}{ids[kind]:07d}"

    def at(day: float) -> str:
        return (START + timedelta(days=day)).isoformat()

    victims_used: set[int] = set()
    app_names: list[str] = []
    for g in range(gangs):
        fraud_type = str(rng.choice(FRAUD_TYPES))
        callers = [nums.virtual() if rng.random() < 0.5 else nums.mobile() for _ in range(rng.integers(2, 5))]
        senders = [nums.mobile() for _ in range(rng.integers(0, 3))]
        gang_ips = [nums.ip() for _ in range(rng.integers(1, 3))]
        collectors = [nums.card() for _ in range(rng.integers(2, 5))]
        mules = {t: [nums.card() for _ in range(rng.integers(2, 4))] for t in (2, 3)}
        cash_out = nums.card()
        domain = f"{rng.choice(['vip', 'hk', 'app', 'win', 'top'])}{g}{rng.integers(100, 999)}.{rng.choice(['cc', 'top', 'xyz', 'vip'])}"
        app_name = f"{rng.choice(['鑫盈', '优选', '聚财', '速贷', '星河'])}{g}"
        if app_names and rng.random() < SHARED_APP_NAME:  # the same app name as another gang's (点点赚 …)
            app_name = str(rng.choice(app_names))
        app_names.append(app_name)
        for phone in callers:
            city.members[("phone", phone)] = (g, "caller", None)
        for phone in senders:
            city.members[("phone", phone)] = (g, "sms_sender", None)
        for ip in gang_ips:
            city.members[("ip", ip)] = (g, "ip", None)
        for card in collectors:
            city.members[("bank_card", card)] = (g, "collector", 1)
        for tier, cards in mules.items():
            for card in cards:
                city.members[("bank_card", card)] = (g, "mule", tier)
        city.members[("bank_card", cash_out)] = (g, "cash_out", None)
        city.members[("domain", domain)] = (g, "domain", None)
        city.members[("app", app_name.lower())] = (g, "app", None)
        for phone in callers:  # cold calls: most hang up at once; a few talk and do not lose money
            for v in rng.integers(0, citizens, int(rng.integers(100, 400))):
                long = rng.random() < 0.03
                city.calls.append((next_id("call"), at(rng.uniform(0, 30)), phone, people[v],
                                   int(rng.integers(200, 900)) if long else int(rng.integers(0, 40))))
        for phone in senders:
            for v in rng.integers(0, citizens, int(rng.integers(200, 600))):
                city.sms.append((next_id("sms"), at(rng.uniform(0, 30)), phone, people[v],
                                 f"【会员服务】您的积分即将过期，详情 http://{domain}/m"))
        for phone in callers + senders:  # the gang's numbers go online from its own addresses
            for _ in range(3):
                city.visits.append((next_id("visit"), at(rng.uniform(0, 30)), phone, domain, "domain",
                                    str(rng.choice(gang_ips))))
        for _ in range(int(rng.integers(3, 16))):
            v = int(rng.integers(0, citizens))
            while v in victims_used:
                v = int(rng.integers(0, citizens))
            victims_used.add(v)
            day = float(rng.uniform(0, 28))
            caller = str(rng.choice(callers))
            card = str(rng.choice(collectors))
            loss = int(rng.integers(2, 80)) * 1000
            for _ in range(int(rng.integers(1, 4))):
                city.calls.append((next_id("call"), at(day - rng.uniform(0, 2)), caller, people[v],
                                   int(rng.integers(120, 3000))))
            if senders and rng.random() < 0.5:
                city.sms.append((next_id("sms"), at(day - 1), str(rng.choice(senders)), people[v],
                                 f"【通知】点击 http://{domain}/x 领取"))
            city.visits.append((next_id("visit"), at(day), people[v], domain, "domain", nums.ip()))
            city.visits.append((next_id("visit"), at(day), people[v], app_name.lower(), "app", nums.ip()))
            city.transfers.append((next_id("txn"), at(day), people_cards[v], card, f"{loss}.00"))
            _move_on(city, rng, next_id, at, day, card, loss, mules, cash_out)
            reported = []
            if rng.random() < 0.75:
                reported.append({"kind": "phone", "value": caller})
            if rng.random() < 0.7:
                reported.append({"kind": "bank_card", "value": card})
            if rng.random() < 0.4:
                reported.append({"kind": "url", "value": f"http://{domain}/login"})
            if rng.random() < 0.3:
                reported.append({"kind": "app", "value": app_name})
            if rng.random() < NAMED_LEGIT:  # a legitimate app or site the gang had them use: many gangs' victims name it
                kind, value = NAMED_LEGIT_TARGETS[int(rng.integers(0, len(NAMED_LEGIT_TARGETS)))]
                reported.append({"kind": kind, "value": value})
            if rng.random() < 0.3:  # what victims also name: their bank's hotline, a big platform
                reported.append(rng.choice([{"kind": "phone", "value": "95588"},
                                            {"kind": "url", "value": "https://www.taobao.com/item"},
                                            {"kind": "app", "value": "微信"}]))
            reported.append({"kind": "bank_card", "value": people_cards[v], "role": "victim"})
            case_id = next_id("case")
            city.case_gang[case_id] = g
            city.cases.append({"case_id": case_id, "fraud_type": fraud_type, "loss_amount": f"{loss}.00",
                               "occurred_at": at(day), "narrative": "",
                               "victim": {"name": "受害人", "phone": people[v]}, "identifiers": reported})
    _add_lookalikes(city, rng, nums, people, people_cards, popular, next_id, at)
    _add_devices(city, rng, nums, people, next_id, at)
    city.transfers.sort(key=lambda r: r[1])
    return city


def _move_on(city: LinkCity, rng: np.random.Generator, next_id, at, day: float, card: str, loss: int,  # type: ignore[no-untyped-def]
             mules: dict[int, list[str]], cash_out: str) -> None:
    """The victim's money leaves the collecting card within the hour, split over tiers, then cashed out."""
    holders = [(card, loss)]
    for tier, hours in ((2, 0.5), (3, 1.5)):
        nxt = []
        for holder, amount in holders:
            parts = rng.choice(mules[tier], size=2, replace=False)
            half = amount // 2
            for part, share in zip(parts, (half, amount - half), strict=True):
                city.transfers.append((next_id("txn"), at(day + (hours + rng.uniform(0, 0.5)) / 24), holder,
                                       str(part), f"{share}.00"))
                nxt.append((str(part), share))
        holders = nxt
    for holder, amount in holders:
        city.transfers.append((next_id("txn"), at(day + (3 + rng.uniform(0, 1)) / 24), holder, cash_out,
                               f"{amount}.00"))


def _add_lookalikes(city: LinkCity, rng: np.random.Generator, nums: _Numbers, people: list[str],
                    people_cards: list[str], popular: list[tuple[str, str]], next_id, at) -> None:  # type: ignore[no-untyped-def]
    n = len(people)
    for _ in range(max(20, n // 100)):  # couriers and ride-hailing drivers on virtual numbers
        phone = nums.virtual()
        city.lookalikes.add(("phone", phone))
        for v in rng.integers(0, n, int(rng.integers(150, 400))):
            city.calls.append((next_id("call"), at(rng.uniform(0, 30)), phone, people[v], int(rng.integers(20, 120))))
    for _ in range(max(20, n // 50)):  # relatives and business partners calling from abroad, long
        phone = f"+{rng.choice(['1', '44', '61', '81', '63', '60'])}{rng.integers(200_000_000, 999_999_999)}"
        city.lookalikes.add(("phone", phone))
        for v in rng.integers(0, n, int(rng.integers(1, 3))):
            city.calls.append((next_id("call"), at(rng.uniform(0, 30)), phone, people[v], int(rng.integers(900, 4000))))
    for _ in range(max(10, n // 200)):  # business contacts abroad who talk at length with several people
        phone = f"+{rng.choice(['852', '853', '886', '65', '49'])}{rng.integers(20_000_000, 99_999_999)}"
        city.lookalikes.add(("phone", phone))
        for v in rng.integers(0, n, int(rng.integers(3, 12))):
            city.calls.append((next_id("call"), at(rng.uniform(0, 30)), phone, people[v], int(rng.integers(300, 2400))))
    for service in ("+8695588", "+8610086", "+8695533"):
        city.lookalikes.add(("phone", service))
        for v in rng.integers(0, n, 600):
            city.calls.append((next_id("call"), at(rng.uniform(0, 30)), service, people[v], int(rng.integers(30, 600))))
    mule_cards = [k[1] for k, (_g, role, _t) in city.members.items() if role in ("mule", "collector")]
    for _ in range(max(10, n // 250)):  # merchants paid by hundreds of customers, some of them mules
        card = nums.card()
        city.lookalikes.add(("bank_card", card))
        for v in rng.integers(0, n, int(rng.integers(80, 300))):
            city.transfers.append((next_id("txn"), at(rng.uniform(0, 30)), people_cards[v], card,
                                   f"{int(rng.integers(10, 900))}.00"))
        for mule in rng.choice(mule_cards, size=2):
            city.transfers.append((next_id("txn"), at(rng.uniform(0.3, 29.9)), str(mule), card, "199.00"))
    for kind, value in NAMED_LEGIT_TARGETS:  # legitimate apps and sites many people use, gangs' victims among them
        target = value.split("/")[2].removeprefix("www.") if kind == "url" else value.lower()
        visit_kind = "domain" if kind == "url" else "app"
        city.lookalikes.add((visit_kind, target))
        for v in rng.integers(0, n, max(60, n // 40)):
            city.visits.append((next_id("visit"), at(rng.uniform(0, 30)), people[v], target, visit_kind, nums.ip()))
    for v in range(n):  # everybody uses the big platforms
        for kind, target in (popular[int(rng.integers(0, len(popular)))],):
            city.visits.append((next_id("visit"), at(rng.uniform(0, 30)), people[v], target, kind, nums.ip()))


SHOP_HANDSET_NUMBERS = 40  # a repair shop's test handset: the SIMs of dozens of customers, a gang's among them


def _add_devices(city: LinkCity, rng: np.random.Generator, nums: _Numbers, people: list[str],  # type: ignore[no-untyped-def]
                 next_id, at) -> None:
    """Each gang's SIM box (猫池) holding its numbers and one that only goes online through it; repair shops'
    test handsets that held a gang number among dozens of customers' (look-alikes that must stay out)."""
    phones_of: dict[int, list[str]] = {}
    for (kind, value), (g, _role, _tier) in city.members.items():
        if kind == "phone":
            phones_of.setdefault(g, []).append(value)
    domain_of = {g: v for (k, v), (g, _r, _t) in city.members.items() if k == "domain"}
    for g, phones in sorted(phones_of.items()):
        box = f"86{int(rng.integers(10**12, 10**13 - 1))}"
        hidden = nums.mobile()
        city.members[("device", box)] = (g, "device", None)
        city.members[("phone", hidden)] = (g, "caller", None)
        for phone in [*phones, hidden]:
            city.visits.append((next_id("visit"), at(float(rng.uniform(0, 30))), phone, domain_of[g], "domain", "",
                                box))
    for g in sorted(phones_of)[::3]:
        shop = f"35{int(rng.integers(10**12, 10**13 - 1))}"
        city.lookalikes.add(("device", shop))
        customers = [people[int(i)] for i in rng.integers(0, len(people), SHOP_HANDSET_NUMBERS)]
        for phone in [*customers, phones_of[g][0]]:
            city.visits.append((next_id("visit"), at(float(rng.uniform(0, 30))), phone, "baidu.com", "domain", "",
                                shop))


def write_link_city(city: LinkCity, out: Path) -> None:
    """The files ``antifraud link`` reads, and ``truth.json`` with the gangs, roles and look-alikes."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "cases.ndjson").open("w", encoding="utf-8") as f:
        for case in city.cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    for name, header, rows in (
        ("calls.csv", ("call_id", "start", "caller", "callee", "duration_s"), city.calls),
        ("sms.csv", ("sms_id", "time", "sender", "receiver", "text"), city.sms),
        ("transfers.csv", ("txn_id", "time", "from_account", "to_account", "amount"), city.transfers),
        ("visits.csv", ("visit_id", "time", "phone", "target", "kind", "ip", "device"),
         [(*row, "")[:7] for row in city.visits]),
    ):
        with (out / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
    truth = {"case_gang": city.case_gang,
             "members": [{"kind": k, "value": v, "gang": g, "role": r, "tier": t}
                         for (k, v), (g, r, t) in city.members.items()],
             "lookalikes": [{"kind": k, "value": v} for k, v in sorted(city.lookalikes)]}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")

"""The synthetic 金华: residents, merchants and their accounts, generated column-wise from a seed.

A ``City`` holds one numpy column per attribute (millions of rows at scale 1.0); ``City.citizen(i)``
turns one row into a ``Citizen`` with formatted identifiers (resident ID, E.164 phone, card number).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from antifraud.simulation import people
from antifraud.simulation.config import BANK_SHARES, BANKS, DEFAULT_START, SimulationConfig
from antifraud.simulation.numbering import (
    RID_CHECK_CHARS,
    CardIssuer,
    MobileNumberPool,
    prefixes_in,
    resident_id_check_index,
)
from antifraud.simulation.rng import stream_rng

_EPOCH = date(1970, 1, 1)
# Residents who keep a number from home, by division (义乌 and 永康 draw the most migrants).
_OTHER_PHONE_FACTOR = {"义乌市": 1.8, "永康市": 1.3, "东阳市": 1.1, "磐安县": 0.4, "武义县": 0.6}

# In life the administrative code in a resident ID is the one in force when the number was assigned,
# so older residents carry codes of the former 金华地区 and of counties before they became cities
# (县改市). With ``SimulationConfig.historical_id_codes`` residents get the code in force in their birth
# year (what python-stdnum's check expects); by default everyone carries their division's current code.
ID_CODE_LINEAGE: dict[str, tuple[tuple[int, str], ...]] = {
    "330702": ((0, "332501"), (1982, "332401"), (1985, "330702")),
    "330703": ((0, "332521"), (1982, "332401"), (1985, "330721"), (2000, "330703")),
    "330781": ((0, "332522"), (1982, "332421"), (1985, "330719"), (1986, "339003"), (1989, "330781")),
    "330782": ((0, "332526"), (1982, "332425"), (1985, "330725"), (1988, "339007"), (1989, "330782")),
    "330783": ((0, "332525"), (1982, "332424"), (1985, "330724"), (1988, "339008"), (1989, "330783")),
    "330784": ((0, "332523"), (1982, "332422"), (1985, "330722"), (1992, "330784")),
    "330723": ((0, "332524"), (1982, "332423"), (1985, "330723")),
    "330726": ((0, "332527"), (1982, "332426"), (1985, "330726")),
    "330727": ((0, "332525"), (1983, "332431"), (1985, "330727")),
}


def id_code_for(division_code: str, birth_year: int) -> str:
    """Return the administrative code a resident of ``division_code`` born in ``birth_year`` carries."""
    lineage = ID_CODE_LINEAGE.get(division_code, ((0, division_code),))
    return [code for first, code in lineage if first <= birth_year][-1]


MERCHANT_CATEGORIES: tuple[tuple[str, str, float], ...] = (
    # code, Chinese suffix for the business name, weight
    ("supermarket", "超市", 0.12), ("restaurant", "餐饮店", 0.20), ("small_commodities", "小商品商行", 0.16),
    ("hardware", "五金厂", 0.07), ("online_shop", "网店", 0.12), ("pharmacy", "大药房", 0.04),
    ("utility", "供水供电服务部", 0.01), ("telecom_shop", "通信营业厅", 0.03), ("clothing", "服饰店", 0.08),
    ("factory", "制造有限公司", 0.10), ("property", "物业管理有限公司", 0.03), ("education", "培训学校", 0.04),
)
_NAME_WORDS = "鑫宏盛华达源丰顺兴恒泰隆昌瑞祥福嘉诚信和联创新美佳汇聚德明天宇金海"
# Institutions that pay money into residents' cards (理财赎回, 贷款发放): large balances, few accounts.
INSTITUTIONS: tuple[tuple[str, str], ...] = (
    ("wealth_management", "理财资金清算户"), ("consumer_lender", "消费金融放款户"),
    ("payment_platform", "第三方支付备付金户"),
)


@dataclass(frozen=True)
class Citizen:
    """One resident as a report or a warning would name them."""

    index: int
    name: str
    sex: str
    birth_date: date
    age: int
    id_number: str
    phone: str
    card: str
    bank: str
    occupation: str
    occupation_zh: str
    education: str
    education_zh: str
    division_code: str
    division_zh: str
    delivery_habit: bool


def e164(national: np.ndarray | int) -> pa.Array | str:
    """Format Chinese national mobile numbers (int) as E.164 strings."""
    if isinstance(national, (int, np.integer)):
        return f"+86{int(national)}"
    return pc.binary_join_element_wise("+86", pc.cast(pa.array(national), pa.string()), "")


def card_strings(cards: np.ndarray) -> pa.Array:
    """Format card numbers (uint64) as strings."""
    return pc.cast(pa.array(cards, type=pa.uint64()), pa.string())


@dataclass
class City:
    """Residents (aged 16+), merchants and institutions of the synthetic 金华 at ``scale``."""

    seed: int
    scale: float
    as_of: date
    config: SimulationConfig
    division_codes: list[str]
    division_names: list[str]
    # residents
    division: np.ndarray
    age: np.ndarray
    male: np.ndarray
    birth_day: np.ndarray  # days since 1970-01-01
    id_code: np.ndarray  # administrative code in the resident ID (int32)
    id_seq: np.ndarray
    phone: np.ndarray  # national number, int64
    local_phone: np.ndarray
    card: np.ndarray  # uint64
    bank: np.ndarray
    occupation: np.ndarray
    education: np.ndarray
    delivery: np.ndarray
    name_parts: np.ndarray
    # merchants
    merchant_division: np.ndarray
    merchant_category: np.ndarray
    merchant_card: np.ndarray
    merchant_bank: np.ndarray
    merchant_phone: np.ndarray
    institution_card: np.ndarray
    # issuers, kept so gangs and outsiders get numbers that never collide with residents'
    jinhua_numbers: MobileNumberPool
    other_city_numbers: MobileNumberPool
    elsewhere_numbers: MobileNumberPool
    cards: CardIssuer
    issue_rng: np.random.Generator

    @classmethod
    def generate(cls, seed: int, scale: float = 1.0, config: SimulationConfig | None = None,
                 as_of: date | None = None) -> City:
        """Generate the city for ``seed`` at ``scale`` (fraction of 金华's population)."""
        from antifraud.identifiers.divisions import JINHUA_DIVISIONS

        cfg = config or SimulationConfig()
        as_of = as_of or DEFAULT_START.date()
        divisions = sorted(JINHUA_DIVISIONS, key=lambda d: d.code)
        pops = np.array([d.population_2020 for d in divisions], dtype=np.float64)
        n = max(200, round(pops.sum() * cfg.adult_share * scale))
        rng = stream_rng(seed, "city")
        names = [d.name_zh for d in divisions]
        division = rng.choice(len(divisions), size=n, p=pops / pops.sum()).astype(np.int8)
        age = people.draw_ages(rng, n)
        male = rng.random(n) < 0.515
        birth_day = _birth_days(rng, age, as_of)
        occupation = people.draw_occupations(rng, age, names, division)
        education = people.draw_education(rng, age, occupation)
        delivery = people.draw_delivery(rng, age, occupation)
        name_parts = people.draw_name_parts(rng, male)
        id_code = _id_codes([d.code for d in divisions], division, birth_day, cfg.historical_id_codes)
        id_seq = _id_sequence(id_code, birth_day, male)
        issue_rng = stream_rng(seed, "issuers")
        jinhua = MobileNumberPool.from_prefixes([p.prefix for p in prefixes_in("jinhua")], issue_rng)
        other = MobileNumberPool.from_prefixes([p.prefix for p in prefixes_in("other_city")], issue_rng)
        elsewhere = MobileNumberPool.from_prefixes([p.prefix for p in prefixes_in("elsewhere")], issue_rng)
        factor = np.array([_OTHER_PHONE_FACTOR.get(x, 1.0) for x in names])[division]
        local = rng.random(n) >= cfg.other_city_phone_share * factor / _mean_factor(names, pops)
        phone = np.empty(n, dtype=np.int64)
        phone[local] = jinhua.issue(int(local.sum()))
        phone[~local] = other.issue(int((~local).sum()))
        issuer = CardIssuer.create(BANKS, issue_rng)
        bank = rng.choice(len(BANKS), size=n, p=np.array(BANK_SHARES) / sum(BANK_SHARES)).astype(np.int8)
        card = issuer.issue(bank, issue_rng)
        m = max(20, round(n * cfg.merchants_per_citizen))
        weights = np.array([w for _, _, w in MERCHANT_CATEGORIES])
        m_bank = rng.choice(len(BANKS), size=m, p=np.array(BANK_SHARES) / sum(BANK_SHARES)).astype(np.int8)
        inst_bank = np.arange(len(INSTITUTIONS), dtype=np.int8) % len(BANKS)
        return cls(
            seed=seed, scale=scale, as_of=as_of, config=cfg,
            division_codes=[d.code for d in divisions], division_names=names,
            division=division, age=age, male=male, birth_day=birth_day, id_code=id_code, id_seq=id_seq, phone=phone,
            local_phone=local, card=card, bank=bank, occupation=occupation, education=education,
            delivery=delivery, name_parts=name_parts,
            merchant_division=rng.choice(len(divisions), size=m, p=pops / pops.sum()).astype(np.int8),
            merchant_category=rng.choice(len(weights), size=m, p=weights / weights.sum()).astype(np.int8),
            merchant_card=issuer.issue(m_bank, issue_rng), merchant_bank=m_bank,
            merchant_phone=jinhua.issue(m), institution_card=issuer.issue(inst_bank, issue_rng),
            jinhua_numbers=jinhua, other_city_numbers=other, elsewhere_numbers=elsewhere,
            cards=issuer, issue_rng=issue_rng,
        )

    @property
    def size(self) -> int:
        """Return the number of residents."""
        return len(self.age)

    @property
    def merchant_count(self) -> int:
        """Return the number of merchants."""
        return len(self.merchant_card)

    def id_numbers(self, index: np.ndarray) -> pa.Array:
        """Return the 18-character resident ID numbers (身份证号) of residents at ``index``."""
        body = self._id_bodies(index)
        check = RID_CHECK_CHARS[resident_id_check_index(body)]
        return pc.binary_join_element_wise(pc.cast(pa.array(body), pa.string()), pa.array(check), "")

    def _id_bodies(self, index: np.ndarray) -> np.ndarray:
        days = self.birth_day[index].astype("datetime64[D]")
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        months = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
        dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
        ymd = years * 10_000 + months * 100 + dom
        codes = self.id_code[index].astype(np.int64)
        return codes * 10**11 + ymd * 1000 + self.id_seq[index].astype(np.int64)

    def citizen(self, i: int) -> Citizen:
        """Return resident ``i`` with formatted identifiers."""
        i = int(i)
        occ, edu = int(self.occupation[i]), int(self.education[i])
        div = int(self.division[i])
        return Citizen(
            index=i, name=people.compose_name(self.name_parts[i], bool(self.male[i])),
            sex="male" if self.male[i] else "female",
            birth_date=_EPOCH + timedelta(days=int(self.birth_day[i])), age=int(self.age[i]),
            id_number=self.id_numbers(np.array([i]))[0].as_py(), phone=f"+86{int(self.phone[i])}",
            card=str(int(self.card[i])), bank=BANKS[int(self.bank[i])],
            occupation=people.OCCUPATIONS[occ][0], occupation_zh=people.OCCUPATIONS[occ][1],
            education=people.EDUCATION[edu][0], education_zh=people.EDUCATION[edu][1],
            division_code=self.division_codes[div], division_zh=self.division_names[div],
            delivery_habit=bool(self.delivery[i]),
        )

    def age_on(self, i: int, day: date) -> int:
        """Return resident ``i``'s age in whole years on ``day``."""
        born = _EPOCH + timedelta(days=int(self.birth_day[i]))
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def citizens_table(self, start: int = 0, stop: int | None = None) -> pa.Table:
        """Return residents ``start:stop`` as an Arrow table (the population register)."""
        idx = np.arange(start, self.size if stop is None else stop)
        codes = pa.array(self.division_codes)
        occ = pa.array([c for c, _ in people.OCCUPATIONS])
        edu = pa.array([c for c, _ in people.EDUCATION])
        return pa.table({
            "citizen": pa.array(idx, pa.int64()),
            "name": pa.array(people.compose_names(self.name_parts[idx], self.male[idx])),
            "sex": pc.if_else(pa.array(self.male[idx]), "male", "female"),
            "birth_date": pa.array(self.birth_day[idx].astype("datetime64[D]")),
            "id_number": self.id_numbers(idx),
            "phone": e164(self.phone[idx]),
            "card": card_strings(self.card[idx]),
            "bank": pc.take(pa.array(list(BANKS)), pa.array(self.bank[idx])),
            "occupation": pc.take(occ, pa.array(self.occupation[idx])),
            "education": pc.take(edu, pa.array(self.education[idx])),
            "division_code": pc.take(codes, pa.array(self.division[idx])),
            "delivery_habit": pa.array(self.delivery[idx]),
        })

    def merchants_table(self) -> pa.Table:
        """Return merchants as an Arrow table."""
        rng = stream_rng(self.seed, "merchant-names")
        words = rng.integers(0, len(_NAME_WORDS), size=(self.merchant_count, 2))
        names = [
            f"{self.division_names[d]}{_NAME_WORDS[a]}{_NAME_WORDS[b]}{MERCHANT_CATEGORIES[c][1]}"
            for d, c, (a, b) in zip(self.merchant_division.tolist(), self.merchant_category.tolist(),
                                    words.tolist(), strict=True)
        ]
        return pa.table({
            "merchant": pa.array(np.arange(self.merchant_count), pa.int64()),
            "name": pa.array(names),
            "category": pc.take(pa.array([c for c, _, _ in MERCHANT_CATEGORIES]),
                                pa.array(self.merchant_category)),
            "division_code": pc.take(pa.array(self.division_codes), pa.array(self.merchant_division)),
            "card": card_strings(self.merchant_card),
            "bank": pc.take(pa.array(list(BANKS)), pa.array(self.merchant_bank)),
            "phone": e164(self.merchant_phone),
        })


def _mean_factor(names: list[str], pops: np.ndarray) -> float:
    factors = np.array([_OTHER_PHONE_FACTOR.get(x, 1.0) for x in names])
    return float((factors * pops).sum() / pops.sum())


def _birth_days(rng: np.random.Generator, age: np.ndarray, as_of: date) -> np.ndarray:
    """Draw birth dates consistent with ``age`` on ``as_of``."""
    ref = (as_of - _EPOCH).days
    back = (age.astype(np.float64) + rng.random(len(age))) * 365.2425
    return (ref - np.floor(back).astype(np.int64) - 1).astype(np.int32)


def _id_codes(division_codes: list[str], division: np.ndarray, birth_day: np.ndarray,
              historical: bool) -> np.ndarray:
    """Return each resident's ID administrative code: the current one, or the one in force at birth."""
    if not historical:
        return np.array([int(c) for c in division_codes], dtype=np.int32)[division]
    years = birth_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    codes = np.empty(len(division), dtype=np.int32)
    for d, current in enumerate(division_codes):
        rows = division == d
        lineage = ID_CODE_LINEAGE.get(current, ((0, current),))
        firsts = np.array([first for first, _ in lineage])
        table = np.array([int(code) for _, code in lineage], dtype=np.int32)
        codes[rows] = table[np.searchsorted(firsts, years[rows], side="right") - 1]
    return codes


def _id_sequence(id_code: np.ndarray, birth_day: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Return the 3-digit order code: unique per (code, birth date), odd for men (GB 11643)."""
    key = (id_code.astype(np.int64) << 24) | (birth_day.astype(np.int64) + 50_000) << 1 | male
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_key)) + 1]
    run = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - run
    if rank.max(initial=0) >= 500:
        raise ValueError("too many residents share a birth date in one division")
    spread = (key % 1_000_003) * 7_919 % 500  # a per-group start so codes are not all low numbers
    half = (rank * 7 + spread) % 500
    return (half * 2 + male).astype(np.int16)

"""Number plans for the synthetic city: mobile numbers by home location (归属地) and bank card numbers.

Citizens' numbers come from 7-digit mobile prefixes that ``phonenumbers`` places in 金华 (or, for the
share of residents who kept a number from home, in a few other cities). The prefix lists ship in
``data/mobile_prefixes.csv`` so output does not drift with the ``phonenumbers`` release; run
``python -m antifraud.simulation.numbering`` to rebuild the file from the installed geocoder data.
Numbers and card numbers are handed out through affine permutations of each space, so they are
unique without keeping a set of issued values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

PREFIX_FILE = "mobile_prefixes.csv"
JINHUA_ZH = "浙江省金华市"

# Segments that ordinary residents do not carry as their main number: data-only 14x, virtual 16x/17x.
_RESIDENT_EXCLUDED = ("14", "162", "165", "167", "170", "171")

# Where the residents who kept a number from home come from (人口流入地 for 义乌, 永康, 东阳).
OTHER_CITIES_ZH: tuple[str, ...] = (
    "浙江省杭州市", "浙江省温州市", "浙江省绍兴市", "浙江省台州市", "浙江省衢州市", "上海市",
    "江西省上饶市", "安徽省阜阳市", "河南省信阳市", "河南省周口市", "贵州省遵义市", "四川省南充市",
    "湖南省邵阳市", "江西省抚州市",
)
# Cities outside Zhejiang where domestic fraud call teams buy SIM cards.
ELSEWHERE_ZH: tuple[str, ...] = (
    "广东省深圳市", "广东省广州市", "广东省茂名市", "广西壮族自治区南宁市", "云南省昆明市",
    "云南省西双版纳傣族自治州", "海南省海口市", "福建省福州市", "福建省龙岩市", "湖南省长沙市",
    "江西省赣州市", "湖南省娄底市",
)
_PER_CITY = 60  # prefixes kept per other city: enough for uniqueness, small enough to ship


@dataclass(frozen=True)
class MobilePrefix:
    """A 7-digit mobile prefix (号段) with its carrier and home location."""

    pool: str
    prefix: str
    carrier: str
    place_zh: str


def discover_mobile_prefixes(place_zh: str) -> list[tuple[str, str]]:
    """Return sorted (7-digit prefix, carrier) pairs that phonenumbers places in ``place_zh``."""
    import phonenumbers
    from phonenumbers import carrier, geocoder
    from phonenumbers.geodata import GEOCODE_DATA

    candidates: set[str] = set()
    for key, names in GEOCODE_DATA.items():
        if key.startswith("861") and names.get("zh") == place_zh and len(key) in (8, 9):
            national = key[2:]
            if len(national) == 7:
                candidates.add(national)
            else:
                candidates.update(national + d for d in "0123456789")
    found = []
    for prefix in sorted(candidates):
        if prefix.startswith(_RESIDENT_EXCLUDED):
            continue
        number = phonenumbers.parse(f"+86{prefix}4821")
        if not phonenumbers.is_valid_number(number):
            continue
        if geocoder.description_for_number(number, "zh") != place_zh:
            continue
        name = carrier.name_for_number(number, "en")
        if name:
            found.append((prefix, name))
    return found


def _spread(items: list[tuple[str, str]], k: int) -> list[tuple[str, str]]:
    """Pick ``k`` items evenly across a sorted list (deterministic)."""
    if len(items) <= k:
        return items
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def build_prefix_table() -> list[MobilePrefix]:
    """Build the shipped prefix table from the installed phonenumbers data."""
    rows = [MobilePrefix("jinhua", p, c, JINHUA_ZH) for p, c in discover_mobile_prefixes(JINHUA_ZH)]
    for pool, places in (("other_city", OTHER_CITIES_ZH), ("elsewhere", ELSEWHERE_ZH)):
        for place in places:
            rows += [MobilePrefix(pool, p, c, place) for p, c in _spread(discover_mobile_prefixes(place), _PER_CITY)]
    return rows


def write_prefix_table(path: Path) -> int:
    """Write the prefix table as CSV; return the number of prefixes written."""
    rows = build_prefix_table()
    lines = ["pool,prefix,carrier,place_zh"] + [f"{r.pool},{r.prefix},{r.carrier},{r.place_zh}" for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


@cache
def mobile_prefixes() -> tuple[MobilePrefix, ...]:
    """Return the shipped prefix table."""
    text = resources.files("antifraud.simulation").joinpath("data", PREFIX_FILE).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()[1:] if line]
    return tuple(MobilePrefix(*row) for row in rows)


def prefixes_in(pool: str) -> list[MobilePrefix]:
    """Return the prefixes of one pool: ``jinhua``, ``other_city`` or ``elsewhere``."""
    return [p for p in mobile_prefixes() if p.pool == pool]


def _coprime_multiplier(rng: np.random.Generator, size: int, cap: int) -> int:
    """Pick a multiplier coprime with ``size`` in the upper part of [1, min(size, cap))."""
    hi = max(2, min(size, cap))
    while True:
        a = int(rng.integers(hi // 3 + 1, hi))
        if math.gcd(a, size) == 1:
            return a


@dataclass
class MobileNumberPool:
    """Unique mobile numbers drawn from a list of 7-digit prefixes (号段) without repetition."""

    prefixes: np.ndarray  # int64 7-digit prefixes
    multiplier: int
    offset: int
    issued: int = 0

    @classmethod
    def from_prefixes(cls, prefixes: Iterable[str], rng: np.random.Generator) -> MobileNumberPool:
        """Make a pool over ``prefixes`` × 0000–9999 with a seeded permutation."""
        arr = np.array(sorted(int(p) for p in prefixes), dtype=np.int64)
        size = len(arr) * 10_000
        return cls(arr, _coprime_multiplier(rng, size, 1 << 31), int(rng.integers(0, size)))

    @property
    def capacity(self) -> int:
        """Return how many numbers the pool holds in total."""
        return len(self.prefixes) * 10_000

    def issue(self, n: int) -> np.ndarray:
        """Return the next ``n`` unused national numbers (int64, 11 digits)."""
        if self.issued + n > self.capacity:
            raise ValueError(f"number pool exhausted: {self.issued + n} > {self.capacity}")
        k = np.arange(self.issued, self.issued + n, dtype=np.int64)
        self.issued += n
        slot = (k * self.multiplier + self.offset) % self.capacity
        return self.prefixes[slot // 10_000] * 10_000 + slot % 10_000


@dataclass
class BinSpace:
    """Card numbers under one BIN (发卡行识别码): prefix, fixed length, seeded permutation."""

    bank: str
    bin_prefix: int
    length: int
    multiplier: int
    offset: int
    issued: int = 0

    @property
    def middle_digits(self) -> int:
        """Return how many free digits sit between the BIN and the check digit."""
        return self.length - len(str(self.bin_prefix)) - 1

    def issue(self, n: int) -> np.ndarray:
        """Return ``n`` new card numbers (uint64) with valid Luhn check digits."""
        space = 10 ** self.middle_digits
        k = np.arange(self.issued, self.issued + n, dtype=np.uint64)
        self.issued += n
        middle = (k * np.uint64(self.multiplier) + np.uint64(self.offset)) % np.uint64(space)
        partial = np.uint64(self.bin_prefix) * np.uint64(space) + middle
        return partial * np.uint64(10) + luhn_digits(partial)


@dataclass
class CardIssuer:
    """Issues cards of the seven banks from their real BINs (bins_for_bank)."""

    banks: tuple[str, ...]
    spaces: dict[str, list[BinSpace]] = field(default_factory=dict)

    @classmethod
    def create(cls, banks: tuple[str, ...], rng: np.random.Generator, per_bank: int = 8) -> CardIssuer:
        """Build one permuted space for each of a bank's first ``per_bank`` debit BINs."""
        issuer = cls(banks)
        for bank in banks:
            spaces = []
            for prefix, length in debit_bins(bank)[:per_bank]:
                size = 10 ** (length - len(prefix) - 1)
                spaces.append(BinSpace(bank, int(prefix), length, _coprime_multiplier(rng, size, 10**12),
                                       int(rng.integers(0, min(size, 1 << 62)))))
            issuer.spaces[bank] = spaces
        return issuer

    def issue(self, bank_index: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Return one new card (uint64) per entry of ``bank_index`` (index into ``banks``)."""
        out = np.zeros(len(bank_index), dtype=np.uint64)
        for b, bank in enumerate(self.banks):
            rows = np.flatnonzero(bank_index == b)
            spaces = self.spaces[bank]
            which = rng.integers(0, len(spaces), size=len(rows))
            order = np.argsort(which, kind="stable")
            bounds = np.searchsorted(which[order], np.arange(len(spaces) + 1))
            for s, space in enumerate(spaces):
                sel = rows[order[bounds[s]:bounds[s + 1]]]
                out[sel] = space.issue(len(sel))
        return out

    def issue_one(self, bank: str, rng: np.random.Generator) -> str:
        """Return one new card number of ``bank`` as a string."""
        return str(int(self.issue(np.array([self.banks.index(bank)]), rng)[0]))


@cache
def debit_bins(bank: str) -> list[tuple[str, int]]:
    """Return the bank's 6-digit debit BINs (借记卡) as (prefix, card length), in the BIN table's order."""
    from antifraud.identifiers import bins_for_bank, luhn_check_digit, parse_bank_card

    found = []
    for prefix, length in bins_for_bank(bank):
        if len(prefix) != 6 or length not in (16, 19):
            continue
        partial = prefix + "0" * (length - 7)
        card = parse_bank_card(partial + luhn_check_digit(partial))
        if card.bank_code == bank and card.card_type == "debit":
            found.append((prefix, int(length)))
    if not found:
        raise ValueError(f"no debit BIN for {bank}")
    return found


def luhn_digits(partial: np.ndarray) -> np.ndarray:
    """Return the Luhn check digit for each number in ``partial`` (uint64, without check digit)."""
    x = partial.astype(np.uint64, copy=True)
    total = np.zeros(len(x), dtype=np.uint64)
    pos = 0
    ten = np.uint64(10)
    while np.any(x):
        d = x % ten
        x //= ten
        if pos % 2 == 0:  # rightmost digit of the partial number is doubled
            d = d * np.uint64(2)
            d = np.where(d > 9, d - np.uint64(9), d)
        total += d
        pos += 1
    return (ten - total % ten) % ten


_RID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
RID_CHECK_CHARS = np.array(list("10X98765432"))


def resident_id_check_index(body17: np.ndarray) -> np.ndarray:
    """Return the GB 11643 check-character index (into ``RID_CHECK_CHARS``) for 17-digit bodies."""
    x = body17.astype(np.int64, copy=True)
    total = np.zeros(len(x), dtype=np.int64)
    for weight in _RID_WEIGHTS[::-1]:
        total += (x % 10) * weight
        x //= 10
    return total % 11


if __name__ == "__main__":
    target = Path(__file__).with_name("data") / PREFIX_FILE
    print(f"{write_prefix_table(target)} prefixes written to {target}")

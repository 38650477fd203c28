"""Who lives in the synthetic 金华: names, occupations, education and habits, drawn in bulk with numpy."""

from __future__ import annotations

import numpy as np

from antifraud.core.vocab import EDUCATION_LABELS, OCCUPATION_LABELS

# Common surnames, weighted toward those frequent in 金华 (楼, 傅, 金, 应, 吴 ...).
SURNAMES = (
    "王陈张李吴刘徐杨周黄朱胡金楼何郑赵孙方叶潘施蒋沈傅童应俞丁倪邵翁钱蔡林郭马许"
    "骆虞贾厉卢严宋曹程龚项韦鲍杜季"
)
SURNAME_WEIGHTS = np.array(
    [7.5, 7.0, 5.5, 5.0, 5.2, 4.0, 3.6, 3.0, 2.6, 2.4, 2.5, 2.6, 2.8, 2.7, 2.1, 2.0, 1.6, 1.2, 1.4, 1.5,
     1.3, 1.1, 1.0, 1.0, 0.9, 1.6, 0.8, 1.3, 0.9, 0.8, 0.7, 0.6, 0.6, 0.6, 0.5, 0.5, 0.6, 0.5, 0.6, 0.5,
     0.5, 0.4, 0.4, 0.3, 0.4, 0.4, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
    dtype=np.float64,
)
GIVEN_MALE = "伟强磊军勇杰涛斌浩宇鹏飞俊峰建明志华国平海波辉刚超亮晨阳晓东文博凯鑫昊天佳豪子轩宏"
GIVEN_FEMALE = "芳娟敏静丽艳娜燕玲婷雪琳颖倩慧梅萍红霞莉欣怡佳雯瑶璐晶琪月洁彤诗涵梦悦蕾婧思菲"
GIVEN_SHARED = "文晓静佳一子嘉宇春秋雨清心安新泽"

# Code and Chinese name of each occupation the simulator draws (the vocabulary's, without "other").
OCCUPATIONS: tuple[tuple[str, str], ...] = tuple((c, zh) for c, (zh, _) in OCCUPATION_LABELS.items() if c != "other")
OCC = {code: i for i, (code, _) in enumerate(OCCUPATIONS)}

EDUCATION: tuple[tuple[str, str], ...] = tuple((c, zh) for c, (zh, _) in EDUCATION_LABELS.items() if c != "unknown")

# Age bands used to draw occupations: (low, high) inclusive.
OCC_AGE_BANDS: tuple[tuple[int, int], ...] = ((16, 17), (18, 22), (23, 30), (31, 45), (46, 60), (61, 200))
# Rows: age bands; columns: OCCUPATIONS order.
_OCC_BY_BAND = np.array([
    [0.92, 0.03, 0, 0, 0, 0, 0, 0, 0, 0.02, 0, 0, 0, 0.03, 0],
    [0.55, 0.12, 0.08, 0.02, 0.005, 0.005, 0.01, 0.005, 0.05, 0.07, 0.04, 0.01, 0, 0.03, 0.02],
    [0.04, 0.20, 0.14, 0.07, 0.04, 0.03, 0.03, 0.03, 0.16, 0.10, 0.06, 0.02, 0, 0.04, 0.04],
    [0, 0.22, 0.12, 0.13, 0.05, 0.03, 0.03, 0.025, 0.14, 0.09, 0.05, 0.06, 0, 0.025, 0.03],
    [0, 0.20, 0.06, 0.14, 0.05, 0.03, 0.03, 0.015, 0.08, 0.08, 0.02, 0.18, 0.06, 0.03, 0.02],
    [0, 0.02, 0, 0.04, 0, 0, 0, 0, 0, 0.02, 0, 0.22, 0.70, 0, 0],
])
# Local economies: 义乌 small commodities and e-commerce, 永康 hardware, 东阳 woodcarving and film,
# 浦江 crystal, 婺城 the city seat and universities, 磐安/武义 farming and herbs.
_DIVISION_OCC_FACTORS: dict[str, dict[str, float]] = {
    "义乌市": {"ecommerce": 3.0, "self_employed": 1.5, "farmer": 0.4, "courier": 1.4},
    "永康市": {"factory_worker": 1.6, "self_employed": 1.2},
    "东阳市": {"factory_worker": 1.2, "self_employed": 1.2, "freelancer": 1.8},
    "浦江县": {"factory_worker": 1.3},
    "婺城区": {"civil_servant": 1.6, "teacher": 1.4, "medical": 1.4, "finance": 1.5, "student": 1.25},
    "金东区": {"factory_worker": 1.1, "student": 1.1},
    "兰溪市": {"farmer": 1.4, "factory_worker": 1.2},
    "武义县": {"farmer": 1.8},
    "磐安县": {"farmer": 2.5, "factory_worker": 0.6},
}
# Rows: occupations; columns: EDUCATION order.
_EDU_BY_OCC = np.array([
    [0, 0, 0, 0.05, 0.35, 0.55, 0.05],          # student (18+; minors handled apart)
    [0.12, 0.50, 0.18, 0.15, 0.05, 0, 0],       # factory_worker
    [0, 0.25, 0.25, 0.15, 0.20, 0.15, 0],       # ecommerce
    [0.10, 0.45, 0.25, 0.10, 0.07, 0.03, 0],    # self_employed
    [0, 0, 0, 0, 0.10, 0.70, 0.20],             # civil_servant
    [0, 0, 0, 0, 0.15, 0.75, 0.10],             # teacher
    [0, 0, 0, 0.15, 0.30, 0.45, 0.10],          # medical
    [0, 0, 0, 0, 0.15, 0.70, 0.15],             # finance
    [0, 0, 0.15, 0.10, 0.30, 0.40, 0.05],       # company_employee
    [0.05, 0.45, 0.25, 0.20, 0.05, 0, 0],       # service_worker
    [0, 0.50, 0.30, 0.15, 0.05, 0, 0],          # courier
    [0.55, 0.40, 0.05, 0, 0, 0, 0],             # farmer
    [0.45, 0.30, 0.15, 0.03, 0.04, 0.03, 0],    # retiree
    [0.10, 0.40, 0.25, 0.10, 0.10, 0.05, 0],    # unemployed
    [0, 0.20, 0.25, 0.10, 0.20, 0.25, 0],       # freelancer
])
_MINOR_EDU = np.array([0, 0.15, 0.60, 0.25, 0, 0, 0])  # pupils: current school level
_OLD_EDU_FACTORS = np.array([3.0, 1.5, 1.0, 0.5, 0.3, 0.3, 0.2])  # schooling was shorter before 1960
# Frequent food-delivery (外卖) customers by occupation age band.
_DELIVERY_BY_BAND = np.array([0.45, 0.72, 0.68, 0.50, 0.22, 0.06])
_DELIVERY_OCC_FACTORS = {"ecommerce": 1.15, "company_employee": 1.15, "farmer": 0.5, "retiree": 0.6}

# Residents aged 16+ by age band (2020 census shape for 浙江), sampled uniformly inside a band.
AGE_BANDS: tuple[tuple[int, int], ...] = (
    (16, 17), (18, 22), (23, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, 85),
)
AGE_BAND_SHARES = np.array([0.025, 0.075, 0.135, 0.185, 0.18, 0.175, 0.13, 0.095])


def band_index(ages: np.ndarray, bands: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Return the band index of each age."""
    lows = np.array([lo for lo, _ in bands])
    return np.searchsorted(lows, ages, side="right") - 1


def draw_ages(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw ages (16–85) of adult residents."""
    band = rng.choice(len(AGE_BANDS), size=n, p=AGE_BAND_SHARES / AGE_BAND_SHARES.sum())
    lows = np.array([lo for lo, _ in AGE_BANDS])
    widths = np.array([hi - lo + 1 for lo, hi in AGE_BANDS])
    return (lows[band] + (rng.random(n) * widths[band]).astype(np.int64)).astype(np.int16)


def draw_occupations(rng: np.random.Generator, ages: np.ndarray, division_names: list[str],
                     divisions: np.ndarray) -> np.ndarray:
    """Draw each resident's occupation from their age band and division."""
    out = np.empty(len(ages), dtype=np.int8)
    bands = band_index(ages, OCC_AGE_BANDS)
    for d, name in enumerate(division_names):
        factors = np.ones(len(OCCUPATIONS))
        for code, f in _DIVISION_OCC_FACTORS.get(name, {}).items():
            factors[OCC[code]] = f
        in_division = divisions == d
        for b in range(len(OCC_AGE_BANDS)):
            rows = np.flatnonzero(in_division & (bands == b))
            out[rows] = _choice(rng, _OCC_BY_BAND[b] * factors, len(rows))
    return out


def _choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """Draw ``n`` category indexes with the given (unnormalised) weights."""
    cum = np.cumsum(weights)
    return np.searchsorted(cum / cum[-1], rng.random(n), side="right").clip(0, len(weights) - 1)


def draw_education(rng: np.random.Generator, ages: np.ndarray, occupations: np.ndarray) -> np.ndarray:
    """Draw the highest education reached from occupation (and age for pupils and the old)."""
    out = np.empty(len(ages), dtype=np.int8)
    minors, old = ages < 18, ages >= 70
    for occ in range(len(OCCUPATIONS)):
        is_occ = occupations == occ
        for mask, probs in ((is_occ & ~minors & ~old, _EDU_BY_OCC[occ]),
                            (is_occ & old, _EDU_BY_OCC[occ] * _OLD_EDU_FACTORS),
                            (is_occ & minors, _MINOR_EDU)):
            rows = np.flatnonzero(mask)
            if len(rows) and probs.sum() > 0:
                out[rows] = _choice(rng, probs, len(rows))
    return out


def draw_delivery(rng: np.random.Generator, ages: np.ndarray, occupations: np.ndarray) -> np.ndarray:
    """Draw the frequent food-delivery habit flag."""
    p = _DELIVERY_BY_BAND[band_index(ages, OCC_AGE_BANDS)]
    for code, f in _DELIVERY_OCC_FACTORS.items():
        p = np.where(occupations == OCC[code], p * f, p)
    return rng.random(len(ages)) < np.minimum(p, 0.95)


def draw_name_parts(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """Draw (surname, given1, given2) indexes; given2 = -1 for one-character given names."""
    n = len(male)
    parts = np.empty((n, 3), dtype=np.int16)
    parts[:, 0] = _choice(rng, SURNAME_WEIGHTS, n)
    pool_m = len(GIVEN_MALE) + len(GIVEN_SHARED)
    pool_f = len(GIVEN_FEMALE) + len(GIVEN_SHARED)
    for col in (1, 2):
        draw = rng.random(n)
        parts[:, col] = np.where(male, (draw * pool_m).astype(np.int16), (draw * pool_f).astype(np.int16))
    parts[rng.random(n) < 0.2, 2] = -1
    return parts


def _given_pool(male: bool) -> str:
    return (GIVEN_MALE if male else GIVEN_FEMALE) + GIVEN_SHARED


def compose_name(parts: np.ndarray, male: bool) -> str:
    """Return the Chinese full name for one (surname, given1, given2) row."""
    pool = _given_pool(male)
    name = SURNAMES[parts[0]] + pool[parts[1]]
    return name + pool[parts[2]] if parts[2] >= 0 else name


def compose_names(parts: np.ndarray, male: np.ndarray) -> list[str]:
    """Return full names for many rows."""
    pools = (_given_pool(False), _given_pool(True))
    out = []
    for (s, g1, g2), m in zip(parts.tolist(), male.tolist(), strict=True):
        pool = pools[m]
        out.append(SURNAMES[s] + pool[g1] + (pool[g2] if g2 >= 0 else ""))
    return out

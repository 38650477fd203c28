"""Calibration of the synthetic city: volumes, fraud-type mix, victim profile and response rates.

Every figure is per year at scale 1.0 (the whole of 金华); the simulator multiplies by ``scale``.
The fraud calibration is stated as the center's observed outcomes (reports, successful dissuasions)
and the engaged-target rate is derived from them, so changing one figure keeps the others true.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from antifraud.core.vocab import BANK_CODES, FRAUD_TYPES

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_START = datetime(2024, 1, 1, tzinfo=SHANGHAI)

BANKS: tuple[str, ...] = BANK_CODES
# Share of residents' main cards by bank; ABC and PSBC are strong in the rural counties.
BANK_SHARES: tuple[float, ...] = (0.20, 0.19, 0.10, 0.18, 0.07, 0.10, 0.16)

# The share of defrauded victims by fraud type (core.vocab's order) of defrauded victims; 刷单返利 is the largest.
FRAUD_TYPE_SHARES: tuple[float, ...] = (0.34, 0.10, 0.09, 0.10, 0.05, 0.06, 0.07, 0.05, 0.05, 0.03, 0.02, 0.04)

# Relative chance that a victim of each type is aged 18–30 before normalising to ``victim_young_share``.
YOUNG_SHARE_BY_TYPE: tuple[float, ...] = (0.78, 0.45, 0.72, 0.70, 0.50, 0.75, 0.75, 0.55, 0.92, 0.55, 0.70, 0.65)
# Median loss in yuan by type (lognormal); clipped to [LOSS_MIN_YUAN, LOSS_MAX_YUAN].
MEDIAN_LOSS_BY_TYPE: tuple[float, ...] = (
    12_000, 90_000, 5_000, 30_000, 110_000, 8_000, 2_500, 25_000, 3_000, 70_000, 20_000, 8_000,
)
LOSS_SIGMA = 1.25
LOSS_MIN_YUAN = 200
LOSS_MAX_YUAN = 1_000_000

# Age bands of victims outside 18–30: (low, high) inclusive, and weights by fraud type.
OLDER_BANDS: tuple[tuple[int, int], ...] = ((16, 17), (31, 40), (41, 50), (51, 60), (61, 80))
OLDER_WEIGHTS_BY_TYPE: dict[str, tuple[float, ...]] = {
    "impersonate_authority": (0.02, 0.25, 0.25, 0.25, 0.23),
    "fake_investment": (0.0, 0.30, 0.30, 0.25, 0.15),
    "romance": (0.0, 0.35, 0.35, 0.20, 0.10),
    "game_trading": (0.80, 0.15, 0.05, 0.0, 0.0),
    "impersonate_acquaintance": (0.02, 0.28, 0.28, 0.24, 0.18),
}
DEFAULT_OLDER_WEIGHTS: tuple[float, ...] = (0.05, 0.45, 0.28, 0.15, 0.07)


DENSE_SCALE = 0.0025
DENSE_DAYS = 14


@dataclass(frozen=True)
class PlantedCampaign:
    """A prevention campaign (宣传活动) with a true effect: from ``start_day`` of the window on, residents of
    ``district`` aged ``age_low`` … ``age_high`` whom a gang of ``fraud_type`` engages fall for it only with
    probability ``effect`` (0.6: 40 % fewer victims); the others see it for what it is and hang up."""

    district: str
    age_low: int
    age_high: int
    fraud_type: str
    start_day: int
    effect: float


@dataclass(frozen=True)
class SimulationConfig:
    """All tunable figures of the simulator (per year at scale 1.0 unless said otherwise)."""

    # City
    adult_share: float = 0.85  # residents aged 16+ who carry a phone and a bank card
    other_city_phone_share: float = 0.10
    merchants_per_citizen: float = 0.04
    historical_id_codes: bool = False  # resident IDs carry the division code in force in the birth year
    # Background volumes
    transfers_per_year: int = 12_000_000
    calls_per_year: int = 6_000_000
    sms_per_year: int = 4_000_000
    visits_per_year: int = 6_000_000
    false_signals_per_year: int = 120_000
    # Fraud outcomes the center observes
    reports_per_year: float = 14_000.0
    dissuasions_per_year: float = 6_600.0
    report_share: float = 0.62  # share of defrauded victims who report
    warning_coverage: float = 0.50  # share of engaged targets on whom a warning fires in time
    ignored_per_engaged: float = 8.0  # contacts that went nowhere per engaged target
    victim_young_share: float = 0.70
    victim_delivery_share: float = 0.55
    # Gangs
    gangs_at_scale_1: int = 120
    min_gangs: int = 4
    warmup_days: int = 90  # fraud runs this long before the window so reports arrive at a steady rate
    background: bool = True  # switch off to simulate fraud alone (tests)
    fraud: bool = True  # switch off to simulate ordinary life alone (benchmarks)
    lookalikes: bool = True  # innocents that look like fraud (antifraud.simulation.lookalikes)
    lookalike_rate: float = 1.0  # how many of them, relative to the calibrated city
    campaigns: tuple[PlantedCampaign, ...] = ()  # prevention campaigns with a true effect (ground truth)
    # Planted hot spots (antifraud.simulation.hotspots): gangs working one county and age band for weeks
    hotspots_per_month: float = 0.0
    hotspot_days: tuple[int, int] = (14, 35)
    hotspot_engaged_per_day: float = 2.5  # a gang's extra targets a day there, whatever the city's scale

    @property
    def defrauded_per_year(self) -> float:
        """Return the defrauded victims a year that yield ``reports_per_year`` reports."""
        return self.reports_per_year / self.report_share

    @property
    def engaged_per_year(self) -> float:
        """Return targets a year who engage with a fraudster (defrauded or dissuaded)."""
        return self.defrauded_per_year + self.dissuasions_per_year

    @property
    def dissuasion_success(self) -> float:
        """Return P(dissuaded | warning fired) that yields ``dissuasions_per_year``."""
        return self.dissuasions_per_year / (self.engaged_per_year * self.warning_coverage)

    @classmethod
    def dense(cls, factor: float = 60.0) -> SimulationConfig:
        """A small city under siege, for testing warnings: at ``DENSE_SCALE`` (about 15,000 residents)
        everyday traffic and look-alikes ``factor`` times the calibrated rate per resident, sixteen
        gangs, and fraud 250 times the calibrated rate: some 550 defrauded and 6,000 targets a fortnight."""
        return cls(transfers_per_year=int(12e6 * factor), calls_per_year=int(6e6 * factor),
                   sms_per_year=int(4e6 * factor), visits_per_year=int(6e6 * factor),
                   false_signals_per_year=int(120e3 * factor), reports_per_year=14_000.0 * 250,
                   dissuasions_per_year=6_600.0 * 250, min_gangs=16, lookalike_rate=factor)

    def as_dict(self) -> dict[str, object]:
        """Return the configuration as plain JSON-able values."""
        return asdict(self)


def expected_reports_per_day(scale: float, config: SimulationConfig | None = None) -> float:
    """Return the expected number of reports a day at steady state for ``scale``."""
    cfg = config or SimulationConfig()
    return cfg.reports_per_year * scale / 365.0


def young_share_by_type(config: SimulationConfig) -> dict[str, float]:
    """Return P(aged 18–30) per fraud type, normalised so the victim mixture equals the target share."""
    mixture = sum(s * y for s, y in zip(FRAUD_TYPE_SHARES, YOUNG_SHARE_BY_TYPE, strict=True))
    factor = config.victim_young_share / mixture
    return {t: min(0.99, y * factor) for t, y in zip(FRAUD_TYPES, YOUNG_SHARE_BY_TYPE, strict=True)}

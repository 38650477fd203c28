"""One Settings object for the whole platform, read once from the environment (prefix ANTIFRAUD_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "change-me-in-production"


def default_data_dir() -> Path:
    """The per-user directory holding the embedded SQLite database."""
    return Path(user_data_dir("antifraud", appauthor=False))


class Settings(BaseSettings):
    """Platform configuration; every field can be set as ANTIFRAUD_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="ANTIFRAUD_", env_file=".env", extra="ignore")

    database_url: str = ""
    data_dir: Path = default_data_dir()
    secret_key: str = DEFAULT_SECRET_KEY
    timezone: str = "Asia/Shanghai"
    city_code: str = "JH"
    home_province: str = "浙江"
    home_city: str = "金华"
    warning_threshold: float | None = None  # None: the shipped model's calibrated threshold
    outbox_max_attempts: int = 50
    # "" = in-process queue; "nats://127.0.0.1:4222" = consume signals from NATS JetStream
    signal_bus: str = ""
    token_ttl_hours: int = 12  # lifetime of an API token and of a browser session
    # Sign-in throttling: failures allowed before delays start (per account, per client address);
    # each further failure doubles the delay from 1 s up to the lockout window.
    login_free_failures: int = 5
    login_free_failures_per_address: int = 20
    login_lockout_max_minutes: int = 15
    require_totp_for_admins: bool = False  # administrators must give a one-time code to sign in
    # Proxies whose X-Forwarded-Proto/-For are believed ("" none, "*" any, else comma-separated IPs)
    trusted_proxies: str = ""
    sla_stop_payment_seconds: int = 60
    sla_freeze_seconds: int = 600
    sla_block_number_seconds: int = 300
    sla_statement_request_seconds: int = 3600  # a bank has an hour to send a card's statement (调单)
    # How long an answered stop-payment or freeze holds the money, so it is not asked for again meanwhile:
    # an emergency stop-payment (紧急止付) lasts 48 hours, a freeze (冻结) six months.
    stop_payment_valid_hours: int = 48
    freeze_valid_days: int = 180
    sla_block_inbound_seconds: int = 300  # an overseas number blocked at the international gateways
    default_language: str = "zh"
    # Case linking: an identifier in this many cases or more whose cases, linked by everything else, fall
    # into `link_hub_min_groups` groups none holding `link_hub_max_share` of them is a hub (analysts may
    # change the rule on /hubs).
    link_hub_min_cases: int = Field(6, ge=2, le=100_000)
    link_hub_min_groups: int = Field(4, ge=2, le=100_000)
    link_hub_max_share: float = Field(0.5, gt=0, le=1)
    # Cluster operations: the time a county has for its work package, from the operation's opening.
    operation_package_sla_hours: int = Field(72, ge=1, le=24 * 365)
    # Expert consultation (专家会诊): a case or cluster with this loss (yuan) or this many victims is major
    # (experts may change both on /experts); IPs in these networks (comma-separated CIDRs) are foreign.
    expert_major_loss: int = Field(1_000_000, ge=1)
    expert_major_victims: int = Field(10, ge=2)
    expert_foreign_networks: str = ""
    # Threads running sync API handlers at once; the database pool has a connection for each. Few: one
    # process runs Python on one core at a time, and 40 threads made each PostgreSQL round trip wait for
    # the interpreter (case→queue p99 15.4 s at 200 clients against 1.7 s with 8; benchmarks/README.md).
    worker_threads: int = Field(8, ge=1, le=200)
    # Argon2id cost (RFC 9106's second recommended setting by default); tests may lower it.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    def uses_default_secret_key(self) -> bool:
        """Whether the secret key is still the shipped placeholder."""
        return self.secret_key == DEFAULT_SECRET_KEY

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'antifraud.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()

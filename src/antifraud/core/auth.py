"""Roles, the acting principal, password hashing, API tokens and permission checks."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from antifraud.core.errors import Forbidden


class Role(StrEnum):
    """What a user does at the center."""

    ADMIN = "admin"
    COMMANDER = "commander"
    CALL_TAKER = "call_taker"
    ANALYST = "analyst"
    INTERVENTION = "intervention"
    EXPERT = "expert"
    BANK_LIAISON = "bank_liaison"
    CARRIER_LIAISON = "carrier_liaison"
    PLATFORM_LIAISON = "platform_liaison"  # a food-delivery platform's liaison (campaign work only)


class Permission(StrEnum):
    """Things a role may be allowed to do."""

    CASE_CREATE = "case.create"
    CASE_READ = "case.read"
    CASE_WORK = "case.work"                # add identifiers, notes, attachments and corrections to a case
    CASE_MANAGE = "case.manage"            # change a case's status, assign it to an investigator and bureau
    REQUEST_WORK = "request.work"          # partner: acknowledge / complete own org's requests
    REQUEST_READ_ALL = "request.read_all"  # police: see every request
    REQUEST_ROUTE = "request.route"        # route an unroutable identifier by hand
    STATS_READ = "stats.read"
    STATEMENT_IMPORT = "statement.import"  # bring bank statements (交易流水) in
    TRACE_RUN = "trace.run"                # trace a case's money and stop the reached cards
    SIGNAL_INGEST = "signal.ingest"        # send call/SMS/transfer/visit signals and partner warnings
    DESK_WORK = "desk.work"                # work warnings at the intervention desk
    DESK_READ = "desk.read"                # see warnings (commanders, analysts)
    DESK_ADMIN = "desk.admin"              # duty roster, peer centers
    AUDIT_READ = "audit.read"
    BIN_ADMIN = "bin.admin"                # import BIN tables, accept or reject learned BIN rows
    USER_ADMIN = "user.admin"
    MODEL_ADMIN = "model.admin"            # train, upload, compare, activate text models
    ANALYSIS_READ = "analysis.read"        # breakdowns and high-risk findings (研判)
    POPULATION_IMPORT = "population.import"  # the population denominators
    REPORT_MAKE = "report.make"            # make, list and download the periodic summaries (定期汇总)
    PREVENTION_MANAGE = "prevention.manage"  # edit the knowledge base, draft and submit campaigns (宣传防范)
    PREVENTION_APPROVE = "prevention.approve"  # approve or reject campaigns and send them to their partner
    CAMPAIGN_WORK = "campaign.work"        # carry out own organisation's campaign work and report delivery
    CLUSTER_READ = "cluster.read"          # see case clusters (串并案), their evidence and the hubs
    CLUSTER_WORK = "cluster.work"          # claim, confirm, split and merge clusters; edit the hubs
    OPERATION_READ = "operation.read"      # see cluster operations (集群作战) and their work packages
    OPERATION_RUN = "operation.run"        # open an operation, set its takedown time, take down, close
    PACKAGE_WORK = "package.work"          # assign officers to a work package, record its results
    EXPERT_READ = "expert.read"            # see the experts' queue (专家会诊) and their findings
    EXPERT_WORK = "expert.work"            # leave findings and recommendations; set the referral thresholds
    FLOW_IMPORT = "flow.import"            # bring call and SMS records (话单) and network logs in for the gang graph


POLICE_ROLES = frozenset(
    {Role.ADMIN, Role.COMMANDER, Role.CALL_TAKER, Role.ANALYST, Role.INTERVENTION, Role.EXPERT}
)
PARTNER_ROLES = frozenset({Role.BANK_LIAISON, Role.CARRIER_LIAISON, Role.PLATFORM_LIAISON})

_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission) - {_P.REQUEST_WORK, _P.DESK_WORK, _P.CAMPAIGN_WORK},
    Role.COMMANDER: frozenset({_P.CASE_READ, _P.CASE_WORK, _P.CASE_MANAGE, _P.REQUEST_READ_ALL, _P.REQUEST_ROUTE, _P.STATS_READ,
                               _P.AUDIT_READ, _P.TRACE_RUN, _P.DESK_READ, _P.DESK_ADMIN,
                               _P.ANALYSIS_READ, _P.REPORT_MAKE, _P.PREVENTION_MANAGE, _P.PREVENTION_APPROVE,
                               _P.CLUSTER_READ, _P.CLUSTER_WORK, _P.OPERATION_READ, _P.OPERATION_RUN,
                               _P.PACKAGE_WORK, _P.EXPERT_READ, _P.FLOW_IMPORT}),
    # Station staff hold the community talks and put the posters up, and report them.
    Role.CALL_TAKER: frozenset({_P.CASE_CREATE, _P.CASE_READ, _P.CASE_WORK, _P.REQUEST_READ_ALL, _P.REQUEST_ROUTE,
                                _P.STATS_READ, _P.STATEMENT_IMPORT, _P.TRACE_RUN, _P.CAMPAIGN_WORK,
                                _P.CLUSTER_READ, _P.OPERATION_READ}),
    Role.ANALYST: frozenset({_P.CASE_READ, _P.CASE_WORK, _P.CASE_MANAGE, _P.REQUEST_READ_ALL, _P.REQUEST_ROUTE,
                             _P.STATS_READ, _P.STATEMENT_IMPORT, _P.TRACE_RUN, _P.DESK_READ, _P.SIGNAL_INGEST,
                             _P.ANALYSIS_READ, _P.REPORT_MAKE, _P.PREVENTION_MANAGE, _P.CLUSTER_READ,
                             _P.CLUSTER_WORK, _P.OPERATION_READ, _P.PACKAGE_WORK, _P.EXPERT_READ,
                             _P.FLOW_IMPORT}),
    # The desk and the experts read a case with its requests, not the partners' queues (as in the UI).
    Role.INTERVENTION: frozenset({_P.CASE_CREATE, _P.CASE_READ, _P.STATS_READ, _P.DESK_WORK, _P.DESK_READ,
                                  _P.CAMPAIGN_WORK, _P.CLUSTER_READ}),
    Role.EXPERT: frozenset({_P.CASE_READ, _P.STATS_READ, _P.ANALYSIS_READ, _P.CLUSTER_READ, _P.OPERATION_READ,
                            _P.EXPERT_READ, _P.EXPERT_WORK}),
    Role.BANK_LIAISON: frozenset({_P.REQUEST_WORK, _P.STATEMENT_IMPORT, _P.SIGNAL_INGEST}),
    Role.CARRIER_LIAISON: frozenset({_P.REQUEST_WORK, _P.SIGNAL_INGEST, _P.CAMPAIGN_WORK}),
    Role.PLATFORM_LIAISON: frozenset({_P.CAMPAIGN_WORK}),
}


@dataclass(frozen=True)
class Principal:
    """Who is acting: the user, their role and their organisation."""

    user_id: int
    username: str
    role: Role
    org_id: int
    org_code: str
    org_kind: str

    def can(self, permission: Permission) -> bool:
        """Whether this principal's role grants the permission."""
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: Permission) -> None:
        """Raise Forbidden unless the role grants the permission."""
        if not self.can(permission):
            raise Forbidden(f"role '{self.role}' may not {permission.value}", code="error.forbidden")

    @property
    def is_partner(self) -> bool:
        """Bank, carrier or delivery-platform liaison: sees only its own organisation's work."""
        return self.role in PARTNER_ROLES


SYSTEM = Principal(user_id=0, username="system", role=Role.ADMIN, org_id=0, org_code="JH", org_kind="police")

@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _configured_hasher() -> PasswordHasher:
    from antifraud.settings import get_settings

    s = get_settings()
    return _hasher(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)


def hash_password(password: str) -> str:
    """Argon2id (memory-hard) hash of a password, with the configured cost."""
    return _configured_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash (whatever cost it was made with)."""
    try:
        return _configured_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A fresh random bearer token."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256, so a database leak leaks no tokens."""
    return hashlib.sha256(token.encode()).hexdigest()

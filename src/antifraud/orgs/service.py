"""Use cases for organisations, users, sign-in and tokens."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from antifraud.core import audit
from antifraud.core.auth import (
    SYSTEM,
    Principal,
    Role,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from antifraud.core.clock import now
from antifraud.core.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from antifraud.orgs.models import ApiToken, Organization, User
from antifraud.orgs.seed import county_code, seed_organizations
from antifraud.settings import get_settings

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")
PARTNER_ROLE_KIND = {Role.BANK_LIAISON: "bank", Role.CARRIER_LIAISON: "carrier"}


def seed_orgs(session: Session) -> int:
    """Create any missing seeded organisation; returns how many were added. Idempotent."""
    existing = {o.code: o for o in session.scalars(select(Organization))}
    added = 0
    for seed in seed_organizations():
        if seed.code in existing:
            continue
        parent = existing.get(seed.parent_code) if seed.parent_code else None
        org = Organization(code=seed.code, kind=seed.kind, level=seed.level, name_zh=seed.name_zh,
                           name_en=seed.name_en, parent=parent, division_code=seed.division_code)
        session.add(org)
        session.flush()
        existing[seed.code] = org
        added += 1
    return added


def org_by_code(session: Session, code: str) -> Organization:
    """The organisation with this code, or NotFound."""
    org = session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        raise NotFound(f"unknown organisation '{code}'", field="org")
    return org


def find_org(session: Session, code: str) -> Organization | None:
    """The organisation with this code, or None (looked up once per transaction)."""
    cache: dict[str, Organization | None] = session.info.setdefault("antifraud_orgs_by_code", {})
    if code not in cache:
        cache[code] = session.scalar(select(Organization).where(Organization.code == code))
    return cache[code]


def jurisdiction_for_division(session: Session, division_code: str | None) -> Organization:
    """The county bureau owning a home division, else the city center."""
    if division_code:
        org = find_org(session, county_code(division_code))
        if org is not None:
            return org
    return org_by_code(session, get_settings().city_code)


def county_scope(session: Session, principal: Principal) -> int | None:
    """The county bureau whose cases a police user reads, or None for the city center (reads all).

    A case belongs to the county of its jurisdiction (the victim's home district, set at intake);
    a county bureau's users and the users of its stations read that county's cases only.
    """
    org = session.get(Organization, principal.org_id) if principal.org_id else None
    if org is None or org.level == "city":
        return None
    if org.level == "station" and org.parent_id is not None:
        return org.parent_id
    return org.id


def list_orgs(session: Session, kind: str | None = None) -> list[Organization]:
    """Organisations, optionally of one kind, by code."""
    stmt = select(Organization).order_by(Organization.kind, Organization.code)
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    return list(session.scalars(stmt))


def create_user(session: Session, username: str, password: str, role: str, org_code: str,
                display_name: str = "", actor: Principal = SYSTEM) -> User:
    """Create a user with a hashed password; the role must fit the organisation's kind."""
    if not USERNAME_RE.match(username):
        raise ValidationFailed("3–64 letters, digits, '_', '.' or '-'", field="username")
    if len(password) < 8:
        raise ValidationFailed("at least 8 characters", field="password")
    try:
        role_enum = Role(role)
    except ValueError:
        raise ValidationFailed(f"unknown role; one of {', '.join(r.value for r in Role)}",
                               field="role") from None
    org = org_by_code(session, org_code)
    expected_kind = PARTNER_ROLE_KIND.get(role_enum, "police")
    if org.kind != expected_kind:
        raise ValidationFailed(f"role '{role}' needs a {expected_kind} organisation, "
                               f"'{org_code}' is a {org.kind}", field="org")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user '{username}' already exists", field="username")
    user = User(username=username, password_hash=hash_password(password), role=role_enum.value,
                org=org, display_name=display_name or username, active=True, created_at=now())
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id,
                 {"username": username, "role": role, "org": org_code})
    return user


def principal_of(user: User) -> Principal:
    """The acting principal for a user."""
    return Principal(user_id=user.id, username=user.username, role=Role(user.role), org_id=user.org_id,
                     org_code=user.org.code, org_kind=user.org.kind)


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials, or NotAuthenticated (same message either way)."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise NotAuthenticated("wrong username or password")
    return user


def issue_token(session: Session, username: str, password: str, channel: str = "api") -> str:
    """Sign in and return a new bearer token; the sign-in is audited."""
    user = authenticate(session, username, password)
    token = new_token()
    ttl = timedelta(hours=get_settings().token_ttl_hours)
    session.add(ApiToken(digest=token_digest(token), user_id=user.id, created_at=now(),
                         expires_at=now() + ttl))
    audit.record(session, principal_of(user), "user.login", "user", user.id, {"channel": channel})
    return token


def principal_for_token(session: Session, token: str) -> Principal:
    """The principal a bearer token stands for, or NotAuthenticated."""
    row = session.scalar(select(ApiToken).where(ApiToken.digest == token_digest(token)))
    if row is None or row.revoked or row.expires_at <= now():
        raise NotAuthenticated("invalid or expired token")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("invalid or expired token")
    return principal_of(user)


def revoke_token(session: Session, token: str) -> None:
    """Sign out: the token stops working."""
    row = session.scalar(select(ApiToken).where(ApiToken.digest == token_digest(token)))
    if row is not None and not row.revoked:
        row.revoked = True
        user = session.get(User, row.user_id)
        if user is not None:
            audit.record(session, principal_of(user), "user.logout", "user", user.id)

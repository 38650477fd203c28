"""Use cases for organisations, users, sign-in and tokens."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antifraud.core import audit
from antifraud.core.auth import (
    POLICE_ROLES,
    SYSTEM,
    Permission,
    Principal,
    Role,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from antifraud.core.clock import now
from antifraud.core.errors import Conflict, NotAuthenticated, NotFound, TooManyAttempts, ValidationFailed
from antifraud.orgs import throttle
from antifraud.orgs.models import ApiToken, Organization, PartnerEndpoint, User
from antifraud.orgs.schemas import OrgOut, PasswordResetOut, UserChange, UserIn, UserOut
from antifraud.orgs.seed import county_code, seed_organizations
from antifraud.settings import get_settings

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")
MAX_PASSWORD_LENGTH = 1024
# A carrier's liaisons work its domestic network's queue or its international gateway's (国际关口局).
PARTNER_ROLE_KINDS = {Role.BANK_LIAISON: ("bank",), Role.CARRIER_LIAISON: ("carrier", "gateway"),
                      Role.PLATFORM_LIAISON: ("delivery",)}


def do_seed_orgs(session: Session) -> int:
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
        raise NotFound(f"unknown organisation '{code}'", field="org", code="admin.unknown_org", params={"org": code})
    return org


def find_org(session: Session, code: str) -> Organization | None:
    """The organisation with this code, or None (looked up once per transaction)."""
    cache: dict[str, Organization | None] = session.info.setdefault("antifraud_orgs_by_code", {})
    if code not in cache:
        cache[code] = session.scalar(select(Organization).where(Organization.code == code))
    return cache[code]


def prefetch_orgs(session: Session, codes: Iterable[str], division_code: str | None = None) -> None:
    """Look up in one query what `find_org` and `jurisdiction_for_division` will be asked in this transaction:
    these codes, the county bureau of a home division and the city center."""
    cache: dict[str, Organization | None] = session.info.setdefault("antifraud_orgs_by_code", {})
    wanted = {*codes, get_settings().city_code, *([county_code(division_code)] if division_code else [])}
    wanted -= cache.keys()
    if wanted:
        found = {o.code: o for o in session.scalars(select(Organization).where(Organization.code.in_(wanted)))}
        cache.update({code: found.get(code) for code in wanted})


def jurisdiction_for_division(session: Session, division_code: str | None) -> Organization:
    """The county bureau owning a home division, else the city center."""
    if division_code:
        org = find_org(session, county_code(division_code))
        if org is not None:
            return org
    city = find_org(session, get_settings().city_code)
    return city if city is not None else org_by_code(session, get_settings().city_code)


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


def org_of(session: Session, org_id: int | None) -> Organization | None:
    """The organisation with this id, or None."""
    return session.get(Organization, org_id) if org_id else None


def org_codes(session: Session, org_ids: Iterable[int]) -> dict[int, str]:
    """The codes of these organisations, by id (one query)."""
    wanted = set(org_ids)
    if not wanted:
        return {}
    rows = session.execute(select(Organization.id, Organization.code).where(Organization.id.in_(wanted)))
    return {org_id: code for org_id, code in rows}


def user_stations(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    """The police station's code of each of these users who works at a station (one query)."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = session.execute(select(User.id, Organization.code).join(Organization, Organization.id == User.org_id)
                           .where(User.id.in_(wanted), Organization.level == "station"))
    return {user_id: code for user_id, code in rows}


def desk_org_id(session: Session, org_id: int) -> int:
    """The organisation whose intervention desk a member works: a station works its county's desk."""
    org = session.get(Organization, org_id)
    while org is not None and org.level == "station" and org.parent_id is not None:
        org = session.get(Organization, org.parent_id)
    return org.id if org is not None else org_id


def list_orgs(session: Session, kind: str | None = None) -> list[Organization]:
    """Organisations, optionally of one kind, by code."""
    stmt = select(Organization).order_by(Organization.kind, Organization.code)
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    return list(session.scalars(stmt))


def do_create_user(session: Session, username: str, password: str, role: str, org_code: str,
                display_name: str = "", actor: Principal = SYSTEM) -> User:
    """Create a user with a hashed password; the role must fit the organisation's kind."""
    if not USERNAME_RE.match(username):
        raise ValidationFailed("3–64 letters, digits, '_', '.' or '-'", field="username", code="admin.username_form")
    if len(password) < 8:
        raise ValidationFailed("at least 8 characters", field="password", code="admin.password_short")
    try:
        role_enum = Role(role)
    except ValueError:
        raise ValidationFailed(f"unknown role; one of {', '.join(r.value for r in Role)}",
                               field="role", code="admin.unknown_role") from None
    org = org_by_code(session, org_code)
    expected_kinds = PARTNER_ROLE_KINDS.get(role_enum, ("police",))
    if org.kind not in expected_kinds:
        raise ValidationFailed(f"role '{role}' needs a {' or '.join(expected_kinds)} organisation, "
                               f"'{org_code}' is a {org.kind}", field="org", code=f"admin.role_needs_{expected_kinds[0]}")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise Conflict(f"user '{username}' already exists", field="username", code="admin.user_exists")
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


class SignInRefused(NotAuthenticated):
    """A refused sign-in; `reason` is what the audit log and the login page name."""

    def __init__(self, message: str, reason: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.reason = reason


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash verified for unknown names, so they take as long as a known user's wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user with these credentials, or SignInRefused (same message and time either way)."""
    user = session.scalar(select(User).where(User.username == username)) if len(username) <= 64 else None
    # Over-long passwords are refused without hashing them (argon2 cost grows with length).
    given = password if len(password) <= MAX_PASSWORD_LENGTH else ""
    matches = verify_password(user.password_hash if user else _dummy_hash(), given) and bool(given)
    if user is None:
        raise SignInRefused("wrong username or password", "unknown_user")
    if not matches:
        raise SignInRefused("wrong username or password", "wrong_password")
    if not user.active:
        raise SignInRefused("wrong username or password", "inactive")
    return user


def _check_second_factor(user: User, otp: str, at: datetime) -> None:
    """Accept the user's current one-time code, or raise; admins may be required to have one."""
    if not user.totp_secret:
        if user.role == Role.ADMIN.value and get_settings().require_totp_for_admins:
            raise SignInRefused("administrators need a second factor: enrol with "
                                "`antifraud users totp-enable`", "otp_not_enrolled", field="otp")
        return
    if not otp.strip():
        raise SignInRefused("one-time code required", "otp_missing", field="otp")
    step = totp_step(user.totp_secret, otp.strip(), at)
    if step is None or step <= user.totp_last_step:
        raise SignInRefused("wrong or already used one-time code", "otp_wrong", field="otp")
    user.totp_last_step = step


def _refuse(session: Session, username: str, address: str, channel: str, reason: str,
            keys: tuple[throttle.ThrottleKey, ...], at: datetime) -> None:
    """Count and audit a refused sign-in in its own transaction, which commits though the caller's rolls back."""
    with Session(bind=session.get_bind(), expire_on_commit=False) as own:
        for key in keys:
            throttle.count_failure(own, key, at)
        audit.record_anonymous(own, username[:64] or "-", "user.login_failed", "user", username[:64] or "-",
                               {"address": address, "reason": reason, "channel": channel})
        own.commit()


def do_sign_in(session: Session, username: str, password: str, otp: str = "", address: str = "",
            channel: str = "api", at: datetime | None = None) -> tuple[str, Principal]:
    """Check the credentials (and one-time code) under throttling; a new token and who it is for.

    Refused attempts raise SignInRefused (401) or TooManyAttempts (429) and are audited with the
    name tried, the client address and the reason.
    """
    at = at or now()
    account, client = throttle.keys_for(username, address)
    account_wait = throttle.retry_after(session, (account,), at)
    wait = max(account_wait, throttle.retry_after(session, (client,), at))
    if wait:
        counted = (account, client) if account_wait else (client,)
        _refuse(session, username, address, channel, "throttled", counted, at)
        raise TooManyAttempts(f"too many failed sign-ins; try again in {wait} s", retry_after=wait)
    try:
        user = authenticate(session, username, password)
        _check_second_factor(user, otp, at)
    except SignInRefused as exc:
        _refuse(session, username, address, channel, exc.reason, (account, client), at)
        raise
    throttle.clear(session, account)
    token = new_token()
    ttl = timedelta(hours=get_settings().token_ttl_hours)
    session.add(ApiToken(digest=token_digest(token), user_id=user.id, created_at=at, expires_at=at + ttl,
                         channel=channel))
    principal = principal_of(user)
    audit.record(session, principal, "user.login", "user", user.id, {"channel": channel, "address": address})
    return token, principal


def do_issue_token(session: Session, username: str, password: str, channel: str = "api", otp: str = "",
                address: str = "") -> str:
    """Sign in and return a new bearer token (see do_sign_in)."""
    return do_sign_in(session, username, password, otp=otp, address=address, channel=channel)[0]


def principal_for_token(session: Session, token: str, channel: str = "api") -> Principal:
    """The principal a bearer token (or, with channel "ui", a browser session) stands for, or NotAuthenticated."""
    # One indexed query per call (token, user and organisation together): every API call pays it.
    found = session.execute(
        select(ApiToken.revoked, ApiToken.expires_at, ApiToken.channel, User.id, User.username, User.role,
               User.active, User.org_id, Organization.code, Organization.kind)
        .join(User, User.id == ApiToken.user_id).join(Organization, Organization.id == User.org_id)
        .where(ApiToken.digest == token_digest(token))).one_or_none()
    if found is None or found.revoked or found.expires_at <= now() or found.channel != channel or not found.active:
        raise NotAuthenticated("invalid or expired token")
    return Principal(user_id=found.id, username=found.username, role=Role(found.role), org_id=found.org_id,
                     org_code=found.code, org_kind=found.kind)


def do_revoke_token(session: Session, token: str, channel: str = "api") -> bool:
    """Sign out: the token (or browser session) stops working; False when it was not valid."""
    row = session.scalar(select(ApiToken).where(ApiToken.digest == token_digest(token)))
    if row is None or row.revoked or row.channel != channel:
        return False
    row.revoked = True
    user = session.get(User, row.user_id)
    if user is not None:
        audit.record(session, principal_of(user), "user.logout", "user", user.id, {"channel": channel})
    return True


def do_revoke_user_tokens(session: Session, username: str, actor: Principal = SYSTEM) -> int:
    """An administrator ends every token and browser session of a user; how many were live."""
    actor.require(Permission.USER_ADMIN)
    user = user_by_name(session, username)
    live = list(session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked.is_(False), ApiToken.expires_at > now())))
    for row in live:
        row.revoked = True
    audit.record(session, actor, "user.tokens_revoked", "user", user.id,
                 {"username": user.username, "count": len(live)})
    return len(live)


def user_by_name(session: Session, username: str) -> User:
    """The user with this name, or NotFound."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user '{username}'", field="username", code="admin.no_user")
    return user


def find_user(session: Session, username: str) -> User | None:
    """The user with this name, or None."""
    return session.scalar(select(User).where(User.username == username))


def usernames(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    """The names of these users, by id (one query)."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    return {user_id: name for user_id, name in
            session.execute(select(User.id, User.username).where(User.id.in_(wanted)))}


def totp_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step (of the previous, current or next 30 s) whose code this is, or None."""
    totp = pyotp.TOTP(secret)
    for drift in (-1, 0, 1):
        moment = at + timedelta(seconds=drift * totp.interval)
        if hmac.compare_digest(totp.at(moment), code):
            return int(totp.timecode(moment))
    return None


def do_enable_totp(session: Session, username: str, actor: Principal = SYSTEM) -> str:
    """Enrol a police user in a TOTP second factor; returns the provisioning URI for their app."""
    actor.require(Permission.USER_ADMIN)
    user = user_by_name(session, username)
    if Role(user.role) not in POLICE_ROLES:
        raise ValidationFailed("a second factor is for police roles", field="username")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = 0
    audit.record(session, actor, "user.totp_enable", "user", user.id, {"username": user.username})
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=f"Antifraud Center {get_settings().city_code}")


def do_disable_totp(session: Session, username: str, actor: Principal = SYSTEM) -> None:
    """Remove a user's second factor (e.g. a lost phone); audited."""
    actor.require(Permission.USER_ADMIN)
    user = user_by_name(session, username)
    user.totp_secret = None
    audit.record(session, actor, "user.totp_disable", "user", user.id, {"username": user.username})


# ---- administration of accounts (用户管理) --------------------------------------------------------

def _user_out(user: User, org_code: str) -> UserOut:
    return UserOut(username=user.username, display_name=user.display_name, role=user.role, org=org_code,
                   active=user.active, second_factor=user.totp_secret is not None, created_at=user.created_at)


def list_users(session: Session, principal: Principal, text: str | None = None, limit: int = 50,
               offset: int = 0) -> tuple[list[UserOut], int]:
    """One page of accounts by name (filtered by a part of the name or organisation code), and the total."""
    principal.require(Permission.USER_ADMIN)
    conditions = []
    if text and text.strip():
        like = f"%{text.strip()}%"
        conditions.append(User.username.like(like) | User.display_name.like(like) | Organization.code.like(like))
    base = select(User, Organization.code).join(Organization, Organization.id == User.org_id).where(*conditions)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = session.execute(base.order_by(User.username).limit(max(1, min(limit, 1000))).offset(max(0, offset)))
    return [_user_out(user, code) for user, code in rows.all()], int(total)


def do_open_account(session: Session, principal: Principal, data: UserIn) -> UserOut:
    """An administrator opens an account; audited as ``user.create``."""
    principal.require(Permission.USER_ADMIN)
    user = do_create_user(session, data.username, data.password, data.role, data.org,
                          display_name=data.display_name, actor=principal)
    return _user_out(user, user.org.code)


def _check_role_fits(role: str, org: Organization) -> Role:
    try:
        role_enum = Role(role)
    except ValueError:
        raise ValidationFailed(f"unknown role; one of {', '.join(r.value for r in Role)}", field="role",
                               code="admin.unknown_role") from None
    expected = PARTNER_ROLE_KINDS.get(role_enum, ("police",))
    if org.kind not in expected:
        raise ValidationFailed(f"role '{role}' needs a {' or '.join(expected)} organisation, '{org.code}' is a "
                               f"{org.kind}", field="org", code=f"admin.role_needs_{expected[0]}")
    return role_enum


def _end_sessions(session: Session, user: User) -> int:
    live = list(session.scalars(select(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked.is_(False), ApiToken.expires_at > now())))
    for row in live:
        row.revoked = True
    return len(live)


def do_change_user(session: Session, principal: Principal, username: str, change: UserChange) -> UserOut:
    """Change an account's role, organisation, name or whether it may sign in; audited.

    Disabling an account ends its sessions and tokens at once; an administrator cannot disable or
    demote their own account (so the platform always keeps one who can undo it).
    """
    principal.require(Permission.USER_ADMIN)
    user = user_by_name(session, username)
    org = org_by_code(session, change.org) if change.org else user.org
    role = _check_role_fits(change.role or user.role, org)
    own = user.id == principal.user_id
    if own and (change.active is False or role != Role.ADMIN):
        raise Conflict("an administrator cannot disable or demote their own account", field="username",
                       code="admin.not_yourself")
    before = {"role": user.role, "org": user.org.code, "active": user.active}
    user.role, user.org = role.value, org
    if change.display_name is not None:
        user.display_name = change.display_name or user.username
    ended = 0
    if change.active is not None and change.active != user.active:
        user.active = change.active
        ended = _end_sessions(session, user) if not change.active else 0
        audit.record(session, principal, "user.enable" if change.active else "user.disable", "user", user.id,
                     {"username": user.username, "sessions_ended": ended})
    after = {"role": user.role, "org": org.code}
    if after != {k: before[k] for k in after}:
        ended += _end_sessions(session, user)  # a session keeps no stale role or organisation
        audit.record(session, principal, "user.update", "user", user.id,
                     {"username": user.username, "role": f"{before['role']} → {user.role}",
                      "org": f"{before['org']} → {org.code}"})
    session.flush()
    return _user_out(user, org.code)


def do_reset_password(session: Session, principal: Principal, username: str,
                      password: str | None = None) -> PasswordResetOut:
    """Give an account a new password (made here when none is given) and end its sessions; audited."""
    principal.require(Permission.USER_ADMIN)
    user = user_by_name(session, username)
    new = password or secrets.token_urlsafe(12)
    if len(new) < 8:
        raise ValidationFailed("at least 8 characters", field="password", code="admin.password_short")
    user.password_hash = hash_password(new)
    ended = _end_sessions(session, user)
    audit.record(session, principal, "user.password_reset", "user", user.id,
                 {"username": user.username, "sessions_ended": ended, "chosen_by": "admin" if password else "platform"})
    return PasswordResetOut(username=user.username, password=new, revoked=ended)


def organisations(session: Session, principal: Principal) -> list[OrgOut]:
    """Every organisation with its parent and how many accounts it has, for administrators."""
    principal.require(Permission.USER_ADMIN)
    counts = {org_id: n for org_id, n in session.execute(select(User.org_id, func.count(User.id)).group_by(User.org_id))}
    orgs = list(session.scalars(select(Organization).order_by(Organization.kind.desc(), Organization.code)))
    codes = {o.id: o.code for o in orgs}
    return [OrgOut(code=o.code, kind=o.kind, level=o.level, name_zh=o.name_zh, name_en=o.name_en,
                   parent=codes.get(o.parent_id) if o.parent_id else None, users=int(counts.get(o.id, 0)))
            for o in orgs]


# ---------------------------------------------------------------- partners' delivery endpoints

PARTNER_KINDS = ("bank", "carrier", "gateway", "delivery")
MIN_ENDPOINT_TOKEN = 16


def do_set_partner_endpoint(session: Session, org_code: str, url: str, token: str,
                            actor: Principal = SYSTEM) -> PartnerEndpoint:
    """Give a partner organisation (or a police station) the URL its pushed work is POSTed to, and our token."""
    actor.require(Permission.DESK_ADMIN)
    org = find_org(session, org_code)
    if org is None:
        raise NotFound(f"no organisation '{org_code}'", field="org")
    if org.kind not in PARTNER_KINDS and org.level != "station":
        raise ValidationFailed(f"'{org.code}' is a {org.kind} {org.level}; only a partner organisation "
                               "or a police station takes pushed work", field="org")
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise ValidationFailed("must start with http:// or https://", field="url")
    token = token.strip()
    if len(token) < MIN_ENDPOINT_TOKEN:
        raise ValidationFailed(f"a token needs at least {MIN_ENDPOINT_TOKEN} characters", field="token")
    endpoint = session.scalar(select(PartnerEndpoint).where(PartnerEndpoint.org_id == org.id))
    if endpoint is None:
        endpoint = PartnerEndpoint(org_id=org.id, url=url, token=token, active=True, updated_by=actor.username,
                                   updated_at=now())
        session.add(endpoint)
    else:
        endpoint.url, endpoint.token, endpoint.active = url, token, True
        endpoint.updated_by, endpoint.updated_at = actor.username, now()
    session.flush()
    audit.record(session, actor, "partner.endpoint.set", "organization", org.code, {"url": url})
    return endpoint


def do_remove_partner_endpoint(session: Session, org_code: str, actor: Principal = SYSTEM) -> bool:
    """Stop pushing work to a partner (its queue page stays); returns whether it had an endpoint."""
    actor.require(Permission.DESK_ADMIN)
    org = find_org(session, org_code)
    if org is None:
        raise NotFound(f"no organisation '{org_code}'", field="org")
    endpoint = session.scalar(select(PartnerEndpoint).where(PartnerEndpoint.org_id == org.id,
                                                            PartnerEndpoint.active.is_(True)))
    if endpoint is None:
        return False
    endpoint.active, endpoint.updated_by, endpoint.updated_at = False, actor.username, now()
    audit.record(session, actor, "partner.endpoint.remove", "organization", org.code, {"url": endpoint.url})
    return True


def partner_endpoint(session: Session, org_code: str) -> tuple[str, str] | None:
    """(URL, token) where an organisation takes pushed work, or None when it has no active endpoint."""
    row = session.execute(select(PartnerEndpoint.url, PartnerEndpoint.token).join(
        Organization, Organization.id == PartnerEndpoint.org_id).where(
        Organization.code == org_code, PartnerEndpoint.active.is_(True))).first()
    return None if row is None else (row[0], row[1])

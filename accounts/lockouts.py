"""Login lock-out rules, read from django-axes' failed-login records.

Two rules, both over the failures of the last AXES_COOLOFF_TIME (15 minutes):

- an account from one address is locked after AXES_FAILURE_LIMIT (5) failures. Locking
  the pair, not the account, follows OWASP ASVS v5: an attacker guessing from elsewhere
  cannot lock the real editor out from the newsroom's own address;
- an address is locked for every account after DAYUAN_LOGIN_ADDRESS_FAILURE_LIMIT (50)
  failures, so one address cannot try five passwords on each of many accounts.

axes counts the pair itself (AXES_LOCKOUT_PARAMETERS) but has a single failure limit
for every parameter set, so the address rule is counted here, over the same rows
(accounts.handlers.LockoutHandler applies it). A lock ends when the failures that caused
it are older than the cool-off, or when an admin lifts it (the 登录锁定 screen, the
`unlock_logins` command).
"""

import dataclasses
import datetime
import math

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from axes.helpers import get_cool_off
from axes.models import AccessAttempt

from throttle.clients import client_address

from . import audit
from .models import LoginAttempt

ACCOUNT = "account"
ADDRESS = "address"


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the address `throttle` uses, in a form axes can store.

    An IPv6 client counts as its /64 (throttle.clients); axes' column holds an address,
    so the network is stored as its first address.
    """
    address = client_address(request.META)
    if address == "unknown":
        return None
    return address.partition("/")[0]


def cool_off():
    return get_cool_off() or datetime.timedelta(0)


def address_failure_limit():
    return settings.DAYUAN_LOGIN_ADDRESS_FAILURE_LIMIT


def account_failure_limit():
    return settings.AXES_FAILURE_LIMIT


def recent_attempts(now=None):
    """The failure rows that still count: their last failure is within the cool-off."""
    since = (now or timezone.now()) - cool_off()
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def address_failures(ip_address, now=None):
    if ip_address is None:
        return 0
    failures = recent_attempts(now).filter(ip_address=ip_address)
    return failures.aggregate(total=Sum("failures_since_start"))["total"] or 0


@dataclasses.dataclass(frozen=True)
class Lock:
    kind: str  # ACCOUNT: this username from this address; ADDRESS: every username from it
    username: str | None
    ip_address: str | None
    failures: int
    last_failure: datetime.datetime

    @property
    def unlocks_at(self):
        return self.last_failure + cool_off()

    @property
    def kind_label(self):
        return "账号(此地址)" if self.kind == ACCOUNT else "地址(所有账号)"


def current_locks(now=None, ip_address=None):
    """Every lock in force (on one address, if given), newest first."""
    recent = recent_attempts(now)
    if ip_address is not None:
        recent = recent.filter(ip_address=ip_address)
    accounts = (
        recent.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .filter(failures__gte=account_failure_limit())
    )
    addresses = (
        recent.exclude(ip_address=None)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .filter(failures__gte=address_failure_limit())
    )
    locks = [Lock(ACCOUNT, **row) for row in accounts]
    locks += [Lock(ADDRESS, username=None, **row) for row in addresses]
    return sorted(locks, key=lambda lock: lock.last_failure, reverse=True)


def locks_for(username, ip_address, now=None):
    """The locks refusing `username` from `ip_address`."""
    if ip_address is None:
        return []
    return [
        lock
        for lock in current_locks(now, ip_address)
        if lock.kind == ADDRESS or lock.username == username
    ]


def seconds_until_unlocked(username, ip_address):
    """How long the locks on this login last at most (for Retry-After); 0 if none."""
    now = timezone.now()
    locks = locks_for(username, ip_address, now)
    if not locks:
        return 0
    return max(1, math.ceil(max((lock.unlocks_at - now).total_seconds() for lock in locks)))


def unlock(*, username=None, ip_address=None, by=None):
    """Forget the failures of a username, an address or the pair; returns the rows removed.

    Each row removed is logged (解除登录锁定) with who lifted it: `by` is the admin, or
    None for the `unlock_logins` command.
    """
    if username is None and ip_address is None:
        raise ValueError("unlock() needs a username, an address or both")
    condition = Q()
    if username is not None:
        condition &= Q(username=username)
    if ip_address is not None:
        condition &= Q(ip_address=ip_address)
    return _forget(LoginAttempt.objects.filter(condition), by)


def unlock_all(by=None):
    return _forget(LoginAttempt.objects.all(), by)


@transaction.atomic
def _forget(attempts, by):
    attempts = list(attempts.select_for_update())
    for attempt in attempts:
        audit.log_unlock(attempt, by)
    LoginAttempt.objects.filter(pk__in=[attempt.pk for attempt in attempts]).delete()
    return len(attempts)


def failure_summary(now=None):
    """(pairs with failures, failures) still counting: the screen's one-line overview."""
    totals = recent_attempts(now).aggregate(rows=Count("pk"), failures=Sum("failures_since_start"))
    return totals["rows"], totals["failures"] or 0

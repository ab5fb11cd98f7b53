"""Logins in Wagtail's log: every success, failure, lock and unlock, with the address.

A success is logged against the user; a failure, a lock and an unlock against axes'
record of the failures (accounts.models.LoginAttempt), which exists whether or not the
username names an account. Superusers see them all in the site history report (站点历史);
the content type of the failure records is visible to whoever holds the unlock permission.
"""

import logging

from wagtail.log_actions import LogFormatter, log

# The same events in the process's log too: production writes it as JSON lines to journald
# beside the request log (docs/deployment.md).
security_logger = logging.getLogger("dayuan.security")

LOGIN = "accounts.login"
LOGIN_FAILED = "accounts.login_failed"
LOCKED = "accounts.locked"
UNLOCKED = "accounts.unlocked"

RULE_LABELS = {"account": "该账号在此地址", "address": "此地址的所有账号"}


class LoginFormatter(LogFormatter):
    label = "登录成功"

    def format_message(self, log_entry):
        return f"从 {log_entry.data.get('address') or '未知地址'} 登录后台"


class LoginFailedFormatter(LogFormatter):
    label = "登录失败"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"用户名“{data.get('username') or ''}”从 {data.get('address') or '未知地址'} "
            f"登录失败(锁定计数中的第 {data.get('failures', '?')} 次)"
        )


class LockedFormatter(LogFormatter):
    label = "登录被锁定"

    def format_message(self, log_entry):
        data = log_entry.data
        rule = RULE_LABELS.get(data.get("rule"), "")
        return f"{rule}已锁定:{data.get('failures', '?')} 次失败"


class UnlockedFormatter(LogFormatter):
    label = "解除登录锁定"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"解除“{data.get('username') or ''}”在 {data.get('address') or '未知地址'} 的失败记录"
        )


LOG_FORMATTERS = {
    LOGIN: LoginFormatter,
    LOGIN_FAILED: LoginFailedFormatter,
    LOCKED: LockedFormatter,
    UNLOCKED: UnlockedFormatter,
}


def _attempt_data(attempt, **extra):
    return {"username": attempt.username, "address": attempt.ip_address, **extra}


def _security_event(level, action, message, username, address, **extra):
    security_logger.log(
        level,
        f"{message}:%s,来自 %s",
        username,
        address or "未知地址",
        extra={"event": action, "username": username, "client": address, **extra},
    )


def log_login(user, address):
    log(instance=user, action=LOGIN, user=user, data={"address": address})
    _security_event(logging.INFO, LOGIN, "登录成功", user.get_username(), address)


def log_failure(attempt, failures):
    log(instance=attempt, action=LOGIN_FAILED, data=_attempt_data(attempt, failures=failures))
    _security_event(
        logging.WARNING,
        LOGIN_FAILED,
        "登录失败",
        attempt.username,
        attempt.ip_address,
        failures=failures,
    )


def log_lock(attempt, rule, failures):
    log(instance=attempt, action=LOCKED, data=_attempt_data(attempt, rule=rule, failures=failures))
    _security_event(
        logging.WARNING,
        LOCKED,
        "登录被锁定",
        attempt.username,
        attempt.ip_address,
        rule=rule,
        failures=failures,
    )


def log_unlock(attempt, by):
    log(instance=attempt, action=UNLOCKED, user=by, data=_attempt_data(attempt))
    _security_event(
        logging.INFO,
        UNLOCKED,
        "解除登录锁定",
        attempt.username,
        attempt.ip_address,
        by=by.get_username() if by is not None else "unlock_logins",
    )

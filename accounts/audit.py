"""Logins in Wagtail's log: every success, failure, lock and unlock, with the address.

A success is logged against the user; a failure, a lock and an unlock against axes'
record of the failures (accounts.models.LoginAttempt), which exists whether or not the
username names an account. Superusers see them all in the site history report (站点历史);
the content type of the failure records is visible to whoever holds the unlock permission.
"""

from wagtail.log_actions import LogFormatter, log

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


def log_login(user, address):
    log(instance=user, action=LOGIN, user=user, data={"address": address})


def log_failure(attempt, failures):
    log(instance=attempt, action=LOGIN_FAILED, data=_attempt_data(attempt, failures=failures))


def log_lock(attempt, rule, failures):
    log(instance=attempt, action=LOCKED, data=_attempt_data(attempt, rule=rule, failures=failures))


def log_unlock(attempt, by):
    log(instance=attempt, action=UNLOCKED, user=by, data=_attempt_data(attempt))

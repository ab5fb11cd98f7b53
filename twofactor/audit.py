"""What the second factor records in Wagtail's log (报告 → 网站历史, and each user's 历史)."""

import logging

from wagtail.log_actions import log

from .private_apis import concrete_user

ENROL = "twofactor.enrol"
DISABLE = "twofactor.disable"
RESET = "twofactor.reset"
VERIFY_FAILED = "twofactor.verify_failed"
RECOVERY_CODE_USED = "twofactor.recovery_code_used"
NEW_RECOVERY_CODES = "twofactor.new_recovery_codes"

# (action, label, message) for the register_log_actions hook.
LOG_ACTIONS = [
    (ENROL, "启用两步验证", "绑定了身份验证器,启用两步验证"),
    (DISABLE, "停用两步验证", "本人停用了两步验证"),
    (RESET, "重置两步验证", "管理员重置了两步验证(删除身份验证器和恢复码)"),
    (VERIFY_FAILED, "两步验证失败", "两步验证时输入了错误的验证码"),
    (RECOVERY_CODE_USED, "使用恢复码登录", "用一次性恢复码通过了两步验证"),
    (NEW_RECOVERY_CODES, "重新生成恢复码", "重新生成了恢复码,旧恢复码作废"),
]


# The same events in the process's log too, beside the request log (docs/deployment.md).
security_logger = logging.getLogger("dayuan.security")
_LABELS = {action: label for action, label, _message in LOG_ACTIONS}


def record(action, account, by):
    """Log `action` on the user `account`, done by the user `by`."""
    log(instance=concrete_user(account), action=action, user=concrete_user(by))
    username = account.get_username()
    security_logger.log(
        logging.WARNING if action == VERIFY_FAILED else logging.INFO,
        "%s:%s",
        _LABELS.get(action, action),
        username,
        extra={
            "event": action,
            "username": username,
            "by": by.get_username() if by is not None else "",
        },
    )

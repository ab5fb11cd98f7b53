"""The admin's view of django-axes' failed-login records, with a permission of its own.

axes keeps one row per username, address and browser (`AccessAttempt`); this proxy adds
no table. It gives those rows a Chinese name in the site history report, where failed
logins and locks are logged against them, and carries the permission to unlock, which
a superuser can grant to a group in the admin's group editor.
"""

from axes.models import AccessAttempt


class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        default_permissions = ()
        permissions = [("unlock_login", "可以查看并解除登录锁定")]

    def __str__(self):
        return f"{self.username or '(空用户名)'} @ {self.ip_address or '未知地址'}"

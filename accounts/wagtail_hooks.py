"""Accounts in the Wagtail admin: the lock-out screen, its permission, the login log labels."""

from django.contrib.auth.models import Permission
from django.urls import path

from wagtail import hooks

from . import audit, lockout_admin


@hooks.register("register_admin_urls")
def lockout_admin_urls():
    return [
        path(
            "accounts/lockouts/", lockout_admin.LockoutIndexView.as_view(), name="accounts_lockouts"
        ),
        path("accounts/lockouts/unlock/", lockout_admin.unlock_view, name="accounts_unlock"),
    ]


hooks.register("register_settings_menu_item", lockout_admin.menu_item)


@hooks.register("register_permissions")
def unlock_permission():
    # Offered in the group editor, so a group (e.g. 主编) can be allowed to lift locks.
    return Permission.objects.filter(content_type__app_label="accounts", codename="unlock_login")


@hooks.register("register_log_actions")
def login_log_actions(actions):
    for action, formatter in audit.LOG_FORMATTERS.items():
        actions.register_action(action)(formatter)

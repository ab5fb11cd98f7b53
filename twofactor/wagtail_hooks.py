"""Two-factor sign-in in the Wagtail admin: its pages, the 帐号 panel, the superuser's
overview under 设置, and its entries in Wagtail's log."""

from django import forms
from django.urls import path

from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel

from . import audit, devices, policy, user_admin, views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", views.ManageView.as_view(), name="twofactor_manage"),
        path("two-factor/verify/", views.verify, name="twofactor_verify"),
        path("two-factor/enrol/", views.enrol, name="twofactor_enrol"),
        path(
            "two-factor/recovery-codes/",
            views.RecoveryCodesView.as_view(),
            name="twofactor_recovery_codes",
        ),
        path(
            "two-factor/recovery-codes/new/",
            views.new_recovery_codes,
            name="twofactor_new_recovery_codes",
        ),
        path("two-factor/users/", user_admin.UsersView.as_view(), name="twofactor_users"),
        path(
            "two-factor/users/<int:user_id>/reset/",
            user_admin.ResetView.as_view(),
            name="twofactor_reset",
        ),
    ]


class TwoFactorPanel(BaseSettingsPanel):
    """帐号 → 个人资料 shows whether two-factor sign-in is on, with a link to manage it.

    Only links: the panel sits inside the account page's own form.
    """

    name = "twofactor"
    title = "两步验证"
    order = 550
    template_name = "twofactor/account_panel.html"
    form_class = forms.Form

    def get_form(self):
        return forms.Form(prefix=self.name)  # never bound: nothing to save here

    def get_context_data(self):
        return {
            "enrolled": devices.authenticator(self.user) is not None,
            "required": policy.is_required(self.user),
        }


@hooks.register("register_account_settings_panel")
def two_factor_panel(request, user, profile):
    return TwoFactorPanel(request, user, profile)


hooks.register("register_settings_menu_item", user_admin.menu_item)


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    for action, label, message in audit.LOG_ACTIONS:
        actions.register_action(action, label, message)

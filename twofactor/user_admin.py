"""设置 → 两步验证: superusers see who must and who does use a second factor, and reset
a user's devices when a phone is lost (the user enrols again at the next sign-in)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import audit, devices, policy

USERS_PER_PAGE = 50


def can_reset(user):
    return user.is_superuser


def account_label(user):
    name = user.get_full_name()
    return f"{name}({user.get_username()})" if name else user.get_username()


class SuperuserOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_reset(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UsersView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "twofactor/users.html"
    page_title = "两步验证"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = WagtailPaginator(policy.users_with_two_factor_status(), USERS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        context["page_obj"] = page
        context["elided_page_range"] = paginator.get_elided_page_range(page.number)
        context["all_staff"] = settings.DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF
        return context


class ResetView(SuperuserOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks for confirmation; POST deletes the user's authenticator and recovery codes."""

    template_name = "twofactor/confirm_reset.html"
    page_title = "重置两步验证"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("twofactor_users"), "label": "两步验证"},
            {"url": "", "label": self.page_title},
        ]

    def get_account(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.get_account()
        context.update(
            account=account,
            account_label=account_label(account),
            enrolled=policy.is_enrolled(account),
            recovery_codes_left=devices.recovery_codes_left(account),
        )
        return context

    def post(self, request, user_id):
        account = self.get_account()
        if devices.remove_all(account):
            audit.record(audit.RESET, account, by=request.user)
            messages.success(
                request,
                f"已重置 {account_label(account)} 的两步验证。"
                "此人已登录的会话需要重新验证,下次登录时须重新绑定身份验证器。",
            )
        else:
            messages.warning(request, f"{account_label(account)} 没有启用两步验证,无需重置。")
        return redirect("twofactor_users")


class TwoFactorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_reset(request.user)


def menu_item():
    return TwoFactorMenuItem(
        "两步验证", reverse("twofactor_users"), name="twofactor-users", icon_name="key", order=560
    )

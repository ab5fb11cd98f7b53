"""设置 → 登录锁定: the logins locked now, and lifting a lock."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import lockouts
from .permissions import can_unlock


class LockoutIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/lockouts.html"
    page_title = "登录锁定"
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not can_unlock(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairs, failures = lockouts.failure_summary()
        context.update(
            locks=lockouts.current_locks(),
            counting_pairs=pairs,
            counting_failures=failures,
            account_limit=lockouts.account_failure_limit(),
            address_limit=lockouts.address_failure_limit(),
            cool_off_minutes=int(lockouts.cool_off().total_seconds() // 60),
        )
        return context


class UnlockForm(forms.Form):
    """One lock from the list: an address, and the username for an account lock."""

    ip_address = forms.GenericIPAddressField()
    username = forms.CharField(max_length=255, required=False, strip=False)


@require_POST
def unlock_view(request):
    if not can_unlock(request.user):
        raise PermissionDenied
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, "解锁请求无效:请从列表中选择要解除的锁定。")
        return redirect("accounts_lockouts")
    address = form.cleaned_data["ip_address"]
    username = form.cleaned_data["username"] or None
    removed = lockouts.unlock(username=username, ip_address=address, by=request.user)
    if not removed:
        messages.warning(request, "没有找到这条锁定,它可能已经到期。")
    elif username is None:
        messages.success(request, f"已解除地址 {address} 的锁定,并清除了它的失败记录。")
    else:
        messages.success(request, f"已解除账号“{username}”在 {address} 的锁定。")
    return redirect("accounts_lockouts")


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return can_unlock(request.user)


def menu_item():
    return LockoutMenuItem(
        "登录锁定", reverse("accounts_lockouts"), name="login-lockouts", icon_name="lock", order=620
    )

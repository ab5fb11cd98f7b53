"""The second step of signing in, and each user's own 两步验证 page.

Verification and first enrolment look like the admin's sign-in page (the user is not
in the admin yet); re-enrolment, recovery codes and the user's own page sit inside the
admin. All of them are admin URLs: Wagtail requires admin access and sends no cache
headers that would let a proxy keep them.
"""

from urllib.parse import urlencode

from django.middleware.csrf import rotate_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice

from . import audit, devices, policy
from .forms import AuthenticatorCodeForm, CodeForm

# New recovery codes wait here for the one page that shows them, then are gone.
RECOVERY_CODES_SESSION_KEY = "twofactor_new_recovery_codes"


def safe_next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def complete_sign_in(request, device):
    """Mark this session verified by `device`, under a new session key and CSRF token."""
    django_otp.login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def verify(request):
    user = request.user
    next_url = safe_next_url(request)
    if not policy.needs_second_step(user):
        return redirect(next_url)
    if not policy.is_enrolled(user):
        return redirect(with_next("twofactor_enrol", next_url))
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        try:
            device = devices.verify(user, form.cleaned_data["code"])
        except devices.CodeRejected as rejected:
            form.add_error("code", rejected.message)
            status = rejected.status
        else:
            complete_sign_in(request, device)
            if isinstance(device, StaticDevice):
                audit.record(audit.RECOVERY_CODE_USED, user, by=user)
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"您用恢复码登录了,还剩 {left} 个恢复码。"
                    "如果手机丢了,请在“帐号 → 两步验证”重新绑定。",
                )
            return redirect(next_url)
    elif form.is_bound:
        status = 400
    return TemplateResponse(
        request,
        "twofactor/sign_in/verify.html",
        {"form": form, "next": next_url, "title": "两步验证"},
        status=status,
    )


def enrol(request):
    """Scan, confirm with a code, then see the recovery codes once.

    Someone who already has a device must verify with it first: otherwise a stolen
    password would be enough to replace the owner's phone with another.
    """
    user = request.user
    next_url = safe_next_url(request)
    verified = user.is_verified()
    if not verified and policy.is_enrolled(user):
        return redirect(with_next("twofactor_verify", next_url))
    device = devices.pending_authenticator(user)
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        try:
            device, codes = devices.confirm_authenticator(user, device, form.cleaned_data["code"])
        except devices.CodeRejected as rejected:
            form.add_error("code", rejected.message)
            status = rejected.status
        else:
            complete_sign_in(request, device)
            audit.record(audit.ENROL, user, by=user)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, "两步验证已启用。")
            return redirect(with_next("twofactor_recovery_codes", next_url))
    elif form.is_bound:
        status = 400
    context = {
        "form": form,
        "next": next_url,
        "qr_code": devices.qr_code_data_uri(device),
        "secret": devices.secret_for_typing(device),
        "replacing": verified,
        "required": policy.is_required(user),
        # The sign-in layout shows `title`; the admin layout its page header.
        "title": "启用两步验证",
        "page_title": "绑定身份验证器",
        "header_title": "绑定身份验证器",
        "header_icon": "key",
    }
    # Still signing in: the sign-in layout; enrolling of one's own accord: inside the admin.
    signing_in = policy.needs_second_step(user)
    template = "twofactor/sign_in/enrol.html" if signing_in else "twofactor/enrol.html"
    return TemplateResponse(request, template, context, status=status)


class RecoveryCodesView(WagtailAdminTemplateMixin, TemplateView):
    """Shows newly made recovery codes exactly once."""

    template_name = "twofactor/recovery_codes.html"
    page_title = "恢复码"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("twofactor_manage"), "label": "两步验证"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        codes = self.request.session.pop(RECOVERY_CODES_SESSION_KEY, None) or []
        context["codes"] = [devices.display_code(code) for code in codes]
        context["next"] = safe_next_url(self.request)
        return context


class ManageView(WagtailAdminTemplateMixin, TemplateView):
    """帐号 → 两步验证: the user's own status, re-enrolment, new codes, switching off.

    Switching off (POST) takes a current code: a borrowed, still-open session is not
    enough to remove the owner's second factor.
    """

    template_name = "twofactor/manage.html"
    page_title = "两步验证"
    header_icon = "key"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_account"), "label": "帐号"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            authenticator=devices.authenticator(user),
            recovery_codes_left=devices.recovery_codes_left(user),
            required=policy.is_required(user),
            disable_form=kwargs.get("disable_form") or CodeForm(prefix="disable"),
        )
        return context

    def post(self, request):
        user = request.user
        if not user.is_verified():
            return redirect(with_next("twofactor_verify", reverse("twofactor_manage")))
        form = CodeForm(request.POST, prefix="disable")
        status = 400
        if form.is_valid():
            try:
                devices.verify(user, form.cleaned_data["code"])
            except devices.CodeRejected as rejected:
                form.add_error("code", rejected.message)
                status = rejected.status
            else:
                devices.remove_all(user)
                audit.record(audit.DISABLE, user, by=user)
                if policy.is_required(user):
                    messages.warning(
                        request, "已删除原来的身份验证器。您的帐号必须使用两步验证,请重新绑定。"
                    )
                    return redirect("twofactor_enrol")
                messages.success(request, "两步验证已停用。")
                return redirect("twofactor_manage")
        return self.render_to_response(self.get_context_data(disable_form=form), status=status)


@require_POST
def new_recovery_codes(request):
    user = request.user
    if not user.is_verified():
        return redirect(with_next("twofactor_verify", reverse("twofactor_manage")))
    request.session[RECOVERY_CODES_SESSION_KEY] = devices.replace_recovery_codes(user)
    audit.record(audit.NEW_RECOVERY_CODES, user, by=user)
    messages.success(request, "已生成新的恢复码,旧的恢复码全部作废。")
    return redirect("twofactor_recovery_codes")

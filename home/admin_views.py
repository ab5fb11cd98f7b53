"""Mourning mode in one click (全站变灰): a dashboard panel for 主编 and superusers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.admin.ui.components import Component
from wagtail.models import Site

from newsroom.roles import CHIEF_EDITOR

from .models import SiteSettings


def may_switch_mourning(user):
    return user.is_superuser or user.groups.filter(name=CHIEF_EDITOR).exists()


def _settings_for(request):
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    # From the database, not the cached copy: this one is saved.
    return SiteSettings.objects.get_or_create(site=site)[0]


@require_POST
def switch_mourning(request):
    if not may_switch_mourning(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    if action not in ("on", "off"):
        return HttpResponseBadRequest("未知的操作。")
    settings = _settings_for(request)
    now = timezone.now()
    if action == "on" and not settings.mourning_active(now):
        settings.mourning_start = now
        if settings.mourning_end is not None and settings.mourning_end <= now:
            settings.mourning_end = None
        message = "全站变灰已开启,缓存已清除。"
    elif action == "off" and settings.mourning_active(now):
        settings.mourning_end = now
        message = "全站变灰已关闭,缓存已清除。"
    else:
        messages.info(request, "全站变灰已经是这个状态,没有改动。")
        return redirect(reverse("wagtailadmin_home"))
    # Saving purges at once (home/signal_handlers.py), without waiting for the worker.
    settings.save(update_fields=["mourning_start", "mourning_end"])
    messages.success(request, message)
    return redirect(reverse("wagtailadmin_home"))


class MourningPanel(Component):
    name = "home_mourning"
    template_name = "home/dashboard/mourning.html"
    order = 30

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        settings = _settings_for(self.request)
        now = timezone.now()
        return {
            "settings": settings,
            "active": settings.mourning_active(now),
            "scheduled": bool(settings.mourning_start and settings.mourning_start > now),
            "csrf_token": get_token(self.request),
            "action_url": reverse("home_mourning"),
        }


def dashboard_panels(request, panels):
    if may_switch_mourning(request.user):
        panels.append(MourningPanel(request))

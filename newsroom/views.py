"""Admin endpoints of the newsroom (under /admin/newsroom/, behind the admin login)."""

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from throttle.clients import client_hash
from throttle.limits import take

from .suggestions import MAX_SUGGESTION_TEXT, suggest_tags

# (requests, seconds) per user, and per address for a whole newsroom behind one NAT; a
# click on 按当前内容重新提取 is one request. DAYUAN_TAG_SUGGESTION_LIMITS overrides them.
TAG_SUGGESTION_LIMITS = {"user": (10, 60), "address": (60, 60)}


class TagSuggestionForm(forms.Form):
    """What the article editor sends: its text, its tags, and the page or the new page's parent."""

    # Page ids are 32-bit: a larger number would be a database error, not a missing page.
    page = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    parent = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    title = forms.CharField(required=False)
    summary = forms.CharField(required=False)
    text = forms.CharField(required=False)
    existing = forms.CharField(required=False)

    def text_to_analyse(self):
        # A browser sends each line break as CRLF: count it as the one character it is.
        parts = (self.cleaned_data[name] for name in ("title", "summary", "text"))
        return "\n".join(part for part in parts if part).replace("\r\n", "\n")

    def existing_tags(self):
        names = (name.strip() for name in self.cleaned_data["existing"].split(","))
        return [name for name in names if name]


def may_suggest_for(user, page_id, parent_id):
    """Suggestions cost CPU: only for someone who may edit the page, or add it under its parent."""
    if page_id:
        page = Page.objects.filter(pk=page_id).first()
        return page is not None and page.permissions_for_user(user).can_edit()
    if parent_id:
        parent = Page.objects.filter(pk=parent_id).first()
        return parent is not None and parent.permissions_for_user(user).can_add_subpage()
    return page_permission_policy.user_has_any_permission(user, {"add", "change"})


def error(message, status, **headers):
    return JsonResponse({"error": message}, status=status, headers=headers)


@require_POST
def tag_suggestions(request):
    """Keywords for the text an editor is writing: {"tags": [...]}, or {"error": "..."}."""
    form = TagSuggestionForm(request.POST)
    if not form.is_valid():
        return error("请求参数无效。", 400)
    page_id, parent_id = form.cleaned_data["page"], form.cleaned_data["parent"]
    if not may_suggest_for(request.user, page_id, parent_id):
        return error("你没有编辑这篇稿件的权限,不能提取标签建议。", 403)
    text = form.text_to_analyse()
    if len(text) > MAX_SUGGESTION_TEXT:
        return error(
            f"内容过长:标签建议最多分析 {MAX_SUGGESTION_TEXT} 个字符,本次提交了 {len(text)} 个。",
            413,
        )
    clients = {"user": str(request.user.pk), "address": client_hash(request.META)}
    limits = getattr(settings, "DAYUAN_TAG_SUGGESTION_LIMITS", TAG_SUGGESTION_LIMITS)
    wait = max(
        take(f"tag-suggestions:{who}", clients[who], limit, window)
        for who, (limit, window) in limits.items()
    )
    if wait:
        return error(f"提取过于频繁,请 {wait} 秒后再试。", 429, **{"Retry-After": str(wait)})
    return JsonResponse({"tags": suggest_tags(text, exclude=form.existing_tags())})

"""The queue's row buttons (通过, 不通过, 回复) and the admin views behind them."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.widgets import Button

from . import moderation
from .models import Comment
from .permissions import can_moderate


def action_url(name, comment, next_url):
    return f"{reverse(name, args=[quote(comment.pk)])}?next={next_url}"


def listing_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Comment) or not can_moderate(user):
        return []
    buttons = []
    for status, name, label, icon, priority in [
        (Comment.Status.APPROVED, "comments_approve", "通过", "check", 5),
        (Comment.Status.REJECTED, "comments_reject", "不通过", "cross", 6),
    ]:
        if snippet.status != status:
            buttons.append(
                Button(
                    label,
                    icon_name=icon,
                    priority=priority,
                    attrs={
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                        "data-w-action-url-value": action_url(name, snippet, next_url or ""),
                    },
                )
            )
    buttons.append(
        Button(
            "回复",
            url=reverse(Comment.snippet_viewset.get_url_name("edit"), args=[quote(snippet.pk)]),
            icon_name="comment",
            priority=7,
        )
    )
    return buttons


def _moderate_one(request, pk, apply, message):
    if not can_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    apply([comment], request.user)
    messages.success(request, message.format(comment=comment))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse(Comment.snippet_viewset.get_url_name("list"))
    return redirect(next_url)


@require_POST
def approve_view(request, pk):
    return _moderate_one(
        request, pk, moderation.approve, "评论“{comment}”已通过,读者现在可以看到。"
    )


@require_POST
def reject_view(request, pk):
    return _moderate_one(request, pk, moderation.reject, "评论“{comment}”未通过,不再显示。")


admin_urls = [
    path("<int:pk>/approve/", approve_view, name="comments_approve"),
    path("<int:pk>/reject/", reject_view, name="comments_reject"),
]

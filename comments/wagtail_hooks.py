from django.urls import include, path

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin as comment_admin
from .models import Comment
from .moderation import LOG_ACTIONS

register_permission_policy(Comment, comment_admin.CommentPermissionPolicy(Comment))
register_snippet(comment_admin.CommentViewSet)
register_snippet(comment_admin.SensitiveWordViewSet)
hooks.register("register_bulk_action", comment_admin.ApproveBulkAction)
hooks.register("register_bulk_action", comment_admin.RejectBulkAction)


@hooks.register("register_admin_urls")
def comment_admin_urls():
    return [path("comments/", include(comment_admin.admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def comment_listing_buttons(snippet, user, next_url=None):
    return comment_admin.listing_buttons(snippet, user, next_url)


@hooks.register("register_log_actions")
def comment_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("construct_homepage_panels")
def pending_comments_panel(request, panels):
    if request.user.has_perm("comments.view_comment") or comment_admin.can_moderate(request.user):
        panels.append(comment_admin.PendingCommentsPanel())

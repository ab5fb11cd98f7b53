from django.urls import include, path

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views
from .bulk_actions import ApproveBulkAction, RejectBulkAction
from .models import Comment
from .moderation import LOG_ACTIONS
from .panels import PendingCommentsPanel
from .permissions import CommentPermissionPolicy, can_moderate
from .viewsets import CommentViewSet, SensitiveWordViewSet

register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)
register_snippet(SensitiveWordViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)


@hooks.register("register_admin_urls")
def comment_admin_urls():
    return [path("comments/", include(admin_views.admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def comment_listing_buttons(snippet, user, next_url=None):
    return admin_views.listing_buttons(snippet, user, next_url)


@hooks.register("register_log_actions")
def comment_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("construct_homepage_panels")
def pending_comments_panel(request, panels):
    if request.user.has_perm("comments.view_comment") or can_moderate(request.user):
        panels.append(PendingCommentsPanel())

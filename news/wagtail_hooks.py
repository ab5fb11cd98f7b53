from django.urls import include, path

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from news.comments import admin as comment_admin
from news.comments.moderation import LOG_ACTIONS
from news.importers.records import IMPORT_ACTION
from news.models.comments import Comment
from news.newsroom import hooks as newsroom_hooks

register_permission_policy(Comment, comment_admin.CommentPermissionPolicy(Comment))
register_snippet(comment_admin.CommentViewSet)
register_snippet(comment_admin.SensitiveWordViewSet)
hooks.register("register_bulk_action", comment_admin.ApproveBulkAction)
hooks.register("register_bulk_action", comment_admin.RejectBulkAction)


@hooks.register("register_admin_urls")
def comment_admin_urls():
    return [path("news/", include(comment_admin.admin_urls))]


@hooks.register("register_snippet_listing_buttons")
def comment_listing_buttons(snippet, user, next_url=None):
    return comment_admin.listing_buttons(snippet, user, next_url)


@hooks.register("register_log_actions")
def comment_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_log_actions")
def import_log_actions(actions):
    # Written by news/importers for each imported article; it carries the old address.
    actions.register_action(IMPORT_ACTION, "从旧站导入", "从旧站导入")


@hooks.register("construct_homepage_panels")
def pending_comments_panel(request, panels):
    if request.user.has_perm("news.view_comment") or comment_admin.can_moderate(request.user):
        panels.append(comment_admin.PendingCommentsPanel())


# Newsroom (news/newsroom/): desks, review workflow, editing help, dashboard.
newsroom_hooks.register_all()

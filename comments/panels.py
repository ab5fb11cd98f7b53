"""Panels of the moderation screens and the dashboard."""

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from .models import Comment


class CommentDetailsPanel(Panel):
    """What the reader submitted, read-only: editors judge it, they do not rewrite it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "comments/admin/comment_details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["comment"] = self.instance
            return context


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "comments/admin/pending_comments_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending_count"] = Comment.objects.awaiting_review().count()
        context["queue_url"] = Comment.snippet_viewset.menu_url
        return context

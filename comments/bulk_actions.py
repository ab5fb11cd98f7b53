"""Bulk 通过 / 不通过 from the queue, through the same moderation functions as one by one."""

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import moderation
from .models import Comment
from .permissions import can_moderate


class ModerationBulkAction(SnippetBulkAction):
    template_name = "comments/admin/confirm_bulk_moderation.html"
    moderate = None

    models = [Comment]

    def check_perm(self, snippet):
        return can_moderate(self.request.user)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return cls.moderate(objects, user), 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}


class ApproveBulkAction(ModerationBulkAction):
    display_name = "通过"
    action_type = "approve"
    aria_label = "通过所选评论"
    action_priority = 10
    moderate = staticmethod(moderation.approve)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} 条评论已通过。"


class RejectBulkAction(ModerationBulkAction):
    display_name = "不通过"
    action_type = "reject"
    aria_label = "不通过所选评论"
    action_priority = 20
    moderate = staticmethod(moderation.reject)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{num_parent_objects} 条评论已设为不通过。"

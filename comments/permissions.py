"""Who may moderate comments: Django permissions on Comment, and nobody adds one."""

from wagtail.permission_policies import ModelPermissionPolicy


class CommentPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


def can_moderate(user):
    return user.has_perm("comments.change_comment")

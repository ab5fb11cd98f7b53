"""The newsroom's review step: a task that knows city desks and wants a reason to reject."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail import hooks
from wagtail.models import AbstractGroupApprovalTask, GroupPagePermission, Page, TaskState

REJECT = "reject"
APPROVE = "approve"


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea({"rows": 3}))


class RejectionReasonForm(forms.Form):
    # The reporter only learns what to fix from this text, so it cannot be left empty.
    comment = forms.CharField(
        label="退回理由",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text="记者会在稿件编辑页和工作台看到这段说明。",
        error_messages={"required": "请填写退回理由。"},
    )


class NewsroomReviewTask(AbstractGroupApprovalTask):
    """A review step (编辑审核, 主编终审): a rejection always carries a reason.

    With `desk_only`, a member of the groups may review only the articles of desks
    whose pages they may edit, so the 忻州 editor never approves 太原's copy.
    """

    desk_only = models.BooleanField(
        "仅限本频道",
        default=False,
        help_text="勾选后,审核人只能审核自己有编辑权限的频道(城市)中的稿件。",
    )

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "desk_only"]
    admin_form_widgets = AbstractGroupApprovalTask.admin_form_widgets

    class Meta:
        verbose_name = "新闻审核步骤"
        verbose_name_plural = "新闻审核步骤"
        # The table it had when this model lived in news: moving it cost no data migration.
        db_table = "news_newsroomreviewtask"

    @classmethod
    def get_description(cls):
        return "所选用户组的成员可以通过或退回稿件;退回时必须填写理由。"

    def _may_review(self, obj, user):
        if user.is_superuser:
            return True
        if not self._user_in_groups(user):
            return False
        if not self.desk_only:
            return True
        # The desk's own page permission: can_edit() would ask this task again.
        return isinstance(obj, Page) and "change" in obj.permissions_for_user(user).permissions

    def user_can_access_editor(self, obj, user):
        return self._may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_review(obj, user)

    def get_actions(self, obj, user):
        if not self._may_review(obj, user):
            return []
        return [
            (REJECT, "退回修改", True),
            (APPROVE, "通过", False),
            (APPROVE, "通过并留言", True),
        ]

    def get_form_for_action(self, action):
        return RejectionReasonForm if action == REJECT else ReviewCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        # The edit view passes the modal's data straight through, unvalidated.
        if action_name == REJECT and not (kwargs.get("comment") or "").strip():
            raise PermissionDenied("退回稿件必须填写理由。")
        if action_name == APPROVE:
            # Apps above the newsroom (the content check) may hold an approval: a hook
            # answers with the address that says why, where the reviewer is sent instead.
            for hook in hooks.get_hooks("refuse_review_approval"):
                refusal_url = hook(task_state, user)
                if refusal_url:
                    return refusal_url
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        if not self._user_in_groups(user):
            return TaskState.objects.none()
        if not self.desk_only:
            return states
        return states.filter(workflow_state__object_id__in=editable_page_ids(user))


def editable_page_ids(user):
    """Ids (as text, like WorkflowState.object_id) of the pages the user's groups may edit."""
    roots = GroupPagePermission.objects.filter(
        group__user=user, permission__codename="change_page"
    ).values_list("page__path", flat=True)
    below = Q()
    for path in set(roots):
        below |= Q(path__startswith=path)
    if not below:
        return []
    return Page.objects.filter(below).annotate(text_id=Cast("pk", CharField())).values("text_id")

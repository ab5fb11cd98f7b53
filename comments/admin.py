"""The comment moderation queue in the Wagtail admin, and the sensitive-word lists.

Access follows Django permissions on Comment: a moderator role needs `view_comment`
and `change_comment` (approve, reject, reply) and `delete_comment` (delete). Nobody
adds comments in the admin: they come from readers.
"""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from . import moderation
from .models import Comment, SensitiveWord

UNREVIEWED = "unreviewed"


class CommentPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "copy"):
            return False
        return super().user_has_permission(user, action)


def can_moderate(user):
    return user.has_perm("comments.change_comment")


# The queue ---------------------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[(UNREVIEWED, "待处理(待审核和先发后审)"), *Comment.Status.choices],
        method="filter_status",
        empty_label="全部",
    )
    flagged = django_filters.BooleanFilter(
        label="命中敏感词", method="filter_flagged", widget=forms.NullBooleanSelect
    )
    article_number = django_filters.NumberFilter(
        label="文章编号", field_name="article__article_number"
    )

    class Meta:
        model = Comment
        fields = []

    def filter_status(self, queryset, name, value):
        if value == UNREVIEWED:
            return queryset.awaiting_review()
        return queryset.filter(status=value)

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(flagged_words="") if value else queryset.filter(flagged_words="")


class ArticleColumn(Column):
    cell_template_name = "comments/admin/comment_article_cell.html"


class CommentDetailsPanel(Panel):
    """What the reader submitted, read-only: editors judge it, they do not rewrite it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "comments/admin/comment_details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["comment"] = self.instance
            return context


class CommentModerationForm(WagtailAdminModelForm):
    """Status and reply, applied through comments.moderation so both are logged."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (Comment.Status.APPROVED, "通过(显示给读者)"),
            (Comment.Status.REJECTED, "不通过(不显示)"),
        ]
        if self.instance.status not in (Comment.Status.APPROVED, Comment.Status.REJECTED):
            choices.insert(0, (self.instance.status, self.instance.get_status_display()))
        self.fields["status"].choices = choices
        self.fields["status"].widget = forms.RadioSelect(choices=choices)

    def save(self, commit=True):
        comment = self.instance
        status = self.cleaned_data["status"]
        reply_text = self.cleaned_data["reply_text"]
        # The form has already written the new values onto the instance; put back the
        # stored ones so the moderation functions see (and log) the real change.
        comment.status = self.initial["status"]
        comment.reply_text = self.initial.get("reply_text") or ""
        if status == Comment.Status.APPROVED:
            moderation.approve([comment], self.for_user)
        elif status == Comment.Status.REJECTED:
            moderation.reject([comment], self.for_user)
        moderation.reply(comment, reply_text, self.for_user)
        return comment

    def save_m2m(self):
        pass


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "评论审核"
    menu_name = "comments"
    menu_order = 250
    add_to_admin_menu = True
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    filterset_class = CommentFilterSet
    search_fields = ["text", "nickname", "reply_text"]
    search_backend_name = None  # plain database lookups: comments are not in the search index
    inspect_view_enabled = True
    inspect_view_fields = [
        "article",
        "nickname",
        "text",
        "submitted_text",
        "status",
        "flagged_words",
        "created_at",
        "moderated_by",
        "moderated_at",
        "reply_text",
        "replied_by",
        "replied_at",
    ]
    list_display = [
        Column("__str__", label="评论"),
        ArticleColumn("article", label="文章"),
        Column("status", label="状态", accessor="get_status_display"),
        Column("flagged_words", label="命中敏感词"),
        DateColumn("created_at", label="提交时间", sort_key="created_at"),
    ]
    edit_handler = ObjectList(
        [
            CommentDetailsPanel(heading="读者提交的内容"),
            FieldPanel("status", heading="审核结果"),
            FieldPanel("reply_text"),
        ],
        base_form_class=CommentModerationForm,
    )

    def get_queryset(self, request):
        return Comment.objects.select_related("article")

    @property
    def menu_url(self):
        return f"{reverse(self.get_url_name('list'))}?status={UNREVIEWED}"


class SensitiveWordFilterSet(WagtailFilterSet):
    class Meta:
        model = SensitiveWord
        fields = ["action"]


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "敏感词"
    menu_name = "sensitive-words"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["word", "action", "note", DateColumn("updated_at", label="更新时间")]
    list_per_page = 100
    filterset_class = SensitiveWordFilterSet
    search_fields = ["word", "note"]
    search_backend_name = None


# Row buttons and the views behind them ------------------------------------


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


# Bulk actions --------------------------------------------------------------


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


# Dashboard -------------------------------------------------------------------


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "comments/admin/pending_comments_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending_count"] = Comment.objects.awaiting_review().count()
        context["queue_url"] = Comment.snippet_viewset.menu_url
        return context

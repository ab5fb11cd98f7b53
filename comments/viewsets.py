"""The comment moderation queue in the Wagtail admin, and the sensitive-word lists.

Access follows Django permissions on Comment: a moderator role needs `view_comment`
and `change_comment` (approve, reject, reply) and `delete_comment` (delete). Nobody
adds comments in the admin: they come from readers.
"""

from django import forms
from django.urls import reverse

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from . import moderation
from .filters import UNREVIEWED, CommentFilterSet, SensitiveWordFilterSet
from .models import Comment, SensitiveWord
from .panels import CommentDetailsPanel


class ArticleColumn(Column):
    cell_template_name = "comments/admin/comment_article_cell.html"


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

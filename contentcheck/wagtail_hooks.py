"""内容检查 in the admin: the word lists, the editor's findings, the hold on final approval."""

from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import gate, views
from .viewsets import ContentCheckViewSetGroup

register_snippet(ContentCheckViewSetGroup)


@hooks.register("register_admin_urls")
def content_check_urls():
    return [
        path(
            "contentcheck/page/<int:page_id>/",
            views.PageReportView.as_view(),
            name="contentcheck_report",
        ),
    ]


hooks.register("before_edit_page", gate.hold_in_editor)
hooks.register("before_bulk_action", gate.hold_bulk_publish)
hooks.register("after_edit_page", gate.after_saving)
hooks.register("after_create_page", gate.after_saving)
# newsroom's review task asks before approving (newsroom/models.py).
hooks.register("refuse_review_approval", gate.refuse_approval)

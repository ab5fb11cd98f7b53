"""The review workflow's signals: the editor who approves is the responsible editor (责任编辑).

Connected by `register_signal_handlers()` from NewsroomConfig.ready().
"""

from wagtail.signals import task_approved, workflow_approved

from .models import NewsroomReviewTask
from .review import article_under_review, purge_responsible_editor, record_responsible_editor


def desk_review_approved(sender, instance, user=None, **kwargs):
    task = instance.task.specific
    if not isinstance(task, NewsroomReviewTask) or not task.desk_only or user is None:
        return
    article = article_under_review(instance.workflow_state)
    if article is not None:
        record_responsible_editor(article, user)


def workflow_approved_without_desk_step(sender, instance, user=None, **kwargs):
    """A workflow with no desk step: the final approver is the responsible editor."""
    article = article_under_review(instance)
    if article is not None and user is not None and not article.responsible_editor:
        record_responsible_editor(article, user, published=True)
        purge_responsible_editor(article)


def register_signal_handlers():
    task_approved.connect(desk_review_approved)
    workflow_approved.connect(workflow_approved_without_desk_step)

"""The review workflow's signals: the editor who approves is the responsible editor (责任编辑).
A changed or deleted image, document or video purges the cached pages that show it.

Connected by `register_signal_handlers()` from NewsroomConfig.ready().
"""

from django.db.models.signals import post_save, pre_delete

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.signals import task_approved, workflow_approved

from video.models import Video

from .media import purge_pages_using
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


# Saves Wagtail makes to remember a file's size or hash change nothing a reader sees.
FILE_METADATA_FIELDS = frozenset({"file_size", "file_hash"})


def media_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if created or raw or (update_fields and set(update_fields) <= FILE_METADATA_FIELDS):
        return
    purge_pages_using(instance)


def media_deleted(sender, instance, **kwargs):
    purge_pages_using(instance)


def register_signal_handlers():
    task_approved.connect(desk_review_approved)
    workflow_approved.connect(workflow_approved_without_desk_step)
    for model in (get_image_model(), get_document_model(), Video):
        post_save.connect(media_saved, sender=model)
        pre_delete.connect(media_deleted, sender=model)

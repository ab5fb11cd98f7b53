"""The two-step review: who approved an article (责任编辑) and why one was sent back."""

from django.db import transaction

from wagtail.models import Revision, TaskState, WorkflowState

from news.invalidation import paths_for_article
from news.models import ArticlePage
from pagecache.purge import purge


def display_name(user):
    return (user.get_full_name() or user.get_username()).strip()[:60]


@transaction.atomic
def record_responsible_editor(article, user, published=False):
    """Write the editor's name on the revision that will be published, and on the page.

    Publishing copies the latest revision onto the page, so a name written only on the
    page row would be lost at the chief editor's approval. A live article keeps showing
    its current name until the approved revision is published (`published` says it is).
    """
    name = display_name(user)
    revision_ids = {article.latest_revision_id}
    if published:
        revision_ids.add(article.live_revision_id)
    for revision in Revision.objects.filter(pk__in=revision_ids - {None}):
        revision.content["responsible_editor"] = name
        revision.save(update_fields=["content"])
    if published or not article.live:
        ArticlePage.objects.filter(pk=article.pk).update(responsible_editor=name)
        article.responsible_editor = name
    return name


def article_under_review(workflow_state):
    # A page's workflow state points at the base Page row, whatever the page type.
    return ArticlePage.objects.filter(pk=workflow_state.object_id).first()


def record_publisher_if_unnamed(request, page):
    """after_publish_page hook: a chief editor publishing directly is the responsible editor."""
    page = page.specific
    if isinstance(page, ArticlePage) and not page.responsible_editor:
        record_responsible_editor(page, request.user, published=True)
        purge_responsible_editor(page)


def purge_responsible_editor(article):
    # The publish already purged the page cache, before the name was written.
    if article.live:
        purge(paths_for_article(article))


def rejection_for(page):
    """The rejected review step, when the page's latest workflow was sent back; else None."""
    state = (
        WorkflowState.objects.for_instance(page)
        .order_by("-created_at", "-pk")
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return state.current_task_state


def rejections_for_author(user, limit=10):
    """The user's articles that were sent back and not yet resubmitted, newest first."""
    states = (
        WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .order_by("-current_task_state__finished_at")[:limit]
    )
    return [(state.content_object, state.current_task_state) for state in states]


def awaiting_review_by(user, limit=20):
    """Task states this user may act on now, oldest first: the ones waiting longest."""
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state__requested_by", "task", "revision")
        .order_by("started_at")
    )
    return list(states[:limit])

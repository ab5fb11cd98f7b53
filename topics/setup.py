"""The topic list /zt/ below the home page, and the group that edits it."""

from django.db import transaction

from wagtail.models import Workflow, WorkflowPage

from newsroom import roles

from .models import TOPIC_INDEX_SLUG, TopicIndexPage
from .permissions import ensure_topic_editors


@transaction.atomic
def ensure_topic_index(home):
    """/zt/ (专题) below `home`, published, with its editors' group; created when missing."""
    index = TopicIndexPage.objects.child_of(home).first()
    if index is None:
        index = TopicIndexPage(
            title="专题",
            slug=TOPIC_INDEX_SLUG,
            intro="重大主题报道与系列报道。",
            show_in_menus=False,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    ensure_topic_editors(index)
    attach_review_workflow(index)
    return index


def attach_review_workflow(index):
    """Topics go through the newsroom's two-step review, as articles do.

    The 专题编辑 hold `change` on /zt/, so the desk-only first step lets them review
    topics; the 主编 gives the final approval. A workflow set by hand is kept.
    """
    workflow = Workflow.objects.filter(name=roles.WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=index.page_ptr, defaults={"workflow": workflow})

"""The topic list /zt/ below the home page, and the group that edits it."""

from django.db import transaction

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
    return index

"""New article pages into the page tree: their tree positions, and their rows in bulk.

New articles wait until the end of their batch and are then written together: page rows,
article rows, tags, revisions, log entries and counts in a handful of statements for the
whole batch instead of a dozen per article. Every page gets one revision (so the admin's
history, compare and edit views work), published when the page is live, without
publish()'s machinery and signals. The writer falls back to insert_one(), one article per
savepoint, when the database refuses a batch.

The non-public Django and treebeard calls this needs are in private_apis.
"""

from typing import NamedTuple

from django.db.models import F
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

from news.models import ArticlePage, ArticleTag, SectionPage
from viewcounts.models import ArticleViewCount

from .counts_and_comments import store_comments
from .fields import FIELD_NAMES, new_page
from .private_apis import (
    COMMENTS_RELATION_NAME,
    batched_insert,
    first_child_path,
    mark_saved,
    next_sibling_path,
    set_cached_parent,
)
from .provenance import import_log_entry
from .records import LegacyArticle

# Set by the writer from rows it has just read; validating them would re-read each one.
RELATION_FIELDS = [field.name for field in ArticlePage._meta.concrete_fields if field.is_relation]


class PendingArticle(NamedTuple):
    """A new article page placed in the tree, waiting for the end of its batch."""

    page: ArticlePage
    parent: SectionPage
    region: SectionPage | None
    tags: list
    article: LegacyArticle
    fingerprint: str


class TreePositions:
    """The last child path below each section, so that new pages get their positions
    without a query each."""

    def __init__(self):
        self.last_child_paths = {}

    def clear(self):
        self.last_child_paths.clear()

    def place(self, page, parent, region, pending):
        """Give a new page its tree position below `parent` and validate it.

        treebeard's add_child reads the parent's last child for every page; this remembers
        it (and the paths of the `pending` pages waiting in the batch). Foreign keys the
        writer set from rows it has just read are not read back for validation; the
        database enforces them.
        """
        last = self.last_child_paths.get(parent.pk)
        if last is None:
            stored = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            waiting = [item.page.path for item in pending if item.parent.pk == parent.pk]
            last = max([path for path in [stored, *waiting] if path], default=None)
        page.depth = parent.depth + 1
        page.path = next_sibling_path(last) if last else first_child_path(parent)
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.region = region
        page.set_url_path(parent)
        set_cached_parent(page, parent)
        page.full_clean(exclude=RELATION_FIELDS, validate_unique=False, validate_constraints=False)
        self.last_child_paths[parent.pk] = page.path


def insert_batch(pending):
    """Page rows, article rows, tags, revisions, log entries and counts, in bulk."""
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    bases = [
        Page(**{field.attname: getattr(item.page, field.attname) for field in base_fields})
        for item in pending
    ]
    Page.objects.bulk_create(bases)
    for item, base in zip(pending, bases, strict=True):
        item.page.id = item.page.page_ptr_id = base.pk
        mark_saved(item.page)
    # Django refuses bulk_create for multi-table models; the parent rows are in, so
    # the article rows are one multi-row INSERT of the child table's own columns.
    batched_insert(
        ArticlePage, [item.page for item in pending], ArticlePage._meta.local_concrete_fields
    )
    children = {}
    for item in pending:
        children[item.parent.pk] = children.get(item.parent.pk, 0) + 1
    for parent_pk, count in children.items():
        Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
    complete_inserted(pending)


def insert_one(item, positions):
    """One waiting article through Page.save, when its batch was refused; returns its page."""
    page = new_page(
        item.page.article_number,
        {name: getattr(item.page, name) for name in FIELD_NAMES},
        item.page.body,
        item.page.featured_image,
    )
    positions.place(page, item.parent, item.region, ())
    page.find_region = lambda: item.region  # ArticlePage.save would query for it
    page.save(clean=False, log_action=None)
    Page.objects.filter(pk=item.parent.pk).update(numchild=F("numchild") + 1)
    complete_inserted([item._replace(page=page)])
    return page


def complete_inserted(pending):
    """Tags, revisions, log entries, view counts and comments of pages just inserted."""
    tagged = ArticleTag.objects.bulk_create(
        [ArticleTag(content_object=item.page, tag=tag) for item in pending for tag in item.tags]
    )
    by_page = {}
    for row in tagged:
        by_page.setdefault(row.content_object_id, []).append(row)
    base_type = pending[0].page.get_base_content_type()
    now = timezone.now()
    revisions = []
    for item in pending:
        page = item.page
        # The revision serialises child relations; give it the rows just written
        # instead of letting modelcluster read them back (no admin comments yet).
        page.tagged_items = by_page.get(page.pk, [])
        setattr(page, COMMENTS_RELATION_NAME, [])
        revisions.append(
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=base_type,
                object_id=str(page.pk),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
        )
    Revision.objects.bulk_create(revisions)
    updates = []
    for item, revision in zip(pending, revisions, strict=True):
        page = item.page
        page.latest_revision = revision
        page.live_revision = revision if page.live else None
        updates.append(
            Page(
                id=page.pk,
                latest_revision_id=revision.pk,
                live_revision_id=page.live_revision_id,
                latest_revision_created_at=revision.created_at,
            )
        )
    Page.objects.bulk_update(
        updates, ["latest_revision", "live_revision", "latest_revision_created_at"]
    )
    PageLogEntry.objects.bulk_create(
        [import_log_entry(item.page, item.article, item.fingerprint) for item in pending]
    )
    ArticleViewCount.objects.bulk_create(
        [
            ArticleViewCount(article_id=item.page.pk, count=item.article.view_count)
            for item in pending
            if item.article.view_count > 0
        ]
    )
    for item in pending:
        store_comments(item.page, item.article.comments)

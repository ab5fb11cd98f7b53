"""Putting legacy articles into the page tree: what to write for each, and when.

Every article becomes an ordinary Wagtail page with one revision (so the admin's history,
compare and edit views work), published as of its old publish time. What is skipped per
article, because it costs more than the whole rest of an import (measured with
bench/import_bench.py): Wagtail's publish() machinery with its signals, the search-index
update on each save (the index is updated in bulk at the end) and the reference-index
update (rebuilt for the imported pages at the end).

The writer decides per article: new (placed in the tree now, written in bulk at the end of
the batch, bulk.py), changed (updated in place with a new revision) or unchanged (only the
view count and new comments; provenance.py says how an earlier import is recognised). The
other jobs are in their own modules: page fields, body blocks and tags (fields.py), images
(media.py), sections and the city check (sections.py), counts and comments
(counts_and_comments.py), and the non-public APIs all this needs (private_apis.py).
"""

import contextlib
from typing import NamedTuple

from django.db import transaction
from django.db.models.signals import post_save

from wagtail.models import Page, Revision

from modelsearch.backends import get_search_backends

from galleries.models import GalleryPage
from news.models import ArticlePage, ArticleTag
from pagecache.purge import purge_everything
from search.suggestions import refresh_pages

from .bulk import PendingArticle, TreePositions, insert_batch, insert_one
from .counts_and_comments import store_comments, store_view_count
from .fields import TagLibrary, body_blocks, new_page, page_fields
from .gallery_writer import write_gallery
from .media import ImageLibrary
from .private_apis import (
    disable_reference_index_auto_update,
    post_save_signal_handler,
    record_references,
)
from .provenance import fingerprint, import_log_entry, last_import
from .records import CREATED, UNCHANGED, UPDATED, ImportProblem, LegacyArticle
from .sections import SectionTree, check_region, home_page


class ExistingArticle(NamedTuple):
    pk: int
    title: str
    url_path: str
    view_count: int | None


@contextlib.contextmanager
def deferred_indexing():
    """Save articles without per-save search and reference index updates."""
    post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.connect(post_save_signal_handler, sender=ArticlePage)


class ArticleWriter:
    def __init__(self, *, dry_run=False, media_roots=()):
        self.dry_run = dry_run
        self.sections = SectionTree(home_page())
        self.tags = TagLibrary()
        self.images = ImageLibrary(media_roots, dry_run=dry_run)
        self.positions = TreePositions()
        self.written_ids = []
        self.pending = []
        self.pending_numbers = set()
        self.deferred_failures = []

    @property
    def sections_created(self):
        return self.sections.created

    @property
    def images_created(self):
        return self.images.created

    # One article ---------------------------------------------------------------

    def write(self, article: LegacyArticle) -> str:
        """Create, update or leave one article; returns CREATED, UPDATED or UNCHANGED.

        Everything the article writes, sections, tags and images included, happens in one
        savepoint: a failure leaves nothing of it behind (and forgets the cached rows).
        """
        if article.gallery_images:
            if self.dry_run:
                return write_gallery(self, article)
            try:
                with transaction.atomic():
                    return write_gallery(self, article)
            except Exception:
                self.forget_cached_rows()
                raise
        if self.dry_run:
            return self.plan(article)
        try:
            with transaction.atomic():
                return self._write(article)
        except Exception:
            self.forget_cached_rows()
            raise

    def forget_cached_rows(self):
        self.sections.clear()
        self.tags.clear()
        self.images.clear()
        self.positions.clear()

    def existing_article(self, article):
        """(id, title, address, view count) of the article holding this number, and the data
        of its last import; plain values, because building a page instance costs more than
        the query."""
        existing = (
            ArticlePage.objects.filter(article_number=article.number)
            .values_list("pk", "title", "url_path", "view_count_record__count")
            .first()
        )
        if existing is None:
            return None, None
        imported = last_import(existing[0])
        if imported is None:
            raise ImportProblem(
                f"文章编号 {article.number} 已被另一篇文章《{existing[1]}》"
                f"({existing[2]})使用,它不是从旧站导入的,没有覆盖"
            )
        return ExistingArticle(*existing), imported

    def source_fingerprint(self, article, fields):
        """(body blocks, featured image, fingerprint of what the source said); finds or
        creates the images (not in a dry run)."""
        body, image_keys = body_blocks(article, self.images)
        featured, featured_key = self.images.image_for(article.featured_image, article)
        return body, featured, fingerprint(article, fields, body, image_keys, featured_key)

    def plan(self, article):
        fields = page_fields(article)
        _, _, source_fingerprint = self.source_fingerprint(article, fields)
        existing, imported = self.existing_article(article)
        if existing is None:
            return CREATED
        if imported.get("fingerprint") != source_fingerprint:
            return UPDATED
        return UNCHANGED if article.view_count <= (existing.view_count or 0) else UPDATED

    def _write(self, article):
        fields = page_fields(article)
        # Before any image is stored: the number may belong to someone else's article.
        existing, imported = self.existing_article(article)
        body, featured, source_fingerprint = self.source_fingerprint(article, fields)
        if existing is not None and imported.get("fingerprint") == source_fingerprint:
            counted = store_view_count(existing, article.view_count, new=False)
            commented = store_comments(existing, article.comments)
            return UPDATED if counted or commented else UNCHANGED
        parent, region = self.sections.section_for(article)
        tags = self.tags.tags_for(article.tags)
        if existing is None:
            if article.number in self.pending_numbers:
                self.flush()  # the same number twice in one batch: the second one updates
                return self._write(article)
            page = new_page(article.number, fields, body, featured)
            self.positions.place(page, parent, region, self.pending)
            check_region(region, article)
            self.pending.append(
                PendingArticle(page, parent, region, tags, article, source_fingerprint)
            )
            self.pending_numbers.add(article.number)
            return CREATED
        page = self.update(existing, parent, fields, body, featured, tags)
        store_view_count(page, article.view_count, new=False)
        store_comments(page, article.comments)
        import_log_entry(page, article, source_fingerprint).save()
        check_region(page.region, article)
        self.written_ids.append(page.pk)
        return UPDATED

    def update(self, existing, parent, fields, body, featured, tags):
        page = ArticlePage.objects.get(pk=existing.pk)
        if page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        page.body = body
        page.featured_image = featured
        if page.live and not page.first_published_at:
            page.first_published_at = fields["publish_time"]
        page.save()
        ArticleTag.objects.filter(content_object=page).delete()
        ArticleTag.objects.bulk_create([ArticleTag(content_object=page, tag=tag) for tag in tags])
        self.save_revision(page)
        return page

    @staticmethod
    def save_revision(page):
        """One revision, published when the page is live, without publish()'s side effects."""
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            content=page.serializable_data(),
            object_str=str(page),
        )
        page.latest_revision = revision
        page.live_revision = revision if page.live else None
        # On Page, not ArticlePage: the subclass manager would first select the child row.
        Page.objects.filter(pk=page.pk).update(
            latest_revision=revision,
            live_revision=page.live_revision,
            latest_revision_created_at=revision.created_at,
            draft_title=page.title,
            has_unpublished_changes=not page.live,
        )

    # End of a batch ------------------------------------------------------------------

    def flush(self):
        """Write the new articles waiting in this batch: in bulk, or one by one if refused.

        If the database refuses the batch (a concurrent edit took a tree position, say), the
        articles are written one by one, each in its own savepoint, so only the one at
        fault fails; its failure lands in `deferred_failures` for the runner to report.
        """
        pending, self.pending = self.pending, []
        self.pending_numbers.clear()
        if not pending:
            return
        try:
            with transaction.atomic():
                insert_batch(pending)
        except Exception:  # noqa: BLE001 - retried one by one below, failures reported there
            self.forget_cached_rows()
        else:
            self.written_ids.extend(item.page.pk for item in pending)
            return
        for item in pending:
            try:
                with transaction.atomic():
                    page = insert_one(item, self.positions)
            except Exception as error:  # noqa: BLE001 - reported by the runner
                self.forget_cached_rows()
                self.deferred_failures.append((item.article.source, error))
            else:
                self.written_ids.append(page.pk)

    # After the run -------------------------------------------------------------------

    def finish(self, chunk_size=500):
        """Index the written articles in bulk, rebuild their references, refresh the cache."""
        if self.dry_run or not (self.written_ids or self.sections_created):
            return
        backends = list(get_search_backends(with_auto_update=True))
        ids = sorted(set(self.written_ids))
        index_errors = []
        for start in range(0, len(ids), chunk_size):
            chunk = list(
                ArticlePage.get_indexed_objects().filter(pk__in=ids[start : start + chunk_size])
            )
            for backend in list(backends):
                try:
                    backend.add_bulk(ArticlePage, chunk)
                except Exception as error:  # noqa: BLE001 - e.g. Elasticsearch down: data is in
                    index_errors.append(f"{type(error).__name__}: {error}")
                    backends.remove(backend)
            for page in chunk:
                if page.featured_image_id or any(b.block_type == "image" for b in page.body):
                    record_references(page)
            # A gallery's photo captions are its own fields, indexed with its own type.
            galleries = list(
                GalleryPage.get_indexed_objects().filter(pk__in=ids[start : start + chunk_size])
            )
            for backend in backends if galleries else ():
                try:
                    backend.add_bulk(GalleryPage, galleries)
                except Exception as error:  # noqa: BLE001 - e.g. Elasticsearch down: data is in
                    index_errors.append(f"{type(error).__name__}: {error}")
            # Written in bulk, without the publish signals that keep the suggestions current.
            refresh_pages(ids[start : start + chunk_size])
        purge_everything()
        return index_errors

"""Putting legacy articles into the page tree: sections, images, tags, counts, provenance.

Every article becomes an ordinary Wagtail page with one revision (so the admin's history,
compare and edit views work), published as of its old publish time. What is skipped per
article, because it costs more than the whole rest of an import (measured with
bench/import_bench.py): Wagtail's publish() machinery with its signals, the search-index
update on each save (the index is updated in bulk at the end) and the reference-index
update (rebuilt for the imported pages at the end).

Provenance: each import writes a page log entry `dayuan.import` holding the old address and
a fingerprint of what the source said. An article number that belongs to a page without
such an entry is someone else's article and is never overwritten; a re-import whose
fingerprint is unchanged writes nothing, so edits made in the admin since the last import
survive importing the same source again.
"""

import contextlib
import hashlib
import json
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from modelsearch.signal_handlers import post_save_signal_handler

from comments.clients import address_hash
from comments.models import Comment
from news.cities import CITY_NAMES
from news.models import ArticlePage, ArticleTag, SectionPage
from pagecache.purge import purge_everything
from viewcounts.models import ArticleViewCount

from .records import IMPORT_ACTION, ImageRef, ImportProblem, LegacyArticle

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
DEFAULT_EDITOR = "网络编辑"

# Set by the writer from rows it has just read; validating them would re-read each one.
RELATION_FIELDS = [field.name for field in ArticlePage._meta.concrete_fields if field.is_relation]
FIELD_NAMES = [
    "title", "draft_title", "short_title", "summary", "editor_name", "source", "publish_time",
    "is_headline", "is_recommended", "is_slideshow", "is_sticky", "live", "seo_title",
]  # fmt: skip
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".avif"}


class PendingArticle(NamedTuple):
    page: ArticlePage
    parent: SectionPage
    region: SectionPage | None
    tags: list
    article: LegacyArticle
    fingerprint: str


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


def truncated(value, limit, label, warnings):
    value = (value or "").strip()
    if len(value) > limit:
        warnings.append(f"{label}超过 {limit} 字,已截断")
        return value[:limit]
    return value


class ArticleWriter:
    def __init__(self, *, dry_run=False, media_roots=()):
        self.dry_run = dry_run
        self.media_roots = [Path(root) for root in media_roots]
        self.home = self._home_page()
        self.sections = {}
        self.tags = {}
        self.images = {}
        self.written_ids = []
        self.sections_created = []
        self.images_created = 0
        self.last_child_paths = {}
        self.pending = []
        self.pending_numbers = set()
        self.deferred_failures = []

    @staticmethod
    def _home_page():
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise ImportProblem(
                "站点还没有首页:请先运行 migrate(和 load_demo_content)或在后台建立站点"
            )
        return site.root_page.specific

    # One article ---------------------------------------------------------------

    def write(self, article: LegacyArticle) -> str:
        """Create, update or leave one article; returns CREATED, UPDATED or UNCHANGED.

        Everything the article writes, sections, tags and images included, happens in one
        savepoint: a failure leaves nothing of it behind (and forgets the cached rows).
        """
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
        self.last_child_paths.clear()

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
        last_import = self.last_import(existing[0])
        if last_import is None:
            raise ImportProblem(
                f"文章编号 {article.number} 已被另一篇文章《{existing[1]}》"
                f"({existing[2]})使用,它不是从旧站导入的,没有覆盖"
            )
        return ExistingArticle(*existing), last_import

    def plan(self, article):
        fields = self.page_fields(article)
        body, image_keys = self.body_blocks(article)
        _, featured_key = self.image_for(article.featured_image, article)
        fingerprint = self.fingerprint(article, fields, body, image_keys, featured_key)
        existing, last_import = self.existing_article(article)
        if existing is None:
            return CREATED
        if last_import.get("fingerprint") != fingerprint:
            return UPDATED
        return UNCHANGED if article.view_count <= (existing.view_count or 0) else UPDATED

    def _write(self, article):
        fields = self.page_fields(article)
        existing, last_import = self.existing_article(article)
        body, image_keys = self.body_blocks(article)
        featured, featured_key = self.image_for(article.featured_image, article)
        fingerprint = self.fingerprint(article, fields, body, image_keys, featured_key)
        if existing is not None and last_import.get("fingerprint") == fingerprint:
            counted = self.store_view_count(existing, article.view_count, new=False)
            commented = self.store_comments(existing, article.comments)
            return UPDATED if counted or commented else UNCHANGED
        parent, region = self.section_for(article)
        tags = self.tag_objects(article.tags)
        if existing is None:
            if article.number in self.pending_numbers:
                self.flush()  # the same number twice in one batch: the second one updates
                return self._write(article)
            page = self.new_page(article.number, fields, body, featured)
            self.place(parent, region, page)
            self.check_region(region, article)
            self.pending.append(PendingArticle(page, parent, region, tags, article, fingerprint))
            self.pending_numbers.add(article.number)
            return CREATED
        page = self.update(existing, parent, fields, body, featured, tags)
        self.store_view_count(page, article.view_count, new=False)
        self.store_comments(page, article.comments)
        self.import_log_entry(page, article, fingerprint).save()
        self.check_region(page.region, article)
        self.written_ids.append(page.pk)
        return UPDATED

    @staticmethod
    def import_log_entry(page, article, fingerprint):
        return PageLogEntry(
            content_type_id=page.content_type_id,
            page_id=page.pk,
            label=page.title[:255],
            action=IMPORT_ACTION,
            data={
                "legacy_url": article.legacy_url,
                "source": article.source,
                "fingerprint": fingerprint,
            },
            timestamp=timezone.now(),
            revision_id=page.latest_revision_id,
            content_changed=True,
        )

    def page_fields(self, article):
        warnings = article.warnings
        title = truncated(article.title, 255, "标题", warnings)
        if not title:
            raise ImportProblem("标题为空")
        return {
            "title": title,
            "draft_title": title,
            "short_title": truncated(article.short_title, 60, "短标题", warnings),
            "summary": truncated(article.summary, 600, "导语", warnings),
            "editor_name": truncated(article.editor_name, 60, "编辑", warnings) or DEFAULT_EDITOR,
            "source": truncated(article.source_name, 120, "来源", warnings),
            "publish_time": article.publish_time,
            "is_headline": article.is_headline,
            "is_recommended": article.is_recommended,
            "is_slideshow": article.is_slideshow,
            "is_sticky": article.is_sticky,
            "live": article.live,
            "seo_title": "",
        }

    def fingerprint(self, article, fields, body, image_keys, featured_key):
        """What the source said, independent of database ids (images by content hash)."""
        data = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in fields.items()
        }
        data["section"] = list(article.section_path)
        data["tags"] = sorted(self.clean_tags(article.tags))
        data["body"] = [
            [kind, value if kind != "image" else None] for kind, value in self.plain_blocks(body)
        ]
        data["images"] = image_keys
        data["featured"] = featured_key
        data["legacy_url"] = article.legacy_url
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha1(encoded.encode(), usedforsecurity=False).hexdigest()

    @staticmethod
    def plain_blocks(body):
        return [(kind, value) for kind, value in body]

    @staticmethod
    def last_import(page_id):
        entry = (
            PageLogEntry.objects.filter(page_id=page_id, action=IMPORT_ACTION)
            .order_by("-timestamp", "-pk")
            .values("data")
            .first()
        )
        return None if entry is None else (entry["data"] or {})

    @staticmethod
    def new_page(number, fields, body, featured):
        return ArticlePage(
            **fields,
            slug=str(number),
            article_number=number,
            body=body,
            featured_image=featured,
            first_published_at=fields["publish_time"] if fields["live"] else None,
            last_published_at=fields["publish_time"] if fields["live"] else None,
            has_unpublished_changes=not fields["live"],
        )

    def place(self, parent, region, page):
        """Give a new page its tree position below `parent` and validate it.

        treebeard's add_child reads the parent's last child for every page; the writer
        remembers it (and the paths of pages waiting in the batch). Foreign keys the writer
        set from rows it has just read are not read back for validation; the database
        enforces them.
        """
        last = self.last_child_paths.get(parent.pk)
        if last is None:
            stored = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            waiting = [item.page.path for item in self.pending if item.parent.pk == parent.pk]
            last = max([path for path in [stored, *waiting] if path], default=None)
        page.depth = parent.depth + 1
        page.path = next_sibling_path(last) if last else Page._get_path(parent.path, page.depth, 1)
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.region = region
        page.set_url_path(parent)
        page._cached_parent_obj = parent
        page.full_clean(exclude=RELATION_FIELDS, validate_unique=False, validate_constraints=False)
        self.last_child_paths[parent.pk] = page.path

    def flush(self):
        """Write the new articles waiting in this batch: in bulk, or one by one if refused.

        Bulk: a handful of statements for the whole batch instead of a dozen per article.
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
                self.bulk_insert(pending)
            return
        except Exception:  # noqa: BLE001 - retried one by one below, failures reported there
            self.forget_cached_rows()
        for item in pending:
            try:
                with transaction.atomic():
                    self.insert_one(item)
            except Exception as error:  # noqa: BLE001 - reported by the runner
                self.forget_cached_rows()
                self.deferred_failures.append((item.article.source, error))

    def insert_one(self, item):
        page = self.new_page(
            item.page.article_number,
            {name: getattr(item.page, name) for name in FIELD_NAMES},
            item.page.body,
            item.page.featured_image,
        )
        self.place(item.parent, item.region, page)
        page.find_region = lambda: item.region  # ArticlePage.save would query for it
        page.save(clean=False, log_action=None)
        Page.objects.filter(pk=item.parent.pk).update(numchild=F("numchild") + 1)
        self.after_insert([item._replace(page=page)])

    def bulk_insert(self, pending):
        """Page rows, article rows, tags, revisions, log entries and counts, in bulk."""
        base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
        bases = [
            Page(**{field.attname: getattr(item.page, field.attname) for field in base_fields})
            for item in pending
        ]
        Page.objects.bulk_create(bases)
        for item, base in zip(pending, bases, strict=True):
            item.page.id = item.page.page_ptr_id = base.pk
            item.page._state.adding = False
        # Django refuses bulk_create for multi-table models; the parent rows are in, so
        # the article rows are one multi-row INSERT of the child table's own columns.
        ArticlePage.objects.get_queryset()._batched_insert(
            [item.page for item in pending], ArticlePage._meta.local_concrete_fields, None
        )
        children = {}
        for item in pending:
            children[item.parent.pk] = children.get(item.parent.pk, 0) + 1
        for parent_pk, count in children.items():
            Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)
        self.after_insert(pending)

    def after_insert(self, pending):
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
            [self.import_log_entry(item.page, item.article, item.fingerprint) for item in pending]
        )
        ArticleViewCount.objects.bulk_create(
            [
                ArticleViewCount(article_id=item.page.pk, count=item.article.view_count)
                for item in pending
                if item.article.view_count > 0
            ]
        )
        for item in pending:
            self.store_comments(item.page, item.article.comments)
            self.written_ids.append(item.page.pk)

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

    @staticmethod
    def store_view_count(page, count, new):
        """Keep the larger of the stored and the imported count: readers here count too."""
        if count <= 0:
            return False
        if new:
            ArticleViewCount.objects.create(article_id=page.pk, count=count)
            return True
        updated = ArticleViewCount.objects.filter(article_id=page.pk, count__lt=count).update(
            count=count
        )
        if updated:
            return True
        _, created = ArticleViewCount.objects.get_or_create(
            article_id=page.pk, defaults={"count": count}
        )
        return created

    def store_comments(self, page, comments):
        """Approved legacy comments, once each (same time and text on the same article)."""
        if not comments:
            return 0
        existing = set(
            Comment.objects.filter(article_id=page.pk).values_list("created_at", "submitted_text")
        )
        fresh = [c for c in comments if (c.created_at, c.text) not in existing]
        if not fresh:
            return 0
        created = Comment.objects.bulk_create(
            [
                Comment(
                    article_id=page.pk,
                    nickname=legacy.nickname[:30],
                    text=legacy.text,
                    submitted_text=legacy.text,
                    status=Comment.Status.APPROVED,
                    client_hash=address_hash(legacy.ip or "unknown"),
                    moderated_at=legacy.created_at,
                )
                for legacy in fresh
            ]
        )
        # created_at is auto_now_add, which bulk_create fills with now: keep the old times.
        for comment, legacy in zip(created, fresh, strict=True):
            comment.created_at = legacy.created_at
        Comment.objects.bulk_update(created, ["created_at"])
        return len(created)

    def check_region(self, region, article):
        if article.region_name and article.region_name in CITY_NAMES.values():
            region = region.title if region is not None else ""
            if region != article.region_name:
                article.warnings.append(
                    f"原文地区“{article.region_name}”与所在栏目的城市“{region or '无'}”不一致"
                )

    # Sections --------------------------------------------------------------------

    def section_for(self, article):
        """(section, region): the article's section, created when missing, and the nearest
        city section on the way down to it."""
        parent, region = self.home, None
        for depth in range(1, len(article.section_path) + 1):
            path = article.section_path[:depth]
            section = self.sections.get(path)
            if section is None:
                section = self.find_or_create_section(parent, path, article)
                self.sections[path] = section
            if section.is_city:
                region = section
            parent = section
        return parent, region

    def find_or_create_section(self, parent, path, article):
        slug = path[-1]
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is not None:
            if not isinstance(existing, SectionPage):
                raise ImportProblem(f"/{'/'.join(path)}/ 已被非栏目页面《{existing.title}》占用")
            return existing
        title = article.section_titles.get(path) or CITY_NAMES.get(slug) or slug
        section = SectionPage(
            title=title,
            slug=slug,
            is_city=slug in CITY_NAMES,
            show_in_menus=len(path) == 1,
        )
        with transaction.atomic():
            parent.add_child(instance=section)
            section.save_revision().publish()
        self.sections_created.append("/" + "/".join(path) + "/")
        if title == slug:
            article.warnings.append(f"新建栏目 /{'/'.join(path)}/ 暂以目录名为标题,请在后台改名")
        return section

    # Tags ------------------------------------------------------------------------

    @staticmethod
    def clean_tags(names):
        tags = []
        for name in names:
            name = name.strip()[:100]
            if name and name.lower() not in (tag.lower() for tag in tags):
                tags.append(name)
        return tags

    def tag_objects(self, names):
        tags = []
        for name in self.clean_tags(names):
            key = name.lower()
            if key not in self.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    with transaction.atomic():
                        tag = Tag.objects.create(name=name)
                self.tags[key] = tag
            tags.append(self.tags[key])
        return tags

    # Body and images ---------------------------------------------------------------

    def body_blocks(self, article):
        blocks, image_keys, paragraphs = [], [], []

        def flush():
            if paragraphs:
                blocks.append(("paragraph", "".join(paragraphs)))
                paragraphs.clear()

        for kind, value in article.body:
            if kind == "paragraph":
                paragraphs.append(value)
                continue
            if kind == "image":
                image, key = self.image_for(value, article)
                if image is None and key is None:
                    name = value.alt or value.caption or "图片"
                    paragraphs.append(
                        f'<p><a href="{escape_attribute(value.src)}">[{name}]</a></p>'
                    )
                    continue
                flush()
                image_keys.append(key)
                alt = value.alt or value.caption or f"{article.title}配图"
                blocks.append(
                    (
                        "image",
                        {
                            "image": {"image": image, "decorative": False, "alt_text": alt[:250]},
                            "caption": value.caption[:250],
                        },
                    )
                )
                continue
            flush()
            if kind == "heading":
                blocks.append(("heading", {"text": value, "level": "h2"}))
            elif kind == "table":
                blocks.append(
                    (
                        "table",
                        {
                            "first_row_is_table_header": value["header"],
                            "first_col_is_header": False,
                            "data": value["rows"],
                        },
                    )
                )
        flush()
        return blocks, image_keys

    def image_for(self, ref: ImageRef | None, article):
        """(image or None, content hash or None); a missing file is a warning, not a failure."""
        if ref is None:
            return None, None
        path = self.local_file(ref.src, article.base_dir)
        if path is None:
            article.warnings.append(
                f"图片 {ref.src} 找不到本地文件(用 --media-root 指定旧站文件目录),正文中保留为链接"
            )
            return None, None
        with path.open("rb") as file:
            key = hash_filelike(file)  # Wagtail's own file_hash, so the library dedupes too
        if key in self.images:
            return self.images[key], key
        image_model = get_image_model()
        image = image_model.objects.filter(file_hash=key).first()
        if image is None and not self.dry_run:
            image = image_model(title=(ref.alt or path.stem)[:255])
            image.file = ImageFile(path.open("rb"), name=path.name)
            try:
                image._set_image_file_metadata()
                with transaction.atomic():
                    image.full_clean()
                    image.save()
            except ValidationError as error:
                article.warnings.append(f"图片 {ref.src} 无法导入:{'; '.join(error.messages)}")
                return None, None
            finally:
                image.file.close()
            self.images_created += 1
        self.images[key] = image
        return image, key

    def local_file(self, src, base_dir):
        path = unquote(urlsplit(src).path)
        if not path or Path(path).suffix.lower() not in IMAGE_EXTENSIONS:
            return None
        relative = path.lstrip("/")
        candidates = []
        if base_dir and not src.startswith(("http://", "https://", "/")):
            candidates.append(Path(base_dir) / relative)
        candidates.extend(root / relative for root in self.media_roots)
        for candidate in candidates:
            with contextlib.suppress(OSError):
                if candidate.is_file():
                    return candidate
        return None

    # After the run -------------------------------------------------------------------

    def finish(self, chunk_size=500):
        """Index the written articles in bulk, rebuild their references, refresh the cache."""
        if self.dry_run or not (self.written_ids or self.sections_created):
            return
        from wagtail.models import ReferenceIndex

        from modelsearch.backends import get_search_backends

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
                    ReferenceIndex.create_or_update_for_object(page)
        purge_everything()
        return index_errors


def next_sibling_path(path):
    """treebeard's MP_Node._inc_path, without building a page instance for it."""
    position = Page._int2str(Page._str2int(path[-Page.steplen :]) + 1)
    if len(position) > Page.steplen:
        raise ImportProblem(f"栏目下的页面太多,树路径 {path} 已用完")
    return path[: -Page.steplen] + position.rjust(Page.steplen, Page.alphabet[0])


def escape_attribute(value):
    from html import escape

    return escape(value, quote=True)

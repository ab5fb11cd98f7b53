"""Writing a legacy 图集 (DedeCMS `dede_addonimages`) as a GalleryPage.

Galleries are a small share of a portal's archive, so each is written through Page.save
with its photos as child rows, not in the article batches of bulk.py; the rest is as for
an article: the old number, one revision, the import log entry, counts and comments.
"""

from django.db.models import F

from wagtail.models import Page

from galleries.models import MAX_GALLERY_IMAGES, GalleryImage, GalleryPage
from news.models import ArticleTag

from .counts_and_comments import store_comments, store_view_count
from .fields import body_blocks, new_page, page_fields, truncated
from .provenance import fingerprint, import_log_entry
from .records import CREATED, UNCHANGED, UPDATED, ImportProblem, LegacyArticle


def write_gallery(writer, article: LegacyArticle):
    """Create, update or leave one gallery; returns the writer's CREATED/UPDATED/UNCHANGED."""
    fields = page_fields(article)
    existing, imported = writer.existing_article(article)
    if len(article.gallery_images) > MAX_GALLERY_IMAGES:
        article.warnings.append(
            f"图集超过 {MAX_GALLERY_IMAGES} 张,只导入前 {MAX_GALLERY_IMAGES} 张"
        )
    body, image_keys = body_blocks(article, writer.images)
    photos = []
    for ref in article.gallery_images[:MAX_GALLERY_IMAGES]:
        image, key = writer.images.image_for(ref, article)
        if image is not None:
            photos.append((image, ref))
            image_keys.append(key)
    if not photos and not writer.dry_run:
        raise ImportProblem("图集里没有一张能导入的图片(用 --media-root 指定旧站文件目录)")
    source_fingerprint = fingerprint(article, fields, body, image_keys, None)
    if writer.dry_run:
        if existing is None:
            return CREATED
        return UNCHANGED if imported.get("fingerprint") == source_fingerprint else UPDATED
    if existing is not None and imported.get("fingerprint") == source_fingerprint:
        counted = store_view_count(existing, article.view_count, new=False)
        commented = store_comments(existing, article.comments)
        return UPDATED if counted or commented else UNCHANGED
    parent, region = writer.sections.section_for(article)
    tags = writer.tags.tags_for(article.tags)
    gallery_images = [
        GalleryImage(
            image=image,
            caption=truncated(ref.caption, 500, "图片说明", article.warnings),
            sort_order=index,
        )
        for index, (image, ref) in enumerate(photos)
    ]
    if existing is None:
        # Articles waiting in the batch hold tree positions; place this one after them.
        writer.flush()
        writer.positions.clear()
        page = new_page(article.number, fields, body, photos[0][0], page_class=GalleryPage)
        page.gallery_images = gallery_images
        writer.positions.place(page, parent, region, ())
        page.find_region = lambda: region  # save() would query for it
        page.save(clean=False, log_action=None)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        writer.positions.clear()
        new = True
        result = CREATED
    else:
        page = GalleryPage.objects.filter(pk=existing.pk).first()
        if page is None:
            raise ImportProblem(f"文章编号 {article.number} 已是一篇普通文章,不能改成图集")
        if page.get_parent().pk != parent.pk:
            page.move(parent, pos="last-child")
            page.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        page.body = body
        page.featured_image = photos[0][0]
        page.gallery_images = gallery_images
        page.save()
        ArticleTag.objects.filter(content_object=page).delete()
        new = False
        result = UPDATED
    ArticleTag.objects.bulk_create([ArticleTag(content_object=page, tag=tag) for tag in tags])
    writer.save_revision(page)
    store_view_count(page, article.view_count, new=new)
    store_comments(page, article.comments)
    import_log_entry(page, article, source_fingerprint).save()
    writer.written_ids.append(page.pk)
    return result

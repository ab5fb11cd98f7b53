"""A legacy article as page data: fields, body blocks and tags of its article page."""

from html import escape

from django.db import transaction

from taggit.models import Tag

from news.models import ArticlePage

from .records import ImportProblem

DEFAULT_EDITOR = "网络编辑"
# The keys of page_fields(): what a page waiting in a batch is rebuilt from.
FIELD_NAMES = [
    "title", "draft_title", "short_title", "summary", "editor_name", "source", "publish_time",
    "is_headline", "is_recommended", "is_slideshow", "is_sticky", "live", "seo_title",
]  # fmt: skip


def truncated(value, limit, label, warnings):
    value = (value or "").strip()
    if len(value) > limit:
        warnings.append(f"{label}超过 {limit} 字,已截断")
        return value[:limit]
    return value


def page_fields(article):
    """The article page's own fields; what is too long is cut, with a warning."""
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


def new_page(number, fields, body, featured, page_class=ArticlePage):
    """An unsaved article page (or a `page_class` derived from it), live as of its old
    publish time if it was live."""
    return page_class(
        **fields,
        slug=str(number),
        article_number=number,
        body=body,
        featured_image=featured,
        first_published_at=fields["publish_time"] if fields["live"] else None,
        last_published_at=fields["publish_time"] if fields["live"] else None,
        has_unpublished_changes=not fields["live"],
    )


def body_blocks(article, images):
    """(StreamField blocks, content hashes of their images) for the article's body.

    Consecutive paragraphs become one rich text block; `images` (a media.ImageLibrary)
    finds or creates the images. An image without a local file stays a link in the text.
    """
    blocks, image_keys, paragraphs = [], [], []

    def end_paragraphs():
        if paragraphs:
            blocks.append(("paragraph", "".join(paragraphs)))
            paragraphs.clear()

    for kind, value in article.body:
        if kind == "paragraph":
            paragraphs.append(value)
            continue
        if kind == "image":
            image, key = images.image_for(value, article)
            if image is None and key is None:
                name = value.alt or value.caption or "图片"
                src = escape(value.src, quote=True)
                paragraphs.append(f'<p><a href="{src}">[{name}]</a></p>')
                continue
            end_paragraphs()
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
        end_paragraphs()
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
    end_paragraphs()
    return blocks, image_keys


def clean_tags(names):
    """Tag names stripped, cut to 100 characters, without empty ones or case duplicates."""
    tags = []
    for name in names:
        name = name.strip()[:100]
        if name and name.lower() not in (tag.lower() for tag in tags):
            tags.append(name)
    return tags


class TagLibrary:
    """Tag rows by name (case-insensitive, as TAGGIT_CASE_INSENSITIVE), created when missing
    and remembered for the run."""

    def __init__(self):
        self.by_name = {}

    def clear(self):
        self.by_name.clear()

    def tags_for(self, names):
        tags = []
        for name in clean_tags(names):
            key = name.lower()
            if key not in self.by_name:
                tag = Tag.objects.filter(name__iexact=name).first()
                if tag is None:
                    with transaction.atomic():
                        tag = Tag.objects.create(name=name)
                self.by_name[key] = tag
            tags.append(self.by_name[key])
        return tags

"""Every text an editor wrote on a page, with a Chinese label saying where it is.

Generic on purpose: the walk reads a page's own text fields, rich text, StreamField
blocks (structs, lists, tables) and the inline objects attached by ParentalKey (a
gallery's photo captions), so galleries, topics and live blogs are covered without this
app importing them. Labels come from the fields' and blocks' own Chinese names:
"正文 第3个正文段落 第2段", "图集图片 第4项 图片说明".
"""

from html.parser import HTMLParser

from django.db import models

from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.rich_text import RichText

# Page's own fields an editor writes; the rest (slug, paths, draft title) are machinery.
PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")
# Text that is an address or an identifier, not prose.
NOT_PROSE = (models.SlugField, models.URLField, models.EmailField, models.GenericIPAddressField)
# Block-level tags end a paragraph of rich text.
PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "pre"}


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in PARAGRAPH_TAGS or tag == "br":
            self.flush()

    def handle_endtag(self, tag):
        if tag in PARAGRAPH_TAGS:
            self.flush()

    def handle_data(self, data):
        self.current.append(data)

    def flush(self):
        text = "".join(self.current)
        self.current = []
        if text.strip():
            self.paragraphs.append(text)


def html_paragraphs(html):
    """The visible text of stored rich text, one string per paragraph."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.paragraphs


def rich_text_texts(html, location):
    paragraphs = html_paragraphs(html)
    if len(paragraphs) == 1:
        yield paragraphs[0], location
        return
    for number, paragraph in enumerate(paragraphs, 1):
        yield paragraph, f"{location} 第{number}段".strip()


def _label(block, fallback=""):
    return str(block.label or block.name or fallback)


def block_texts(block, value, location):
    """(text, location) pairs in one block's value, any depth."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock) or isinstance(value, RichText):
        yield from rich_text_texts(getattr(value, "source", str(value)), location)
    elif isinstance(block, TableBlock):
        for row_number, row in enumerate((value or {}).get("data") or [], 1):
            for column_number, cell in enumerate(row or [], 1):
                if isinstance(cell, str) and cell.strip():
                    yield cell, f"{location} 第{row_number}行第{column_number}列"
    elif isinstance(block, blocks.StreamBlock):
        for number, child in enumerate(value, 1):
            child_location = f"{location} 第{number}个{_label(child.block, child.block_type)}"
            yield from block_texts(child.block, child.value, child_location)
    elif isinstance(block, blocks.ListBlock):
        for number, item in enumerate(value, 1):
            yield from block_texts(block.child_block, item, f"{location} 第{number}项")
    elif isinstance(block, ImageBlock):
        # Its value is the image itself; what the editor wrote for this use is the alt text.
        alt_text = getattr(value, "contextual_alt_text", "") or ""
        if alt_text.strip():
            yield alt_text, f"{location} 替代文字"
    elif isinstance(block, blocks.StructBlock):
        if not hasattr(value, "get"):
            return
        for name, child_block in block.child_blocks.items():
            child_location = f"{location} {_label(child_block, name)}"
            yield from block_texts(child_block, value.get(name), child_location)
    elif isinstance(block, blocks.ChoiceBlock | blocks.URLBlock | blocks.EmailBlock):
        return
    elif isinstance(block, blocks.FieldBlock) and isinstance(value, str) and value.strip():
        yield value, location


def is_prose(field):
    if isinstance(field, StreamField | RichTextField):
        return True
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, NOT_PROSE)
        and field.editable
        and not field.choices
    )


def object_texts(instance, prefix="", skip=()):
    """(text, location) pairs in one model instance's own fields."""
    for field in instance._meta.concrete_fields:
        if field.name in skip or not is_prose(field):
            continue
        value = getattr(
            instance, field.attname if not isinstance(field, StreamField) else field.name
        )
        location = f"{prefix}{field.verbose_name}"
        if isinstance(field, StreamField):
            yield from block_texts(field.stream_block, value, location)
        elif isinstance(field, RichTextField):
            yield from rich_text_texts(value, location)
        elif value and str(value).strip():
            yield str(value), location


def child_relations(model):
    """The ParentalKey relations an editor fills inline (not tags, not review comments)."""
    for relation in model._meta.related_objects:
        related = relation.related_model
        if not isinstance(relation.remote_field, ParentalKey):
            continue
        if related._meta.app_label == "wagtailcore" or issubclass(related, ItemBase):
            continue
        yield relation


def page_texts(page):
    """(text, location) pairs for the whole page: its fields, then its inline objects."""
    page_only = {field.name for field in Page._meta.concrete_fields} - set(PAGE_TEXT_FIELDS)
    yield from object_texts(page, skip=page_only)
    for relation in child_relations(type(page)):
        manager = getattr(page, relation.get_accessor_name(), None)
        if manager is None:
            continue
        label = relation.related_model._meta.verbose_name
        for number, child in enumerate(manager.all(), 1):
            yield from object_texts(
                child, prefix=f"{label} 第{number}项 ", skip={relation.field.name}
            )

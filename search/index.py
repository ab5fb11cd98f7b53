"""What a page type tells the search app about itself, through its `search_fields`.

The search app never imports the page types it searches. A page type whose readers see a
publication date of its own (an article's 发布时间) declares it with `PublishDateField`; the search
page then shows, filters and sorts by that date. Pages without one are dated by Wagtail's
`first_published_at`.
"""

from django.db.models import F, Manager
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.utils.encoding import force_str

from wagtail.models import Page
from wagtail.search import index


class PublishDateField(index.FilterField):
    """A `FilterField` that is also the page type's publication date for the search page."""


def declared_publish_date(model):
    """The field name a model declares with `PublishDateField`, or None."""
    for field in model.get_search_fields():
        if isinstance(field, PublishDateField):
            return field.field_name
    return None


def dated_page_model():
    """(model, field name) to filter and sort search results by date.

    The one page type that declares its own publication date; with none (or, ambiguously,
    several) every page is dated by `first_published_at`.
    """
    declared = [
        (model, name)
        for model in index.get_indexed_models()
        if issubclass(model, Page) and (name := declared_publish_date(model))
    ]
    # A page type derived from the declaring one (a gallery or a live blog is an article)
    # shares its date: only the most general declaring type counts.
    declared = [
        (model, name)
        for model, name in declared
        if not any(model is not other and issubclass(model, other) for other, _ in declared)
    ]
    if len(declared) == 1:
        return declared[0]
    return Page, "first_published_at"


def publish_date_expression(model):
    """A database expression for the publication date of `model`'s rows, or None.

    For a queryset of a parent model (e.g. `Page`), the dated page type's own date is reached
    through the multi-table inheritance join, falling back to `first_published_at`.
    """
    if name := declared_publish_date(model):
        return F(name)
    if not issubclass(model, Page):
        return None
    dated_model, name = dated_page_model()
    if dated_model is not model and issubclass(dated_model, model):
        path = dated_model._meta.get_path_from_parent(model)
        lookup = LOOKUP_SEP.join([*(step.join_field.name for step in path), name])
        return Coalesce(F(lookup), F("first_published_at"))
    return F("first_published_at")


def publish_date_of(page):
    """The publication date a reader sees for a (specific) page."""
    name = declared_publish_date(type(page))
    if name:
        return getattr(page, name)
    return getattr(page, "first_published_at", None)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(_as_text(item) for item in value.values())
    return force_str(value)


def field_texts(obj, field):
    """(search field, text) for one `search_fields` entry of `obj`, following RelatedFields."""
    if isinstance(field, (index.SearchField, index.AutocompleteField)):
        yield field, _as_text(field.get_value(obj))
    elif isinstance(field, index.RelatedFields):
        prefetched = getattr(obj, "_prefetched_objects_cache", {})
        if field.field_name in prefetched:
            # What get_indexed_objects() prefetched: going through the manager instead builds
            # a tags queryset per page first (modelcluster), 10+ s of a 100,000-page rebuild.
            related_objects = prefetched[field.field_name]
        else:
            related = field.get_value(obj)
            if related is None:
                return
            if isinstance(related, Manager):
                related_objects = related.all()
            else:
                related_objects = [related() if callable(related) else related]
        for related_object in related_objects:
            for sub_field in field.fields:
                yield from field_texts(related_object, sub_field)


def body_texts(obj):
    """The texts of `obj`'s own searched fields other than its title, in declaration order.

    Related objects (tags…) are left out: they would cost a query per search result.
    """
    for field in obj.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            text = _as_text(field.get_value(obj))
            if text:
                yield text

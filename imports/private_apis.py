"""Every private Django, treebeard, Wagtail and modelsearch API the importer relies on.

The writer skips two things per article because they cost more than the whole rest of an
import (measured with bench/import_bench.py): the search-index update on each save and the
reference-index update on each save; both are done in bulk at the end. It also places and
inserts new pages itself instead of treebeard's add_child (which reads the parent's last
child for every page) and a save() per article. That takes a few names that are not public
API. They are all here, each with what it is and why the importer uses it, so an upgrade of
Django, treebeard, Wagtail or modelsearch has one module to check;
tests/imports/test_private_apis.py fails when one of them changes.

Not listed: `Model._meta` (Django's documented Model _meta API) and public methods such as
`Page.set_url_path`, `Page.serializable_data` and `get_search_backends`.
"""

from django.db import transaction

from wagtail.models import Page, ReferenceIndex

# Wagtail: the name of the page's admin comments relation (settings may rename it), from
# the non-public module wagtail.models.pages. A revision serialises child relations; the bulk
# writer sets this one to [] on new pages so modelcluster does not query for comments that
# cannot exist yet.
from wagtail.models.pages import COMMENTS_RELATION_NAME

# Wagtail: the context manager that turns off the reference index's post_save update, from
# the non-public module wagtail.signal_handlers. The import rebuilds the references of the
# articles it wrote once at the end (record_references) instead of on each save.
from wagtail.signal_handlers import disable_reference_index_auto_update

# Wagtail: the SHA-1 of a file that images store as `file_hash`, from the non-public module
# wagtail.utils.file. Hashing a legacy file the same way finds an image already in the
# library (from an earlier import or an editor's upload) instead of storing it twice.
from wagtail.utils.file import hash_filelike

# modelsearch: the post_save receiver that re-indexes each saved object. The import
# disconnects it for the article model while it runs and indexes the written articles in
# bulk at the end (add_bulk), instead of one index update per save.
from modelsearch.signal_handlers import post_save_signal_handler

from .records import ImportProblem

__all__ = [
    "COMMENTS_RELATION_NAME",
    "batched_insert",
    "disable_reference_index_auto_update",
    "first_child_path",
    "hash_filelike",
    "mark_saved",
    "next_sibling_path",
    "post_save_signal_handler",
    "record_references",
    "set_cached_parent",
    "set_image_file_metadata",
]


def batched_insert(model, objs, fields):
    """Insert `objs` as rows of `model`'s own table in multi-row INSERTs.

    Django: QuerySet._batched_insert(objs, fields, batch_size), the helper behind
    bulk_create. bulk_create refuses multi-table models; once the parent (Page) rows are in,
    the child (article) rows are one multi-row INSERT of the child table's own columns
    instead of a save() per article. batch_size None lets the database backend choose.
    """
    model.objects.get_queryset()._batched_insert(objs, fields, None)


def mark_saved(instance):
    """Django: Model._state.adding (documented, but underscored), which bulk_create clears
    on the objects it inserts; the bulk writer inserts the rows itself and does the same."""
    instance._state.adding = False


def next_sibling_path(path):
    """treebeard: MP_Node._inc_path, the path of the node after `path` among its siblings,
    without building a page instance for it (uses MP_Node._str2int and _int2str).

    The bulk writer gives new pages their tree positions itself: treebeard's add_child
    reads the parent's last child for every page.
    """
    position = Page._int2str(Page._str2int(path[-Page.steplen :]) + 1)
    if len(position) > Page.steplen:
        raise ImportProblem(f"栏目下的页面太多,树路径 {path} 已用完")
    return path[: -Page.steplen] + position.rjust(Page.steplen, Page.alphabet[0])


def first_child_path(parent):
    """treebeard: MP_Node._get_path, the path of the first child of a node without any."""
    return Page._get_path(parent.path, parent.depth + 1, 1)


def set_cached_parent(page, parent):
    """treebeard: MP_Node._cached_parent_obj, where get_parent() keeps the parent it read.
    Validating a new page asks for its parent (slug check); the writer already has it."""
    page._cached_parent_obj = parent


def set_image_file_metadata(image):
    """Wagtail: AbstractImage._set_image_file_metadata, which sets file_size and file_hash
    as the admin's upload form does; without it an imported image has no hash and the
    library could not find it again."""
    image._set_image_file_metadata()


def record_references(instance):
    """Wagtail: ReferenceIndex.create_or_update_for_object, what the post_save handler
    disabled during the import would have done (it must run inside a transaction)."""
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(instance)

"""The private Django, treebeard, Wagtail and modelsearch APIs of the bulk writer still work.

Everything imports/private_apis.py relies on, checked against the installed versions: an
upgrade that renames, removes or changes one of them fails here, by name, instead of somewhere
in the middle of an import.
"""

import hashlib
import inspect
import io

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.test import TestCase

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from PIL import Image as PILImage
from treebeard.exceptions import PathOverflow

from imports.private_apis import (
    COMMENTS_RELATION_NAME,
    batched_insert,
    disable_reference_index_auto_update,
    first_child_path,
    hash_filelike,
    mark_saved,
    next_sibling_path,
    post_save_signal_handler,
    record_references,
    set_cached_parent,
    set_image_file_metadata,
)
from imports.records import ImportProblem
from imports.writer import deferred_indexing
from news.models import ArticlePage, SectionPage


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 6), (120, 60, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


class PrivateApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.section = root.add_child(instance=SectionPage(title="测试栏目", slug="private-apis"))

    def add_article(self, number, **fields):
        article = ArticlePage(title=f"文章{number}", slug=str(number), article_number=number)
        for name, value in fields.items():
            setattr(article, name, value)
        return self.section.add_child(instance=article)

    def image_row(self):
        """An image row without a file: enough to be referenced."""
        return get_image_model().objects.create(
            title="题图", file="original_images/private-apis.png", width=8, height=6
        )


class BatchedInsertTests(PrivateApiTestCase):
    def unsaved_articles(self, numbers):
        pages = []
        path = None
        for number in numbers:
            path = next_sibling_path(path) if path else first_child_path(self.section)
            page = ArticlePage(title=f"批量{number}", slug=str(number), article_number=number)
            page.depth, page.path, page.numchild = self.section.depth + 1, path, 0
            page.locale_id = self.section.locale_id
            page.set_url_path(self.section)
            pages.append(page)
        return pages

    def test_batched_insert_takes_objects_fields_and_batch_size(self):
        parameters = list(inspect.signature(QuerySet._batched_insert).parameters)
        self.assertEqual(parameters[:4], ["self", "objs", "fields", "batch_size"])

    def test_bulk_create_still_refuses_multi_table_models(self):
        # The reason for _batched_insert: if this stops failing, bulk_create can do the job.
        with self.assertRaises(ValueError):
            ArticlePage.objects.bulk_create(self.unsaved_articles([9101]))

    def test_batched_insert_writes_the_child_rows_after_their_page_rows_in_one_query(self):
        pages = self.unsaved_articles([9201, 9202, 9203])
        base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
        bases = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages]
        )
        for page, base in zip(pages, bases, strict=True):
            page.id = page.page_ptr_id = base.pk
            mark_saved(page)

        with self.assertNumQueries(1):
            batched_insert(ArticlePage, pages, ArticlePage._meta.local_concrete_fields)

        stored = ArticlePage.objects.filter(pk__in=[base.pk for base in bases])
        self.assertEqual(
            sorted(stored.values_list("article_number", "title", "path")),
            [(page.article_number, page.title, page.path) for page in pages],
        )


class ModelStateTests(PrivateApiTestCase):
    def test_mark_saved_matches_what_bulk_create_leaves_on_its_objects(self):
        inserted = Tag(name="批量", slug="piliang")
        Tag.objects.bulk_create([inserted])
        built = Tag(name="手建", slug="shoujian")
        mark_saved(built)
        self.assertEqual((inserted._state.adding, built._state.adding), (False, False))

    def test_a_row_marked_saved_is_not_its_own_unique_duplicate(self):
        stored = Tag.objects.create(name="唯一", slug="weiyi")
        copy = Tag(pk=stored.pk, name=stored.name, slug=stored.slug)
        with self.assertRaises(ValidationError):
            copy.validate_unique()
        mark_saved(copy)
        copy.validate_unique()


class TreePathTests(PrivateApiTestCase):
    def test_next_sibling_path_agrees_with_treebeards_inc_path(self):
        for path in [
            "0001",
            "00010001",
            "00010009",
            "0001000Z",
            "000100ZY",
            "00010AZZ",
            "0001ZZZY",
        ]:
            with self.subTest(path=path):
                self.assertEqual(next_sibling_path(path), Page(path=path)._inc_path())

    def test_next_sibling_path_refuses_a_full_level_like_treebeard(self):
        with self.assertRaises(PathOverflow):
            Page(path="0001ZZZZ")._inc_path()
        with self.assertRaises(ImportProblem):
            next_sibling_path("0001ZZZZ")

    def test_treebeard_numbers_path_steps_in_its_alphabet(self):
        alphabet = Page.alphabet
        self.assertEqual(Page._int2str(len(alphabet)), alphabet[1] + alphabet[0])
        last_of_first_block = alphabet[0] * (Page.steplen - 1) + alphabet[-1]
        self.assertEqual(Page._str2int(last_of_first_block), len(alphabet) - 1)

    def test_first_child_path_is_where_add_child_puts_a_first_child(self):
        expected = first_child_path(self.section)
        child = self.section.add_child(instance=SectionPage(title="子栏目", slug="zilanmu"))
        self.assertEqual(child.path, expected)

    def test_next_sibling_path_is_where_add_child_puts_the_next_child(self):
        first = self.section.add_child(instance=SectionPage(title="一", slug="yi"))
        second = Page.objects.get(pk=self.section.pk).add_child(
            instance=SectionPage(title="二", slug="er")
        )
        self.assertEqual(second.path, next_sibling_path(first.path))

    def test_get_parent_returns_the_cached_parent_without_a_query(self):
        page = SectionPage(title="新栏目", slug="xin", path=first_child_path(self.section))
        page.depth = self.section.depth + 1
        set_cached_parent(page, self.section)
        with self.assertNumQueries(0):
            self.assertIs(page.get_parent(), self.section)


class CommentsRelationTests(PrivateApiTestCase):
    def test_comments_relation_is_serialised_with_the_page(self):
        article = ArticlePage.objects.get(pk=self.add_article(9301).pk)
        self.assertIn(COMMENTS_RELATION_NAME, article.serializable_data())

    def test_given_child_relations_serialise_without_queries(self):
        article = ArticlePage.objects.get(pk=self.add_article(9302).pk)
        article.tagged_items = []
        setattr(article, COMMENTS_RELATION_NAME, [])
        with self.assertNumQueries(0):
            data = article.serializable_data()
        self.assertEqual(data[COMMENTS_RELATION_NAME], [])


class ImageFileTests(TestCase):
    def test_image_file_metadata_sets_the_size_and_the_hash_of_hash_filelike(self):
        content = png_bytes()
        image = get_image_model()(title="测试")
        image.file = ImageFile(io.BytesIO(content), name="test.png")
        set_image_file_metadata(image)
        self.assertEqual(image.file_size, len(content))
        self.assertEqual(image.file_hash, hash_filelike(io.BytesIO(content)))

    def test_hash_filelike_is_the_sha1_of_the_whole_file_from_any_position(self):
        content = png_bytes()
        file = io.BytesIO(content)
        file.seek(10)
        sha1 = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        self.assertEqual(hash_filelike(file), sha1)
        self.assertEqual(file.tell(), 10)


class SearchIndexSignalTests(TestCase):
    def test_modelsearch_connects_its_post_save_handler_for_articles(self):
        disconnected = post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
        post_save.connect(post_save_signal_handler, sender=ArticlePage)
        self.assertTrue(disconnected, "post_save_signal_handler is not connected for ArticlePage")

    def test_deferred_indexing_disconnects_the_handler_and_connects_it_again(self):
        with deferred_indexing():
            connected_inside = post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
        connected_after = post_save.disconnect(post_save_signal_handler, sender=ArticlePage)
        post_save.connect(post_save_signal_handler, sender=ArticlePage)
        self.assertEqual((connected_inside, connected_after), (False, True))


class ReferenceIndexTests(PrivateApiTestCase):
    def references_to(self, image, article):
        return ReferenceIndex.get_references_to(image).filter(object_id=str(article.pk))

    def test_saving_an_article_records_its_image_reference(self):
        image = self.image_row()
        with self.captureOnCommitCallbacks(execute=True):
            article = self.add_article(9401, featured_image=image)
        self.assertTrue(self.references_to(image, article).exists())

    def test_disable_reference_index_auto_update_stops_the_update(self):
        image = self.image_row()
        with self.captureOnCommitCallbacks(execute=True), disable_reference_index_auto_update():
            article = self.add_article(9402, featured_image=image)
        self.assertFalse(self.references_to(image, article).exists())

    def test_record_references_records_what_the_disabled_update_left_out(self):
        image = self.image_row()
        with self.captureOnCommitCallbacks(execute=True), disable_reference_index_auto_update():
            article = self.add_article(9403, featured_image=image)
        record_references(article)
        self.assertTrue(self.references_to(image, article).exists())

"""Images and documents under the two-step review.

A file a live page uses is part of what the chief editor published: replacing it (a new
file, a new focal point) or deleting it changes the public page without a revision. So
such a file may be changed or deleted only by someone who may publish every live page
using it; which pages use it comes from Wagtail's reference index. The rule lives in the
permission policy Wagtail's views, choosers and bulk actions all ask, so there is no
view it can be forgotten in.

A document is private until a published page uses it: the download view answers 404 to
readers for a document no live page links to (editors who may choose it still get it).
Images are private in another sense, since renditions are files served from media: the
originals are never served, and an uploaded image is stored under a name nobody can
guess, so its renditions are known only to the pages and admin screens that show them
(docs/media.md).
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.http import Http404

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import page_permission_policy, register_permission_policy

from news.invalidation import paths_for_article
from news.models import ArticlePage
from pagecache.content import content_changed
from pagecache.purge import purge, purge_everything
from video.models import Video

# What a live page's use of a file protects: Wagtail's ownership policy treats delete like
# change, and both would alter the published page.
GUARDED_ACTIONS = frozenset({"change", "delete"})


def _page_references():
    return ReferenceIndex.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))


def live_pages_using(obj):
    """Live pages whose published content uses `obj` (an image or a document)."""
    page_ids = (
        _page_references()
        .filter(
            to_content_type=ContentType.objects.get_for_model(type(obj)),
            to_object_id=str(obj.pk),
        )
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids])


def is_published(obj):
    return live_pages_using(obj).exists()


def _used_by_pages_beyond(user, model):
    """An expression true for a `model` row used by a live page `user` may not publish."""
    publishable = page_permission_policy.instances_user_has_permission_for(user, "publish")
    beyond = (
        Page.objects.live()
        .exclude(pk__in=publishable.values("pk"))
        .annotate(str_pk=Cast("pk", output_field=CharField()))
        .values("str_pk")
    )
    return Exists(
        _page_references().filter(
            to_content_type=ContentType.objects.get_for_model(model),
            to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
            object_id__in=beyond,
        )
    )


class ReviewedMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection and ownership rules, and: a file a live page uses may be
    changed or deleted only by someone who may publish every live page using it."""

    def _unguarded(self, user):
        return user.is_active and user.is_superuser

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        others, guarded = actions - GUARDED_ACTIONS, actions & GUARDED_ACTIONS
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        if not guarded or not super().user_has_any_permission_for_instance(user, guarded, instance):
            return False
        if self._unguarded(user):
            return True
        held = _used_by_pages_beyond(user, self.model)
        return not self.model._default_manager.filter(held, pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        guarded = actions & GUARDED_ACTIONS
        if not guarded or self._unguarded(user) or not user.is_authenticated:
            return super().instances_user_has_any_permission_for(user, actions)
        instances = (
            super()
            .instances_user_has_any_permission_for(user, guarded)
            .exclude(_used_by_pages_beyond(user, self.model))
        )
        if others := actions - guarded:
            instances = instances | super().instances_user_has_any_permission_for(user, others)
        return instances


@functools.cache
def image_permission_policy():
    return ReviewedMediaPermissionPolicy(
        get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
    )


@functools.cache
def document_permission_policy():
    return ReviewedMediaPermissionPolicy(
        get_document_model(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )


@functools.cache
def video_permission_policy():
    # wagtailmedia's permissions are on its own Media model, whichever model stores videos.
    return ReviewedMediaPermissionPolicy(
        Video, auth_model="wagtailmedia.Media", owner_field_name="uploaded_by_user"
    )


def register_permission_policies():
    """Ours for Image and Document, whatever order the apps become ready in.

    wagtail.images and wagtail.documents register theirs in their own ready(), which runs
    after this app's; a policy registered for the exact class is looked up first.
    """
    register_permission_policy(get_image_model(), image_permission_policy(), exact_class=True)
    register_permission_policy(get_document_model(), document_permission_policy(), exact_class=True)
    register_permission_policy(Video, video_permission_policy(), exact_class=True)


def private_until_published(document, request):
    """`before_serve_document`: readers get a document only once a live page links to it."""
    if is_published(document):
        return None
    user = request.user
    if user.is_authenticated and document_permission_policy().user_has_permission_for_instance(
        user, "choose", document
    ):
        return None
    raise Http404("没有这个文件。")


def purge_pages_using(obj):
    """Forget the cached pages that show `obj`, once the change is committed.

    The pages are looked up now: a deleted file's references go with it.
    """
    pages = list(live_pages_using(obj).specific().defer_streamfields())
    elsewhere = (
        ReferenceIndex.get_references_to(obj)
        .exclude(base_content_type=ContentType.objects.get_for_model(Page))
        .exists()
    )
    if not pages and not elsewhere:
        return

    def forget():
        if elsewhere or any(not isinstance(page, ArticlePage) for page in pages):
            purge_everything()  # site settings or a section: every page may show it
            return
        content_changed()  # cached listings hold the file's old renditions
        paths = set()
        for article in pages:
            paths |= paths_for_article(article)
        purge(paths)

    transaction.on_commit(forget)

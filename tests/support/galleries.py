"""Galleries for tests: a GalleryPage with `count` photos, published like an article."""

import datetime

from django.utils import timezone

from galleries.models import GalleryImage, GalleryPage
from tests.support.factories import _numbers, make_image


def make_gallery(
    section,
    title="测试图集",
    *,
    count=3,
    tags=(),
    publish=True,
    minutes_ago=0,
    image=None,
    **fields,
):
    fields.setdefault("article_number", next(_numbers))
    fields.setdefault("slug", f"g{fields['article_number']}")
    fields.setdefault("publish_time", timezone.now() - datetime.timedelta(minutes=minutes_ago))
    gallery = GalleryPage(title=title, **fields)
    gallery.gallery_images = [
        GalleryImage(
            image=image or make_image(f"图集图片{index}"),
            caption=f"第{index + 1}张图片的说明:汾河晨雾",
            credit="王晓燕",
        )
        for index in range(count)
    ]
    section.add_child(instance=gallery)
    if tags:
        gallery.tags.set(list(tags))
    revision = gallery.save_revision()
    if publish:
        revision.publish()
    else:
        GalleryPage.objects.filter(pk=gallery.pk).update(live=False)
    gallery.refresh_from_db()
    return gallery

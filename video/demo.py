"""The demo's video article: an uploaded clip with a poster, and a bilibili player in the body.

Idempotent: run again, it finds the article by its number and changes nothing. The clip
is drawn when the loader runs (video/clips.py), never committed.
"""

import datetime
import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from .clips import demo_clip
from .models import Video

DEMO_VIDEO_ARTICLE_NUMBER = 1950
DEMO_VIDEO_TITLE = "汾河晨景:滨河步道上的一天开始了"
DEMO_EMBED_URL = "https://www.bilibili.com/video/BV1xx411c7mD"


def _collection_named(name):
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root


def ensure_demo_video_file(collection_name="太原"):
    video = Video.objects.filter(title=DEMO_VIDEO_TITLE).first()
    if video is not None:
        return video, 0
    clip, first_frame = demo_clip()
    buffer = io.BytesIO()
    first_frame.resize((960, 540)).save(buffer, format="JPEG", quality=85)
    poster = get_image_model()(title=f"{DEMO_VIDEO_TITLE}(封面)")
    poster.file = ImageFile(buffer, name="demo-video-poster.jpg")
    poster.save()
    collection = _collection_named(collection_name)
    video = Video(
        title=DEMO_VIDEO_TITLE,
        type="video",
        collection=collection,
        poster=poster,
        description="清晨的汾河滨河步道,三秒钟的演示视频。",
        duration=3,
        width=320,
        height=180,
    )
    video.file.save("demo-fenhe-morning.webm", ContentFile(clip), save=False)
    video.save()
    return video, 1


def ensure_demo_video(section):
    """The video article under `section` (a city); returns how many objects were created."""
    # By label: the article model lives in `news`, a layer above this app.
    article_model = apps.get_model("news", "ArticlePage")
    if article_model.objects.filter(article_number=DEMO_VIDEO_ARTICLE_NUMBER).exists():
        return 0
    video, created = ensure_demo_video_file(section.title)
    article = article_model(
        title=DEMO_VIDEO_TITLE,
        slug=str(DEMO_VIDEO_ARTICLE_NUMBER),
        article_number=DEMO_VIDEO_ARTICLE_NUMBER,
        summary="清晨六点,汾河岸边的步道上已经有了晨练的人。视频记录了滨河公园一天的开始。",
        editor_name="网络编辑",
        source="大院网",
        # Fixed, like the loader's other articles: listings look the same on every machine.
        publish_time=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30)),
        featured_image=video.poster,
        lead_video=video,
        body=[
            (
                "paragraph",
                "<p>清晨六点,汾河岸边的步道上已经有了晨练的人。市民们说,"
                "新修的滨河公园让生活多了几分从容。</p>",
            ),
            ("video", {"video": DEMO_EMBED_URL, "caption": "视频平台上的同题视频(演示)"}),
        ],
    )
    section.add_child(instance=article)
    article.tags.set(["汾河", "视频"])
    article.save_revision().publish()
    return created + 1

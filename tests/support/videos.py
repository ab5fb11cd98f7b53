"""Videos for tests: a real (tiny) WebM clip drawn by video/clips.py, with a poster."""

from django.core.files.base import ContentFile

from tests.support.factories import make_image
from video.clips import demo_frames, webm_from_frames
from video.models import Video

_CLIP = None


def clip_bytes():
    global _CLIP  # noqa: PLW0603 - drawn once per test run: every test's clip is the same
    if _CLIP is None:
        _CLIP = webm_from_frames(demo_frames(count=4, size=(64, 36)), fps=4)
    return _CLIP


def make_video(title="测试视频", *, poster=True, collection=None, uploaded_by_user=None):
    video = Video(
        title=title,
        type="video",
        duration=1,
        width=64,
        height=36,
        poster=make_image(f"{title}封面") if poster else None,
        uploaded_by_user=uploaded_by_user,
    )
    if collection is not None:
        video.collection = collection
    video.file.save("clip.webm", ContentFile(clip_bytes()), save=False)
    video.save()
    return video

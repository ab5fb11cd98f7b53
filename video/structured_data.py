"""schema.org VideoObject for a page's videos, without knowing the page type.

A page passes its lead video and its StreamField; the blocks are recognised by their
classes (video/blocks.py), so any page type that uses them gets its videos described.
Search engines want a name, a thumbnail and an upload date for every VideoObject: an
embedded video has no thumbnail we may fetch, so it borrows the page's share picture.
"""

from django.utils import timezone

from .blocks import UploadedVideoBlock, VideoEmbedBlock
from .embeds import embed_or_none


def videos_in_stream(stream):
    """(uploaded Video, caption) and (VideoEmbed, caption) pairs of a StreamValue, in order."""
    found = []
    for child in stream or ():
        if isinstance(child.block, UploadedVideoBlock) and child.value.get("video"):
            found.append((child.value["video"], child.value.get("caption", "")))
        elif isinstance(child.block, VideoEmbedBlock) and (
            embed := embed_or_none(child.value.get("video"))
        ):
            found.append((embed, child.value.get("caption", "")))
    return found


def iso_duration(seconds):
    seconds = round(seconds or 0)
    return f"PT{seconds // 60}M{seconds % 60}S" if seconds > 0 else None


def video_objects(lead_video, stream, *, title, description, upload_date, thumbnail, absolute):
    """VideoObject dicts for a page: its lead video first, then its body's.

    `thumbnail` is the page's share picture address (or None), `absolute` makes a media
    address absolute.
    """
    items = [(lead_video, "")] if lead_video else []
    items += videos_in_stream(stream)
    objects = []
    for video, caption in items:
        data = {
            "@type": "VideoObject",
            "name": (caption or getattr(video, "title", "") or title)[:200],
            "description": (getattr(video, "description", "") or caption or description or title),
            "uploadDate": timezone.localtime(upload_date).isoformat(),
        }
        if hasattr(video, "player_url"):
            data["embedUrl"] = video.player_url
            poster = None
        else:
            data["contentUrl"] = absolute(video.url)
            poster = video.poster_rendition()
            if duration := iso_duration(video.duration):
                data["duration"] = duration
        picture = absolute(poster.url) if poster else thumbnail
        if picture:
            data["thumbnailUrl"] = [picture]
        objects.append(data)
    return objects

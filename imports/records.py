"""What every reader produces: one legacy article, independent of where it came from."""

import datetime
from dataclasses import dataclass, field

# The page log entry each import writes (news/wagtail_hooks.py registers it for the history).
IMPORT_ACTION = "dayuan.import"
# What writing one article did (imports/writer.py, imports/gallery_writer.py).
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class ImportProblem(Exception):
    """Input that cannot be imported; the message (Chinese) says why, for the summary."""


@dataclass(frozen=True)
class ImageRef:
    """An image the old page showed: where it was, and where a local copy may be."""

    src: str
    alt: str = ""
    caption: str = ""


@dataclass
class LegacyComment:
    nickname: str
    text: str
    created_at: datetime.datetime
    legacy_id: str = ""
    ip: str = ""


@dataclass
class LegacyArticle:
    """One article as the old portal had it.

    `body` is a list of segments: ("paragraph", sanitized rich text HTML),
    ("heading", text) or ("image", ImageRef).
    """

    source: str  # file name or table row, for messages
    number: int
    section_path: tuple[str, ...]
    title: str
    publish_time: datetime.datetime
    legacy_url: str = ""
    section_titles: dict[tuple[str, ...], str] = field(default_factory=dict)
    editor_name: str = ""
    region_name: str = ""
    source_name: str = ""
    short_title: str = ""
    summary: str = ""
    view_count: int = 0
    tags: list[str] = field(default_factory=list)
    body: list[tuple[str, object]] = field(default_factory=list)
    featured_image: ImageRef | None = None
    live: bool = True
    is_headline: bool = False
    is_recommended: bool = False
    is_slideshow: bool = False
    is_sticky: bool = False
    comments: list[LegacyComment] = field(default_factory=list)
    # A DedeCMS 图集's photos in order (caption in ImageRef.caption): written as a gallery.
    gallery_images: list[ImageRef] = field(default_factory=list)
    # Directory that relative image addresses are resolved against (a saved page's folder).
    base_dir: str = ""
    warnings: list[str] = field(default_factory=list)

"""The meta line under an article title: editor, region, time, count and tags.

On the reference portal it reads `网络编辑 忻州 2022-11-17 18:02:44 0 疫情 防控 工作`:
fields separated by ordinary spaces, tags by no-break spaces (U+00A0; ideographic spaces
U+3000 in GBK saves, which cannot encode U+00A0). Any field but the time may be missing.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field

from .records import ImportProblem

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")
TIME = re.compile(r"([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?")
FIELD_SEPARATOR = re.compile(r"[ \t]+")
TAG_SEPARATOR = re.compile(r"[\u00a0\u3000,,;;、]+")
LABEL = re.compile(
    r"^(?:作者|编辑|责任编辑|网络编辑|来源|发布时间|时间|阅读|点击|浏览|标签|关键词)[::]"
)


@dataclass
class MetaLine:
    publish_time: datetime.datetime
    editor_name: str = ""
    region_name: str = ""
    view_count: int = 0
    tags: list[str] = field(default_factory=list)


def has_date(text: str) -> bool:
    return any(DATE.fullmatch(token) for token in FIELD_SEPARATOR.split(text.strip()))


def parse_meta_line(text: str, *, tags_hint=None) -> MetaLine:
    """Parse a meta line; `tags_hint` (tags known from links) replaces the trailing tags."""
    tokens = [token for token in FIELD_SEPARATOR.split(text.strip()) if token]
    date_index = next((i for i, token in enumerate(tokens) if DATE.fullmatch(token)), None)
    if date_index is None:
        raise ImportProblem(f"元数据行“{text.strip()[:60]}”缺少发布时间(应为 YYYY-MM-DD HH:MM:SS)")
    time_token = tokens[date_index + 1] if date_index + 1 < len(tokens) else ""
    has_time = bool(TIME.fullmatch(time_token))
    publish_time = parse_beijing_time(tokens[date_index], time_token if has_time else "")
    before = [LABEL.sub("", token) for token in tokens[:date_index]]
    before = [token for token in before if token]
    after = tokens[date_index + (2 if has_time else 1) :]
    meta = MetaLine(publish_time=publish_time)
    if before:
        meta.editor_name = before[0] if len(before) == 1 else " ".join(before[:-1])
        if len(before) > 1:
            meta.region_name = before[-1]
    if after and LABEL.sub("", after[0]).isdigit():
        meta.view_count = int(LABEL.sub("", after[0]))
        after = after[1:]
    if tags_hint is not None:
        meta.tags = list(tags_hint)
    else:
        meta.tags = unique(tag for token in after for tag in TAG_SEPARATOR.split(token) if tag)
    return meta


def parse_beijing_time(date_text: str, time_text: str = "") -> datetime.datetime:
    shown = f"{date_text} {time_text}".strip()
    date_match = DATE.fullmatch(date_text)
    time_match = TIME.fullmatch(time_text) if time_text else None
    if not date_match or (time_text and not time_match):
        raise ImportProblem(f"发布时间“{shown}”无法识别(应为 YYYY-MM-DD HH:MM:SS)")
    hour, minute, second = (
        (int(time_match[1]), int(time_match[2]), int(time_match[3] or 0))
        if time_match
        else (0, 0, 0)
    )
    try:
        naive = datetime.datetime(
            int(date_match[1]), int(date_match[2]), int(date_match[3]), hour, minute, second
        )
    except ValueError:
        raise ImportProblem(f"发布时间“{shown}”不是真实存在的日期时间") from None
    return naive.replace(tzinfo=BEIJING)


def unique(items):
    seen = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.append(item)
    return seen

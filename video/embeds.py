"""Videos hosted elsewhere: an allowlist of Chinese video hosts, and nothing else.

Wagtail's EmbedBlock asks the host's oEmbed endpoint for the player, a request from our
server to an address an editor typed. Here no request is made at all: the player's
address is built from the share address by pattern, for the four hosts readers here use
(哔哩哔哩, 腾讯视频, 优酷, 央视频). Any other address, any other scheme (javascript:,
data:), a short link that would need following (b23.tv) or an address without a video id
is refused with a message saying which addresses work. The public pages' CSP frame-src
lists exactly the player origins below (`PLAYER_ORIGINS`, site settings).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError

ACCEPTED_HOSTS_TEXT = (
    "哔哩哔哩(bilibili.com)、腾讯视频(v.qq.com)、优酷(youku.com)、央视频(yangshipin.cn)"
)
MAX_URL_LENGTH = 500

# Ids as each host prints them; anything else in their place is refused, so the player
# address never carries markup or a second URL.
BILIBILI_ID = re.compile(r"/video/(?:(BV[0-9A-Za-z]{10})|av([1-9][0-9]{0,15}))/?")
QQ_ID = re.compile(r"/x/(?:page|cover/[0-9a-z]{1,40})/([0-9a-z]{11})\.html")
YOUKU_ID = re.compile(r"/v_show/id_([0-9A-Za-z]{1,40}={0,2})\.html")
YANGSHIPIN_ID = re.compile(r"[0-9a-z]{1,40}")


@dataclass(frozen=True)
class VideoEmbed:
    """A video on one of the allowed hosts."""

    host_label: str
    share_url: str
    player_url: str


def _bilibili(parts):
    if match := BILIBILI_ID.fullmatch(parts.path):
        query = {"bvid": match[1]} if match[1] else {"aid": match[2]}
        # autoplay=0: bilibili's player starts by itself otherwise.
        query.update(autoplay="0", high_quality="1")
        return "https://player.bilibili.com/player.html?" + urlencode(query)
    return None


def _qq(parts):
    if match := QQ_ID.fullmatch(parts.path):
        return "https://v.qq.com/txp/iframe/player.html?" + urlencode({"vid": match[1]})
    return None


def _youku(parts):
    if match := YOUKU_ID.fullmatch(parts.path):
        return f"https://player.youku.com/embed/{match[1]}"
    return None


def _yangshipin(parts):
    vids = parse_qs(parts.query).get("vid", [])
    if len(vids) == 1 and YANGSHIPIN_ID.fullmatch(vids[0]):
        return "https://w.yangshipin.cn/video?" + urlencode({"type": "0", "vid": vids[0]})
    return None


# host → (label, player builder). Exact host names: no wildcard, so evil-bilibili.com or
# bilibili.com.example.net never match.
HOSTS = {
    "www.bilibili.com": ("哔哩哔哩", _bilibili),
    "bilibili.com": ("哔哩哔哩", _bilibili),
    "m.bilibili.com": ("哔哩哔哩", _bilibili),
    "v.qq.com": ("腾讯视频", _qq),
    "m.v.qq.com": ("腾讯视频", _qq),
    "v.youku.com": ("优酷", _youku),
    "m.youku.com": ("优酷", _youku),
    "w.yangshipin.cn": ("央视频", _yangshipin),
    "www.yangshipin.cn": ("央视频", _yangshipin),
    "yangshipin.cn": ("央视频", _yangshipin),
}
# What the players are framed from: the CSP frame-src of public pages (settings) must
# list exactly these (tests/video/test_embeds.py checks it).
PLAYER_ORIGINS = (
    "https://player.bilibili.com",
    "https://v.qq.com",
    "https://player.youku.com",
    "https://w.yangshipin.cn",
)


def parse_video_url(url):
    """The VideoEmbed for a share address, or ValidationError with a Chinese message."""
    if not isinstance(url, str):
        raise ValidationError("请填写视频网页的地址。", code="invalid")
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(f"视频地址太长(最多 {MAX_URL_LENGTH} 个字符)。", code="too_long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValidationError("这不是一个有效的网址。", code="invalid") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            f"只能填写以 https:// 开头的视频网页地址,支持:{ACCEPTED_HOSTS_TEXT}。",
            code="scheme",
        )
    host = parts.hostname.lower()
    if host not in HOSTS or parts.username or parts.password or port not in (None, 80, 443):
        raise ValidationError(
            f"不支持这个网站的视频。只能嵌入以下平台的视频:{ACCEPTED_HOSTS_TEXT}。",
            code="host",
        )
    label, build = HOSTS[host]
    player_url = build(parts)
    if player_url is None:
        raise ValidationError(
            f"没有从这个地址中找到{label}的视频编号。请打开视频播放页,复制浏览器地址栏中的完整地址"
            "(不要使用短链接)。",
            code="no_video_id",
        )
    return VideoEmbed(host_label=label, share_url=url, player_url=player_url)


def embed_or_none(url):
    """The VideoEmbed for a stored address, or None when it is not (or no longer) allowed."""
    try:
        return parse_video_url(url)
    except ValidationError:
        return None

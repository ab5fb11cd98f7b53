"""The plain-text form of a portal article page (a sample is in tests/fixtures/import/text/).

<site name>
(blank and no-break-space lines, a lone count)
<title>
<meta line>
<body paragraphs, one per line>
扫一扫在手机打开当前页面      ← page furniture from here on, never article text
… 版权声明 … 本文地址:<old address> … 留言与评论 … 验证码 … 关于 … footer
"""

import re
from html import escape

from .addresses import parse_legacy_address
from .meta_line import has_date, parse_meta_line
from .records import ImportProblem, LegacyArticle

# Lines that begin the page furniture after the body; none of them starts article text.
FURNITURE_STARTS = (
    "扫一扫在手机",
    "扫一扫",
    "版权声明",
    "本文地址",
    "留言与评论",
    "验证码",
    "上一篇",
    "下一篇",
    "相关文章",
    "分享到",
)
LEGACY_ADDRESS = re.compile(r"本文地址\s*[::]\s*(\S+)")
BLANK = "\u00a0\u3000\ufeff \t\r"
# Where the meta line may be: the title follows the site name and a few noise lines.
META_SEARCH_LINES = 12


def clean_line(line: str) -> str:
    return line.strip(BLANK)


def is_noise(line: str) -> bool:
    """Blank, no-break spaces or a lone counter ("0") between the site name and the title."""
    return not line or line.isdigit()


def parse_text_page(text: str, source: str) -> LegacyArticle:
    lines = [clean_line(line) for line in text.splitlines()]
    content = [(index, line) for index, line in enumerate(lines) if line]
    if len(content) < 3:
        raise ImportProblem("内容太少,不是文章页面(至少需要站名、标题和元数据行)")

    meta_at = next(
        (
            position
            for position, (_, line) in enumerate(content[:META_SEARCH_LINES])
            if position > 0 and has_date(line) and not line.startswith(FURNITURE_STARTS)
        ),
        None,
    )
    if meta_at is None:
        # No dated line: assume the layout (site name, noise, title, meta) and let the
        # meta-line parser say what is missing.
        candidates = [p for p, (_, line) in enumerate(content) if not is_noise(line)]
        if len(candidates) < 3:
            raise ImportProblem("找不到标题和元数据行")
        meta_at = candidates[2]
    title_at = next((p for p in range(meta_at - 1, -1, -1) if not is_noise(content[p][1])), None)
    if title_at is None:
        raise ImportProblem("找不到文章标题(元数据行前面应是标题)")
    title = content[title_at][1]
    meta = parse_meta_line(content[meta_at][1])

    rest = [line for _, line in content[meta_at + 1 :]]
    furniture_at = next(
        (p for p, line in enumerate(rest) if line.startswith(FURNITURE_STARTS)), len(rest)
    )
    body_lines = rest[:furniture_at]
    address_match = LEGACY_ADDRESS.search(text)
    if not address_match:
        raise ImportProblem("找不到“本文地址”,无法确定文章的栏目和编号")
    legacy_url = address_match[1]
    section_path, number = parse_legacy_address(legacy_url)

    article = LegacyArticle(
        source=source,
        number=number,
        section_path=section_path,
        title=title,
        publish_time=meta.publish_time,
        legacy_url=legacy_url,
        editor_name=meta.editor_name,
        region_name=meta.region_name,
        view_count=meta.view_count,
        tags=meta.tags,
        body=[("paragraph", f"<p>{escape(line, quote=False)}</p>") for line in body_lines],
    )
    if not body_lines:
        article.warnings.append("正文为空")
    return article

"""Saved HTML pages of a portal article: the article without the page around it.

Hand-written rules rather than a general extractor: on the fixtures in
tests/fixtures/import/html they keep the meta line, the tags, the images with their
captions and the old address, which a general boilerplate remover drops or mixes into the
text (README, 导入 / Import, has the measurement). The rules, in order:

1. old address: `<link rel=canonical>`, `og:url`, then the page's own 本文地址 line;
2. title: the heading that matches `og:title` / `<title>` (site and section suffixes cut);
3. meta line: the first short block after the title holding a date — parsed like the
   plain-text form; tag links inside it give the tags;
4. body: the element whose paragraphs hold the most text (a small readability score),
   cut at the first line of page furniture (扫一扫…, 版权声明, 本文地址, 留言与评论 …);
5. section names: the breadcrumb's links (当前位置: 首页 > 各市要闻 > 临汾).
"""

import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from .addresses import parse_legacy_address, section_path_from_directories
from .meta_line import DATE, parse_meta_line
from .records import ImportProblem, LegacyArticle
from .richtext import INDENT, html_to_segments, normalise_text
from .text_pages import FURNITURE_STARTS, LEGACY_ADDRESS

UNWANTED = ["script", "style", "noscript", "iframe", "form", "textarea", "select", "button", "svg"]
CHROME_TAGS = ["header", "nav", "footer", "aside"]
NEGATIVE = re.compile(
    r"comment|feedback|footer|foot\b|sidebar|side\b|pright|nav|menu|related|xiangguan|"
    r"copyright|share|qrcode|ad\d|\bads?\b|banner|hot|commend|context|actbox|toplinks|"
    r"login|search|about|pl\b",
    re.IGNORECASE,
)
POSITIVE = re.compile(r"content|article|body|text|post|entry|detail|main|zw|neirong", re.I)
BREADCRUMB = re.compile(r"position|place|breadcrumb|crumb|location|weizhi|dangqian", re.I)
BREADCRUMB_TEXT = ("当前位置", "您现在的位置", "您的位置", "所在位置", "位置:", "位置:")
TITLE_SUFFIX = re.compile(r"\s*(?:_|\||-|—|–|\s-\s).*$")
MAX_META_LENGTH = 400


def parse_html_page(html: str, source: str, base_dir: str = "") -> LegacyArticle:
    soup = BeautifulSoup(html, "html.parser")
    legacy_url = find_legacy_address(soup)
    if not legacy_url:
        raise ImportProblem("找不到文章的原地址(canonical、og:url 或“本文地址”),无法确定栏目和编号")
    section_path, number = parse_legacy_address(legacy_url)
    section_titles = breadcrumb_titles(soup)

    for tag in soup.find_all(UNWANTED):
        tag.decompose()
    head_title = page_title_hint(soup)
    title_tag = find_title(soup, head_title)
    if title_tag is None and not head_title:
        raise ImportProblem("找不到文章标题")
    title = clean(title_tag.get_text(" ")) if title_tag is not None else head_title

    meta_tag = find_meta(soup, title_tag)
    if meta_tag is None:
        raise ImportProblem("找不到标题下的元数据行(编辑、地区、时间…)")
    meta_text = normalise_text(meta_tag.get_text(" "))
    meta_text = re.sub(r"(?:发布时间|时间|日期)\s*[::]\s*", " ", meta_text)
    tag_links = [
        clean(link.get_text())
        for link in meta_tag.find_all("a")
        if "tag" in (link.get("href") or "").lower() or "tag" in (link.get("rel") or [])
    ]
    meta = parse_meta_line(meta_text, tags_hint=[t for t in tag_links if t] or None)

    body_root = find_body(soup, meta_tag)
    segments = html_to_segments(str(body_root)) if body_root is not None else []
    segments = drop_furniture(segments, title, meta_text)
    article = LegacyArticle(
        source=source,
        number=number,
        section_path=section_path,
        section_titles=section_titles,
        title=title,
        publish_time=meta.publish_time,
        legacy_url=legacy_url,
        editor_name=meta.editor_name,
        region_name=meta.region_name,
        view_count=meta.view_count,
        tags=meta.tags,
        body=segments,
        base_dir=base_dir,
    )
    if not segments:
        article.warnings.append("正文为空")
    return article


def clean(text: str) -> str:
    return normalise_text(text).strip(INDENT)


# Address and names ------------------------------------------------------------


def find_legacy_address(soup) -> str:
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href"):
        return canonical["href"].strip()
    og_url = soup.find("meta", property="og:url")
    if og_url and og_url.get("content"):
        return og_url["content"].strip()
    match = LEGACY_ADDRESS.search(soup.get_text(" "))
    return match[1] if match else ""


def breadcrumb_titles(soup) -> dict[tuple[str, ...], str]:
    """{section path: name} from the breadcrumb links, e.g. {("gsyl",): "各市要闻"}."""
    crumb = soup.find(class_=BREADCRUMB) or soup.find(id=BREADCRUMB)
    if crumb is None:
        text = soup.find(string=re.compile("|".join(BREADCRUMB_TEXT)))
        crumb = text.parent if text is not None else None
    titles = {}
    if crumb is None:
        return titles
    for link in crumb.find_all("a", href=True):
        path = unquote(urlsplit(link["href"]).path)
        directories = [part for part in path.split("/") if part and "." not in part]
        name = clean(link.get_text())
        if not directories or not name:
            continue
        try:
            titles[section_path_from_directories(directories)] = name[:255]
        except ImportProblem:
            continue
    return titles


# Title and meta line ------------------------------------------------------------


def page_title_hint(soup) -> str:
    og_title = soup.find("meta", property="og:title")
    if og_title and og_title.get("content"):
        return clean(og_title["content"])
    if soup.title and soup.title.string:
        return clean(TITLE_SUFFIX.sub("", soup.title.string.strip()))
    return ""


def find_title(soup, hint: str):
    body = soup.body or soup
    headings = body.find_all(["h1", "h2", "h3"])
    if hint:
        for heading in headings:
            text = clean(heading.get_text(" "))
            if text and (text == hint or hint.startswith(text) or text.startswith(hint)):
                return heading
    return next((h for h in body.find_all("h1") if clean(h.get_text())), None)


def find_meta(soup, title_tag):
    strings = (
        title_tag.find_all_next(string=True)
        if title_tag is not None
        else soup.find_all(string=True)
    )
    for string in strings:
        if not isinstance(string, NavigableString) or not DATE.search(string):
            continue
        element = string.parent
        while (
            element.parent is not None
            and element.parent.name not in ("body", "html", "[document]")
            and len(clean(element.parent.get_text(" "))) <= MAX_META_LENGTH
            and (title_tag is None or title_tag not in element.parent.descendants)
        ):
            element = element.parent
        if len(clean(element.get_text(" "))) <= MAX_META_LENGTH:
            return element
    return None


# Body -------------------------------------------------------------------------------


def class_and_id(tag: Tag) -> str:
    return " ".join([*(tag.get("class") or []), tag.get("id") or ""])


def find_body(soup, meta_tag):
    """The element holding the most paragraph text after the meta line (readability-style)."""
    for tag in soup.find_all(CHROME_TAGS):
        if meta_tag not in tag.descendants:
            tag.decompose()
    scores = {}
    for block in meta_tag.find_all_next(["p", "td", "div", "section", "article", "li"]):
        own_text = "".join(
            str(child) for child in block.children if isinstance(child, NavigableString)
        )
        text_length = len(clean(own_text))
        if block.name == "p":
            text_length = len(clean(block.get_text()))
        if text_length < 10:
            continue
        for distance, ancestor in enumerate([block, block.parent, block.parent.parent]):
            if ancestor is None or ancestor.name in ("body", "html", "[document]"):
                break
            if block.name == "p" and distance == 0:
                continue
            scores[id(ancestor)] = (scores.get(id(ancestor), (0, ancestor))[0]
                                    + text_length / (1 + distance), ancestor)  # fmt: skip
    best, best_score = None, 0
    for score, element in scores.values():
        names = class_and_id(element)
        if NEGATIVE.search(names):
            score *= 0.2
        if POSITIVE.search(names):
            score *= 1.5
        if score > best_score:
            best, best_score = element, score
    return best


def drop_furniture(segments, title, meta_text):
    kept = []
    for kind, value in segments:
        if kind == "paragraph":
            text = clean(BeautifulSoup(value, "html.parser").get_text())
            if text.startswith(FURNITURE_STARTS):
                break
            if text in (title, meta_text.strip()):
                continue
        kept.append((kind, value))
    return kept

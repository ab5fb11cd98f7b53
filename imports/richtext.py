"""Legacy body HTML → body segments holding only what Wagtail rich text stores.

nh3 (the Ammonia sanitizer) removes scripts, styles, event handlers and `javascript:`
links first; the tree that is left is then walked into paragraphs (bold, italic, links,
lists, sub/superscript — the features of the article paragraph block), headings, images
and tables. Layout markup (font, span, div, layout tables, inline styles) is dropped
and its text kept.
"""

import re
from html import escape

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from .records import ImageRef

BLOCK_TAGS = {
    "p", "div", "center", "blockquote", "section", "article", "main", "figure", "pre",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "dl", "dt", "dd", "address",
}  # fmt: skip
INLINE_MARKS = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup", "sub": "sub"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
ALLOWED_TAGS = (
    BLOCK_TAGS | set(INLINE_MARKS) | HEADINGS | LISTS
    | {"li", "br", "a", "img", "span", "font", "u", "figcaption", "caption"}
)  # fmt: skip
# Removed together with their content: none of it is article text.
REMOVED_WITH_CONTENT = {
    "script", "style", "noscript", "iframe", "object", "embed", "textarea", "select",
    "template", "button", "svg", "canvas", "audio", "video", "form", "input",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "title"}, "td": {"colspan"}}
URL_SCHEMES = {"http", "https", "mailto"}

CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
SOURCE_LINE_BREAK = re.compile(rf"(?<=[{CJK}])[ \t\r\f]*\n\s*(?=[{CJK}])")
WHITESPACE = re.compile(r"[ \t\r\n\f\u00a0\u200b\ufeff]+")
INDENT = "\u3000\u00a0 \t\r\n"
CAPTION_START = ("图为", "图:", "图:", "(图", "(图", "▲")
MAX_CAPTION = 120


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def html_to_segments(html: str) -> list[tuple[str, object]]:
    soup = BeautifulSoup(sanitize(html), "html.parser")
    builder = SegmentBuilder()
    builder.walk(soup)
    return builder.finish()


def plain_text(segments) -> str:
    parts = []
    for kind, value in segments:
        if kind == "paragraph":
            parts.append(BeautifulSoup(value, "html.parser").get_text(" "))
        elif kind == "heading":
            parts.append(value)
    return "\n".join(parts)


def normalise_text(text: str) -> str:
    text = SOURCE_LINE_BREAK.sub("", text)
    return WHITESPACE.sub(" ", text)


def is_layout_table(table: Tag) -> bool:
    """A table used for page layout (one cell, or cells holding paragraphs or images)."""
    cells = table.find_all(["td", "th"])
    return len(cells) <= 1 or any(cell.find(["p", "div", "img", "table", "br"]) for cell in cells)


class SegmentBuilder:
    def __init__(self):
        self.segments = []
        self.inline = []

    # Output ------------------------------------------------------------------

    def flush(self):
        html = "".join(self.inline).strip()
        self.inline = []
        html = re.sub(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$", "", html)
        text = BeautifulSoup(html, "html.parser").get_text().strip(INDENT)
        if not text:
            return
        html = html.lstrip(INDENT)
        if self._is_caption(text):
            image = self.segments[-1][1]
            self.segments[-1] = ("image", ImageRef(image.src, image.alt, text))
            return
        self.segments.append(("paragraph", f"<p>{html}</p>"))

    def _is_caption(self, text):
        if not self.segments or self.segments[-1][0] != "image":
            return False
        image = self.segments[-1][1]
        return not image.caption and len(text) <= MAX_CAPTION and text.startswith(CAPTION_START)

    def finish(self):
        self.flush()
        return self.segments

    # Walking -----------------------------------------------------------------

    def walk(self, node):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or doctype
                    self.inline.append(escape(normalise_text(str(child)), quote=False))
                continue
            self.element(child)

    def element(self, tag: Tag):
        name = tag.name
        if name == "br":
            self.flush()
        elif name == "img":
            self.image(tag)
        elif name in HEADINGS:
            self.flush()
            text = normalise_text(tag.get_text()).strip(INDENT)
            if text:
                self.segments.append(("heading", text[:120]))
            for image in tag.find_all("img"):
                self.image(image)
        elif name in LISTS:
            self.flush()
            self.list(tag)
        elif name == "table" and not is_layout_table(tag):
            self.flush()
            self.table(tag)
        elif name == "figcaption" or name == "caption":
            self.caption(tag)
        elif name in BLOCK_TAGS or name == "li":
            self.flush()
            self.walk(tag)
            self.flush()
        elif name in INLINE_MARKS:
            self.wrapped(tag, INLINE_MARKS[name])
        elif name == "a":
            self.link(tag)
        else:  # span, font, u and unknown inline markup: keep the text only
            self.walk(tag)

    def wrapped(self, tag, mark):
        if tag.find(["img", "p", "div", "table"] + list(HEADINGS)):
            self.walk(tag)  # a <strong> around blocks is layout, not emphasis
            return
        start = len(self.inline)
        self.walk(tag)
        inner = "".join(self.inline[start:])
        del self.inline[start:]
        if inner.strip():
            self.inline.append(f"<{mark}>{inner}</{mark}>")
        else:
            self.inline.append(inner)

    def link(self, tag):
        href = (tag.get("href") or "").strip()
        if tag.find("img") or tag.find(["p", "div", "table"]):
            self.walk(tag)  # an image that links to its own full size: keep the image
            return
        start = len(self.inline)
        self.walk(tag)
        inner = "".join(self.inline[start:])
        del self.inline[start:]
        if href and inner.strip() and not href.startswith("#"):
            self.inline.append(f'<a href="{escape(href)}">{inner}</a>')
        else:
            self.inline.append(inner)

    def image(self, tag):
        src = (tag.get("src") or "").strip()
        if not src or src.startswith("data:"):
            return
        self.flush()
        alt = normalise_text(tag.get("alt") or tag.get("title") or "").strip()
        self.segments.append(("image", ImageRef(src=src, alt=alt[:250])))

    def caption(self, tag):
        text = normalise_text(tag.get_text()).strip(INDENT)
        if text and self.segments and self.segments[-1][0] == "image":
            image = self.segments[-1][1]
            self.segments[-1] = ("image", ImageRef(image.src, image.alt, text[:250]))
        elif text:
            self.flush()
            self.inline.append(escape(text, quote=False))
            self.flush()

    def list(self, tag):
        items = []
        for item in tag.find_all("li", recursive=False) or [tag]:
            nested = SegmentBuilder()
            nested.walk(item)
            parts = [value for kind, value in nested.finish() if kind == "paragraph"]
            html = "<br/>".join(part[3:-4] for part in parts)
            if html:
                items.append(f"<li>{html}</li>")
            for kind, value in nested.segments:
                if kind == "image":
                    self.segments.append((kind, value))
        if items:
            self.segments.append(("paragraph", f"<{tag.name}>{''.join(items)}</{tag.name}>"))

    def table(self, tag):
        rows = []
        for row in tag.find_all("tr"):
            cells = [
                normalise_text(cell.get_text(" ")).strip(INDENT)
                for cell in row.find_all(["td", "th"])
            ]
            if any(cells):
                rows.append(cells)
        if rows:
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            header = bool(tag.find("tr") and tag.find("tr").find("th"))
            self.segments.append(("table", {"rows": rows, "header": header}))

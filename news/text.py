"""An article body as plain text: the first-paragraph summary and the text editors' tools read."""

from django.utils.html import strip_tags

TEXT_BLOCKS = ("paragraph", "heading", "quote")
SUMMARY_LENGTH = 120


def block_text(block):
    value = block.value
    if block.block_type == "paragraph":
        return strip_tags(value.source)
    if block.block_type == "heading":
        return value.get("text", "")
    if block.block_type == "quote":
        return " ".join(str(part) for part in value.values() if isinstance(part, str))
    return ""


def body_text(body):
    return "\n".join(block_text(block) for block in body if block.block_type in TEXT_BLOCKS)


def first_paragraph(body, limit=SUMMARY_LENGTH):
    """The body's first non-empty paragraph as plain text, cut at `limit` characters."""
    for block in body:
        if block.block_type == "paragraph":
            text = " ".join(block_text(block).split())
            if text:
                return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""

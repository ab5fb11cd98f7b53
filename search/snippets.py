"""Titles and snippets with the matched words marked, for the results page.

Words are found in the normalized text (full-width folded, lower case, as the index sees it) and
marked in the original. Every piece of text is escaped; only our own <mark> tags are not.
Finding is plain `str.find`, linear in the text.
"""

import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.analysis import normalize

SNIPPET_LENGTH = 120
CONTEXT_BEFORE = 30
# Words are looked for in this much of a page's text; a match further down still finds the page
# but its snippet falls back to the beginning.
SEARCHED_TEXT_LENGTH = 20_000


def _normalized_with_positions(text):
    """(normalized text, position in `text` of each normalized character)."""
    normalized = normalize(text)
    if len(normalized) == len(text):
        return normalized, None
    characters, positions = [], []
    for position, character in enumerate(text):
        folded = unicodedata.normalize("NFKC", character).lower()
        characters.append(folded)
        positions.extend([position] * len(folded))
    return "".join(characters), positions


def find_matches(text, words):
    """Sorted, non-overlapping (start, end) spans of `words` in `text`."""
    normalized, positions = _normalized_with_positions(text)
    spans = []
    for word in words:
        start = normalized.find(word)
        while start != -1:
            end = start + len(word)
            if positions is None:
                spans.append((start, end))
            else:
                spans.append((positions[start], positions[end - 1] + 1))
            start = normalized.find(word, end)
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text, words, spans=None):
    """`text`, escaped, with each occurrence of `words` in <mark>."""
    if spans is None:
        spans = find_matches(text, words)
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def snippet(texts, words, length=SNIPPET_LENGTH):
    """A piece of the first text that contains a word, marked; else the start of the first text."""
    texts = [" ".join(text.split()) for text in texts if text and not text.isspace()]
    for text in texts:
        searched = text[:SEARCHED_TEXT_LENGTH]
        spans = find_matches(searched, words)
        if spans:
            start = max(0, spans[0][0] - CONTEXT_BEFORE)
            return _window(searched, start, length, words)
    if texts:
        return _window(texts[0], 0, length, words)
    return ""


def _window(text, start, length, words):
    end = min(len(text), start + length)
    piece = text[start:end]
    marked = highlight(piece, words)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - `marked` is escaped

"""Titles and snippets with the matched words marked, for the results page.

Words are found in the normalized text (full-width folded, lower case, traditional characters as
simplified: as the index sees it) and marked in the original, as written: a search for 会议 marks
會議 in an article written in traditional characters. Every piece of text is escaped; only our own
<mark> tags are not. Finding is plain `str.find`, linear in the text.
"""

import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.analysis import to_simplified

SNIPPET_LENGTH = 120
CONTEXT_BEFORE = 30
# Words are looked for in this much of a page's text; a match further down still finds the page
# but its snippet falls back to the beginning.
SEARCHED_TEXT_LENGTH = 20_000


def _normalized_with_positions(text, simplify=to_simplified):
    """(normalized text, position in `text` of each normalized character, or None if the same).

    `search.analysis.normalize`, done so that every normalized character can be traced back.
    Compatibility folding can change the length (㍿ → 株式会社); the characters are then folded
    one by one. The simplified form is taken as it is when it has the folded text's length
    (OpenCC's t2s dictionaries replace characters and phrases by ones of the same length); were a
    phrase ever to change length, the characters are converted one by one instead, each to one.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    positions = None
    if len(folded) != len(text):
        characters, positions = [], []
        for position, character in enumerate(text):
            folded_character = unicodedata.normalize("NFKC", character).lower()
            characters.append(folded_character)
            positions.extend([position] * len(folded_character))
        folded = "".join(characters)
    simplified = simplify(folded)
    if len(simplified) != len(folded):
        simplified = _simplified_one_by_one(folded, simplify)
    return simplified, positions


def _simplified_one_by_one(text, simplify):
    """`text` with each character converted on its own, so positions stay; else `text` as it is.

    One conversion of the characters with a line break between each: no phrase spans a line break.
    """
    converted = simplify("\n".join(text))
    if len(converted) != max(0, 2 * len(text) - 1):
        return text
    return converted[::2]


def find_matches(text, words, simplify=to_simplified):
    """Sorted, non-overlapping (start, end) spans of `words` (normalized) in `text`, as written.

    `simplify` is the traditional-to-simplified conversion (tests pass another OpenCC one).
    """
    normalized, positions = _normalized_with_positions(text, simplify)
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

"""The sensitive-word filter: one Aho-Corasick pass over the text, whatever the list size.

Text and words are compared after normalisation: full-width and compatibility forms
folded (NFKC), case folded, and everything that is not a letter or digit dropped, so
"敏 感.词" and "ＡＢＣ" match the entries 敏感词 and abc. Each kept character remembers
where it stood in the original text, which is what lets a mask cover the original
span, separators included.
"""

import unicodedata
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

# Letters (L*), digits and other numbers (N*); marks, punctuation, symbols, separators,
# controls and format characters (zero-width spaces) are what people insert to dodge.
KEPT_CATEGORIES = ("L", "N")


# Texts repeat a few thousand distinct characters: caching each one's folding made the
# check of a 10,000-character article four times faster (docs/contentcheck.md). Bounded,
# so hostile input cannot grow it without limit.
@lru_cache(maxsize=65536)
def normalize_char(char):
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in KEPT_CATEGORIES)


def normalize_word(word):
    return "".join(normalize_char(char) for char in word)


def normalize_with_positions(text):
    """(normalised text, [index in `text` of each normalised character])."""
    folded = list(map(normalize_char, text))
    positions = [index for index, kept in enumerate(folded) for _ in kept]
    return "".join(folded), positions


class Automaton:
    """Aho-Corasick over normalised words; each word carries a payload (its action)."""

    def __init__(self, words):
        self.goto = [{}]
        self.fail = [0]
        self.outputs = [[]]  # (word length, payload) ending at this state, fail chain included
        for word, payload in words:
            self._add(word, payload)
        self._link()

    def _add(self, word, payload):
        state = 0
        for char in word:
            following = self.goto[state].get(char)
            if following is None:
                following = len(self.goto)
                self.goto[state][char] = following
                self.goto.append({})
                self.fail.append(0)
                self.outputs.append([])
            state = following
        self.outputs[state].append((len(word), payload))

    def _link(self):
        queue = deque(self.goto[0].values())
        while queue:
            state = queue.popleft()
            for char, following in self.goto[state].items():
                queue.append(following)
                fallback = self.fail[state]
                while fallback and char not in self.goto[fallback]:
                    fallback = self.fail[fallback]
                self.fail[following] = self.goto[fallback].get(char, 0)
                if self.fail[following] == following:
                    self.fail[following] = 0
                self.outputs[following] = (
                    self.outputs[following] + self.outputs[self.fail[following]]
                )

    def matches(self, text):
        """Yield (start, end) index pairs in `text` (end exclusive) with each payload."""
        state = 0
        for index, char in enumerate(text):
            while state and char not in self.goto[state]:
                state = self.fail[state]
            state = self.goto[state].get(char, 0)
            for length, payload in self.outputs[state]:
                yield index + 1 - length, index + 1, payload


@dataclass
class FilterResult:
    text: str
    blocked: list = field(default_factory=list)
    masked: list = field(default_factory=list)


class WordFilter:
    def __init__(self, entries):
        """entries: (word, action) pairs, action "block" or "mask"."""
        words = {}
        for word, action in entries:
            normalized = normalize_word(word)
            # A word on both lists blocks.
            if normalized and words.get(normalized) != "block":
                words[normalized] = action
        self.automaton = Automaton(words.items())

    def check(self, text):
        normalized, positions = normalize_with_positions(text)
        blocked, masked, spans = [], [], []
        for start, end, action in self.automaton.matches(normalized):
            word = normalized[start:end]
            if action == "block":
                if word not in blocked:
                    blocked.append(word)
            else:
                if word not in masked:
                    masked.append(word)
                spans.append((positions[start], positions[end - 1] + 1))
        return FilterResult(text=mask_spans(text, spans), blocked=blocked, masked=masked)


def mask_spans(text, spans):
    """Replace each span's letters and digits with "*", leaving nothing of the word legible."""
    if not spans:
        return text
    hidden = [False] * len(text)
    for start, end in spans:
        for index in range(start, end):
            hidden[index] = True
    out = []
    for index, char in enumerate(text):
        if not hidden[index]:
            out.append(char)
        elif normalize_char(char):
            out.append("*")
        # separators inside a masked word are dropped: "坏 . 词" becomes "**"
    return "".join(out)

"""Benchmark queries with their true answers, found by brute force over the corpus text.

Known-item queries are taken from one article (its rare characters and words, names, places,
mixed strings, title) and kept only when at most 10 articles contain every word of the query,
so that "the article is in the first 10 results" measures whether search finds it at all.

Must-find-nothing queries are near misses that no article contains: 二十条规定-style word
swaps, reversed words, two words never used in the same article, words that only exist across
a punctuation mark, unknown names and numbers.

Truth is plain substring search in each article's normalized text (what a reader means by
"the article contains 疫情"), independent of the search engine being measured.
"""

import bisect
import random
from collections import Counter

from search.analysis import normalize

from .corpus import CITIES, CorpusGenerator, searchable_text

MAX_KNOWN_ITEM_MATCHES = 10
# Words found in more articles than this are not used to narrow down the truth.
CANDIDATE_CAP = 300
PER_KIND = 50
NEGATIVES_PER_KIND = 20
COMMON_WORDS = 30


class Truth:
    """Which articles contain a string: one big normalized text, searched with str.find."""

    def __init__(self, articles):
        self.numbers = [a["number"] for a in articles]
        texts = [normalize(searchable_text(a)) for a in articles]
        self.starts = []
        position = 0
        for text in texts:
            self.starts.append(position)
            position += len(text) + 1
        self.text = "\x00".join(texts)
        self.index_of = {number: index for index, number in enumerate(self.numbers)}

    def articles_with(self, word, limit=None):
        found, start = set(), self.text.find(word)
        while start != -1:
            index = bisect.bisect_right(self.starts, start) - 1
            found.add(self.numbers[index])
            if limit is not None and len(found) > limit:
                break
            # Continue after this article.
            next_start = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
            start = self.text.find(word, next_start)
        return found

    def text_of(self, number):
        index = self.index_of[number]
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    def matches(self, words, limit=None):
        """Articles containing every word; None when every word is too common to tell cheaply."""
        best_word, best = None, None
        for word in words:
            found = self.articles_with(word, limit=CANDIDATE_CAP)
            if len(found) <= CANDIDATE_CAP and (best is None or len(found) < len(best)):
                best_word, best = word, found
        if best is None:
            return None
        others = [word for word in words if word != best_word]
        return {n for n in best if all(word in self.text_of(n) for word in others)}


def _query(kind, text, words, target=None, expected=()):
    return {"kind": kind, "q": text, "words": words, "target": target, "expected": sorted(expected)}


def build_queries(articles, generator=None, seed=7):
    generator = generator or CorpusGenerator()
    rng = random.Random(seed)
    truth = Truth(articles)
    by_number = {a["number"]: a for a in articles}
    char_counts = Counter(truth.text)
    known, negatives = [], []
    wanted = dict.fromkeys(
        ["1字", "2字词", "3字词", "4字词", "人名", "地名+词", "混合", "标题片段"], PER_KIND
    )
    attempts = 0
    while any(wanted.values()) and attempts < 200_000:
        attempts += 1
        kind = rng.choice([k for k, left in wanted.items() if left])
        article = by_number[rng.choice(truth.numbers)]
        text = normalize(searchable_text(article))
        if kind == "1字":
            # Only characters that fold to themselves: 於 stays 於 inside an OpenCC phrase
            # (於菟) but alone is 于, so as a query it means every article with 于.
            chars = [ch for ch in set(text) if "\u4e00" <= ch <= "\u9fff" and normalize(ch) == ch]
            words = [min(chars, key=lambda ch: char_counts[ch])]
        elif kind.endswith("字词"):
            length = int(kind[0])
            candidates = [w for w in generator.words_of(article) if len(w) == length]
            if not candidates:
                continue
            words = [rng.choice(generator.rarest(candidates))]
        elif kind == "人名":
            words = [rng.choice(article["names"])]
        elif kind == "地名+词":
            two = [w for w in generator.words_of(article) if len(w) == 2]
            if not two:
                continue
            words = [article["district"], rng.choice(generator.rarest(two))]
        elif kind == "混合":
            mixed = normalize(rng.choice(article["mixed"]))
            city = CITIES[article["city"]][0]
            words = [mixed] if mixed.startswith("第") else [mixed, city]
            if (truth.matches(words) or {0}) - {article["number"]}:
                two = [w for w in generator.words_of(article) if len(w) == 2]
                words.append(rng.choice(generator.rarest(two) or [city]))
        else:  # 标题片段
            title = normalize(article["title"])
            length = rng.randint(3, min(8, len(title)))
            start = rng.randint(0, len(title) - length)
            words = [title[start : start + length]]
        found = truth.matches(words)
        if found is None or article["number"] not in found:
            continue
        if len(found) > MAX_KNOWN_ITEM_MATCHES:
            continue
        query = " ".join(_display(w) for w in words)
        if any(q["q"] == query for q in known):
            continue
        known.append(_query(kind, query, words, article["number"], found))
        wanted[kind] -= 1

    negative_kinds = {"改词": 0, "倒序": 0, "不共现": 0, "跨标点": 0, "生造人名": 0, "数字": 0}
    attempts = 0
    while any(n < NEGATIVES_PER_KIND for n in negative_kinds.values()) and attempts < 200_000:
        attempts += 1
        kind = rng.choice([k for k, n in negative_kinds.items() if n < NEGATIVES_PER_KIND])
        article = by_number[rng.choice(truth.numbers)]
        words_of = generator.words_of(article)
        if kind == "改词":
            four = [w for w in words_of if len(w) == 4]
            if not four:
                continue
            replacement = rng.choice([w for w in words_of if len(w) == 2] or ["规定"])
            words = [four[0][:2] + replacement]
        elif kind == "倒序":
            two = [w for w in words_of if len(w) == 2 and w[0] != w[1]]
            if not two:
                continue
            words = [rng.choice(two)[::-1]]
        elif kind == "不共现":
            other = by_number[rng.choice(truth.numbers)]
            mine = [w for w in words_of if len(w) == 3]
            theirs = [w for w in generator.words_of(other) if len(w) == 3]
            if not mine or not theirs:
                continue
            words = [rng.choice(mine), rng.choice(theirs)]
        elif kind == "跨标点":
            body = article["paragraphs"][0]
            marks = [i for i, ch in enumerate(body) if ch in "，。；" and 2 <= i < len(body) - 3]
            if not marks:
                continue
            i = rng.choice(marks)
            words = [body[i - 2 : i] + body[i + 1 : i + 3]]
        elif kind == "生造人名":
            words = [generator.person_name(rng) + rng.choice("甲乙丙")]
        else:
            words = [f"第{rng.randint(30_000, 99_999)}次"]
        words = [normalize(w) for w in words]
        if any(not all(_is_word_char(ch) for ch in w) for w in words):
            continue
        if truth.matches(words) != set():
            continue
        query = " ".join(_display(w) for w in words)
        negatives.append(_query(kind, query, words))
        negative_kinds[kind] += 1

    # Common words, for the cost of queries that match a large part of the corpus.
    common = []
    for word in generator.most_frequent(length=2, count=COMMON_WORDS):
        query = _query("常用词", word, [word])
        query["count"] = len(truth.articles_with(word))
        common.append(query)
    return {"known": known, "negatives": negatives, "common": common}


def _display(word):
    # Mixed strings are typed as they appear in articles (COVID-19, 5G); folded text otherwise.
    return {"covid-19": "COVID-19", "5g": "5G"}.get(word, word)


def _is_word_char(ch):
    return ch.isalnum() or ch == "-"

"""What folding traditional characters to simplified (OpenCC t2s) costs the index build.

    python -m bench.search.folding [articles, default 5000]

Generates the benchmark's synthetic articles (simplified), a traditional copy of each (OpenCC
s2t), and times, best of 7 rounds, in memory:

* t2s alone, on simplified and on traditional text;
* `tokens_for_index` with folding left out (the analysis as it was before it folded traditional
  characters) and as it is, on simplified and on traditional text.

Then how much of the index is the same for an article and its traditional copy: s2t then t2s
is not the identity (发 is 發 or 髮 in traditional text), so the figure is below 100%.
"""

import sys
import time
from unittest import mock

import opencc

from search import analysis

from .corpus import CorpusGenerator, searchable_text

ROUNDS = 7


def best_rate(function, texts):
    characters = sum(map(len, texts))
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - started)
    return characters / best


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    generator = CorpusGenerator()
    simplified = [searchable_text(generator.article(number)) for number in range(1, count + 1)]
    traditional = list(map(opencc.OpenCC("s2t").convert, simplified))
    t2s = opencc.OpenCC("t2s").convert
    with mock.patch.object(analysis, "to_simplified", lambda text: text):
        unfolded = best_rate(analysis.tokens_for_index, simplified)
    rows = [
        ("t2s, simplified text", best_rate(t2s, simplified)),
        ("t2s, traditional text", best_rate(t2s, traditional)),
        ("tokens_for_index without folding", unfolded),
        ("tokens_for_index, simplified text", best_rate(analysis.tokens_for_index, simplified)),
        ("tokens_for_index, traditional text", best_rate(analysis.tokens_for_index, traditional)),
    ]
    characters = sum(map(len, simplified))
    print(f"{count} articles, {characters / count:.0f} characters each on average")
    for name, rate in rows:
        print(f"{name:38} {rate / 1e6:6.1f} M characters/s")
    same = total = 0
    for text, copy in zip(simplified, traditional, strict=True):
        tokens, copy_tokens = (
            analysis.tokens_for_index(text).split(),
            analysis.tokens_for_index(copy).split(),
        )
        total += len(tokens)
        same += sum(a == b for a, b in zip(tokens, copy_tokens, strict=False))
    print(f"index tokens the same for an article and its traditional copy: {same / total:.3%}")


if __name__ == "__main__":
    main()

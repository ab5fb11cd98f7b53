"""Compares text analyses on the same articles and queries, in memory (no database).

* Wagtail's default: what SQLite FTS5 and PostgreSQL do with Chinese, a whole run of
  characters between punctuation marks is one word.
* jieba, search mode (`cut_for_search`): dictionary words plus their shorter parts.
* ours (search.analysis): character bigrams, query words as phrases.

Each query matches an article when every query word matches: for the first two, every token
of the query is among the article's tokens; for ours, every query word's tokens appear next to
each other in the article's token stream (what FTS5 and PostgreSQL phrase queries do).
"""

import json
import pathlib
import re
import subprocess
import sys
import time

from search.analysis import normalize, tokens_for_index, tokens_for_query

from .corpus import searchable_text

WORD = re.compile(r"[^\W_]+")


def default_tokens(text):
    return set(WORD.findall(normalize(text)))


def default_query(query):
    return [[token] for token in WORD.findall(normalize(query))]


def jieba_tokens(text):
    import jieba

    return {t for t in jieba.cut_for_search(normalize(text)) if WORD.fullmatch(t)}


def jieba_query(query):
    import jieba

    return [
        [t for t in jieba.cut_for_search(word) if WORD.fullmatch(t)]
        for word in WORD.findall(normalize(query))
    ]


def bigram_tokens(text):
    return " " + tokens_for_index(text) + " "


def bigram_query(query):
    return [
        (" " + " ".join(term.tokens) + ("" if term.prefix else " "))
        for term in tokens_for_query(query)
    ]


ANALYSES = {
    "Wagtail 默认(整段为一词)": (default_tokens, default_query, "set"),
    "jieba 搜索模式": (jieba_tokens, jieba_query, "set"),
    "二元组短语(本项目)": (bigram_tokens, bigram_query, "phrase"),
}


def _matches(document, query_words, mode):
    if not query_words:
        return False
    if mode == "set":
        return all(all(token in document for token in word) for word in query_words)
    return all(word in document for word in query_words)


def resident_kb_after(statement):
    """VmRSS of a fresh Python process after running `statement`, and before it."""
    code = (
        "import pathlib\n"
        "def rss():\n"
        "    for line in pathlib.Path('/proc/self/status').read_text().splitlines():\n"
        "        if line.startswith('VmRSS:'): return int(line.split()[1])\n"
        "before = rss()\n"
        f"{statement}\n"
        "print(before, rss())\n"
    )
    output = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(output[0]), int(output[1])


def compare(articles, queries):
    texts = {a["number"]: searchable_text(a) for a in articles}
    rows = []
    for name, (index, analyse_query, mode) in ANALYSES.items():
        if mode == "set" and name.startswith("jieba"):
            import jieba

            jieba.initialize()
        started = time.perf_counter()
        documents = {number: index(text) for number, text in texts.items()}
        seconds = time.perf_counter() - started
        characters = sum(len(text) for text in texts.values())
        token_count = sum(
            len(doc.split()) if mode == "phrase" else len(doc) for doc in documents.values()
        )
        found = sum(
            _matches(documents[q["target"]], analyse_query(q["q"]), mode) for q in queries["known"]
        )
        by_kind = {}
        for q in queries["known"]:
            hit = _matches(documents[q["target"]], analyse_query(q["q"]), mode)
            total, hits = by_kind.get(q["kind"], (0, 0))
            by_kind[q["kind"]] = (total + 1, hits + hit)
        empty = 0
        for q in queries["negatives"]:
            words = analyse_query(q["q"])
            if not any(_matches(doc, words, mode) for doc in documents.values()):
                empty += 1
        rows.append(
            {
                "analysis": name,
                "recall": found / len(queries["known"]),
                "recall_by_kind": {k: hits / total for k, (total, hits) in by_kind.items()},
                "precision": empty / len(queries["negatives"]),
                "tokens_per_article": token_count / len(documents),
                "chars_per_second": characters / seconds,
            }
        )
    base = resident_kb_after("pass")
    jieba_rss = resident_kb_after(
        "import jieba; jieba.initialize(); list(jieba.cut_for_search('忻州疫情防控'))"
    )
    ours_rss = resident_kb_after(
        "import search.analysis as a; a.tokens_for_index('忻州疫情防控'); "
        "a.tokens_for_query('忻州疫情防控')"
    )
    return {
        "articles": len(articles),
        "rows": rows,
        "memory_kb": {
            "jieba": jieba_rss[1] - base[1],
            "ours": ours_rss[1] - base[1],
        },
    }


def main():
    data = pathlib.Path(sys.argv[1])
    out = pathlib.Path(sys.argv[2])
    articles = [json.loads(line) for line in (data / "compare-corpus.jsonl").open()]
    queries = json.loads((data / "compare-queries.json").read_text())
    out.write_text(json.dumps(compare(articles, queries), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

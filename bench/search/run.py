"""`make bench-search`: the search benchmark on SQLite and PostgreSQL, and the README table.

    python -m bench.search.run [--articles 100000] [--databases sqlite,postgresql]

Generates the corpus and queries (cached in bench/results/search/ by size), runs
bench.search.measure once per database in its own process, compares analyses in memory,
and prints Markdown.
PostgreSQL is reached at BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/
dayuan_bench); that database is dropped and created again.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

from .corpus import CorpusGenerator
from .queries import build_queries

DATA = pathlib.Path(__file__).resolve().parent.parent / "results" / "search"
COMPARE_ARTICLES = 5_000
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dayuan_bench"
)


def write_corpus(path, count, generator):
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            out.write(json.dumps(generator.article(number), ensure_ascii=False) + "\n")


def prepare(count):
    """Corpus and queries for `count` articles, generated once and kept."""
    folder = DATA / f"n{count}"
    folder.mkdir(parents=True, exist_ok=True)
    generator = CorpusGenerator()
    timings = {}
    for name, size in [("corpus", count), ("compare-corpus", min(count, COMPARE_ARTICLES))]:
        corpus = folder / f"{name}.jsonl"
        queries = folder / f"{name.replace('corpus', 'queries')}.json"
        if not queries.exists():
            started = time.perf_counter()
            write_corpus(corpus, size, generator)
            articles = [json.loads(line) for line in corpus.open(encoding="utf-8")]
            timings[f"{name}_generate_s"] = time.perf_counter() - started
            started = time.perf_counter()
            queries.write_text(
                json.dumps(build_queries(articles, generator), ensure_ascii=False),
                encoding="utf-8",
            )
            timings[f"{name}_queries_s"] = time.perf_counter() - started
    return folder, timings


def run(module, *args):
    subprocess.run([sys.executable, "-W", "ignore", "-m", module, *map(str, args)], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="empty: only print the table again"
    )
    args = parser.parse_args()

    folder, timings = prepare(args.articles)
    print(f"corpus and queries ready in {folder} {timings}", flush=True)
    urls = {
        "sqlite": f"sqlite:///{folder / 'bench.sqlite3'}",
        "postgresql": POSTGRES_URL,
    }
    for database in args.databases.split(",") if args.databases else []:
        started = time.perf_counter()
        out = folder / f"results-{database}.json"
        url = urls[database]
        run("bench.search.measure", "--database-url", url, "--data", folder, "--out", out)
        print(f"{database}: done in {time.perf_counter() - started:.0f} s", flush=True)
    # The table shows every database measured at this size, this run or an earlier one.
    results = {
        database: json.loads(path.read_text(encoding="utf-8"))
        for database in urls
        if (path := folder / f"results-{database}.json").exists()
    }
    run("bench.search.compare", folder, folder / "compare.json")
    comparison = json.loads((folder / "compare.json").read_text(encoding="utf-8"))
    report = render(results, comparison)
    (folder / "report.md").write_text(report, encoding="utf-8")
    print(report)


def _recall(rows):
    return sum(row["target"] in row["numbers"][:10] for row in rows) / len(rows)


def _exact(rows):
    return sum(set(row["numbers"]) == set(row["expected"]) for row in rows) / len(rows)


def _build_time(result):
    if "index_s" in result:
        return f"{result['index_s'] / 60:.1f} min"
    if "build_total_s" in result:
        # A run whose timings were lost: migrate, load and index together, from timestamps.
        return f"< {result['build_total_s'] / 60:.0f} min(迁移+写入+索引合计)"
    return "–"


def render(results, comparison):
    databases = list(results)
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    lines = [
        "| | " + " | ".join(names[d] for d in databases) + " |",
        "| --- | " + " | ".join("---" for _ in databases) + " |",
    ]

    def row(label, value):
        lines.append(f"| {label} | " + " | ".join(value(results[d]) for d in databases) + " |")

    first = results[databases[0]]
    row("文章数 articles", lambda r: f"{r['articles']:,}")
    row(
        f"recall@10,{len(first['known'])} 条已知文章查询 known-item queries",
        lambda r: f"{_recall(r['known']):.1%}",
    )
    kinds = sorted({q["kind"] for q in first["known"]})
    for kind in kinds:
        row(
            f"  · {kind}",
            lambda r, kind=kind: f"{_recall([q for q in r['known'] if q['kind'] == kind]):.0%}",
        )
    row(
        "结果集与逐字比对完全一致 result set = brute-force truth",
        lambda r: f"{_exact(r['known']):.1%}",
    )
    row(
        f"precision,{len(first['negatives'])} 条应无结果查询 must-find-nothing",
        lambda r: f"{sum(q['count'] == 0 for q in r['negatives']) / len(r['negatives']):.1%}",
    )
    row(
        "搜索页延迟 p50 / p95(上述查询,顺序请求)",
        lambda r: f"{r['latency']['p50_ms']:.0f} / {r['latency']['p95_ms']:.0f} ms",
    )
    row(
        f"常用词查询 p50 / p95({len(first['common'])} 个高频词,各命中 5%–40% 文章)",
        lambda r: f"{r['latency_common']['p50_ms']:.0f} / {r['latency_common']['p95_ms']:.0f} ms",
    )
    row(
        "8 个并发读者 p95:全部 / 常用词(2 个 worker)",
        lambda r: (
            f"{r['concurrent']['all']['p95_ms']:.0f} / {r['concurrent']['common']['p95_ms']:.0f} ms"
            if "concurrent" in r
            else "–"
        ),
    )
    row("建索引 update_index", _build_time)
    row(
        "单篇发布的索引更新 p50 / 最大",
        lambda r: (
            f"{r['publish_index_update']['p50_ms']:.0f} / "
            f"{r['publish_index_update']['max_ms']:.0f} ms"
            if "publish_index_update" in r
            else "–"
        ),
    )
    row("写入文章(批量)load", lambda r: f"{r['load_s']:.0f} s" if "load_s" in r else "–")
    row("数据库大小 database", lambda r: f"{r['db_bytes'] / 2**20:,.0f} MB")
    row(
        "其中搜索索引 search index",
        lambda r: f"{r['index_bytes'] / 2**20:,.0f} MB" if r["index_bytes"] else "–",
    )
    row(
        "worker 常驻内存:启动后 / 首次搜索后 / 1,000 次搜索后",
        lambda r: (
            f"{r['rss_idle_kb'] / 1024:.0f} / {r['rss_first_search_kb'] / 1024:.0f} / "
            f"{r.get('rss_after_1000_kb', r['rss_after_kb']) / 1024:.0f} MB"
        ),
    )
    lines += [
        "",
        f"Analyses compared in memory on {comparison['articles']:,} articles:",
        "",
        "| analysis | recall | precision | tokens / article | analysis speed |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in comparison["rows"]:
        lines.append(
            f"| {entry['analysis']} | {entry['recall']:.1%} | {entry['precision']:.1%} | "
            f"{entry['tokens_per_article']:.0f} | {entry['chars_per_second'] / 1e6:.1f} M chars/s |"
        )
    memory = comparison["memory_kb"]
    lines += [
        "",
        f"Resident memory added to a process: jieba dictionary {memory['jieba'] / 1024:.0f} MB, "
        f"search.analysis {memory['ours'] / 1024:.1f} MB.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

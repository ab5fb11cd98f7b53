"""`make bench-import`: how fast legacy articles go in, saved pages and DedeCMS rows.

Generates N saved pages (half in the plain-text form, half as HTML) and a DedeCMS
database of N article rows on the local MariaDB, then times `import_pages` and
`import_dedecms` into a fresh site on SQLite and on PostgreSQL (search index update
included), and a second, unchanged re-import. Prints a Markdown table for README.md and
writes bench/results/import.json.

    python bench/import_bench.py [--articles N] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

RESULTS = BASE_DIR / "bench" / "results"
WORK = Path(tempfile.gettempdir()) / "dayuan-import-bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "dayuan_import_bench"
DEDE_DATABASE = "dayuan_import_bench_dede"
MARIADB = "mysql://root@127.0.0.1:3306"
NBSP = "\u00a0"

CITIES = [
    ("太原", "taiyuan"), ("大同", "datong"), ("阳泉", "yangquan"), ("长治", "changzhi"),
    ("晋城", "jincheng"), ("朔州", "shuozhou"), ("晋中", "jinzhong"), ("运城", "yuncheng"),
    ("忻州", "xinzhou"), ("临汾", "linfen"), ("吕梁", "lvliang"),
]  # fmt: skip
TOPICS = ["社区食堂", "旧城改造", "春耕备耕", "招聘会", "文物修缮", "公交线路", "湿地保护", "夜市"]
TAGS = ["民生", "经济", "文旅", "生态", "教育", "交通", "农业", "就业", "社区", "安全"]
SENTENCES = [
    "{city}{topic}工作近日取得新进展,相关部门介绍了下一步安排。",
    "记者在现场看到,不少市民专门赶来了解情况,工作人员逐一解答。",
    "据统计,今年以来全市已累计投入资金三千余万元,惠及群众两万多人。",
    "负责人表示,将继续听取群众意见,把好事办实、把实事办好。",
    "专家提醒,市民在参与相关活动时要注意安全,遵守现场秩序。",
    "下一步,{city}还将在更多县区推广这一做法,形成可复制的经验。",
]


def article_fields(number, rng):
    city, slug = CITIES[number % len(CITIES)]
    topic = TOPICS[number % len(TOPICS)]
    paragraphs = [
        "".join(rng.choice(SENTENCES).format(city=city, topic=topic) for _ in range(3))
        for _ in range(rng.randint(3, 6))
    ]
    return {
        "number": number,
        "city": city,
        "slug": slug,
        "title": f"{city}{topic}有新进展 第{number}期",
        "time": f"2023-{number % 12 + 1:02d}-{number % 28 + 1:02d} "
        f"{number % 24:02d}:{number % 60:02d}:05",
        "views": rng.randint(0, 5000),
        "tags": rng.sample(TAGS, 3),
        "paragraphs": paragraphs,
    }


def text_page(a):
    meta = f"网络编辑 {a['city']} {a['time']} {a['views']} {NBSP.join(a['tags'])}"
    body = "\n\n".join(a["paragraphs"])
    return (
        f"基准门户网\n\n{NBSP}\n\n0\n\n{a['title']}\n\n{meta}\n\n{body}\n\n扫一扫在手机打开当前页面\n\n"
        f"版权声明\n\n本文地址:http://bench.example/gsyl/{a['slug']}/{a['number']}.html\n\n"
        "留言与评论(共有 0 条评论)\n\n验证码:\n\n关于基准门户网\n"
    )


def html_page(a):
    tags = "&nbsp;".join(f'<a href="/tags.php?/{t}/">{t}</a>' for t in a["tags"])
    body = "".join(f"<p>　　{p}</p>" for p in a["paragraphs"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{a["title"]}_基准门户网</title>'
        f'<link rel="canonical" href="http://bench.example/gsyl/{a["slug"]}/{a["number"]}.html">'
        '</head><body><div class="nav"><a href="/">首页</a> <a href="/gsyl/">各市要闻</a></div>'
        f'<div class="place">当前位置:<a href="/">首页</a> &gt; <a href="/gsyl/">各市要闻</a> &gt; '
        f'<a href="/gsyl/{a["slug"]}/">{a["city"]}</a></div>'
        f'<h1>{a["title"]}</h1><div class="info">网络编辑 {a["city"]} {a["time"]} {a["views"]} '
        f'{tags}</div><div class="content">{body}</div>'
        '<div class="qr">扫一扫在手机打开当前页面</div>'
        '<div class="footer">Copyright 基准门户网</div></body></html>'
    )


def generate_pages(directory, count, seed=7):
    rng = random.Random(seed)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for index in range(count):
        a = article_fields(100000 + index, rng)
        if index % 2:
            (directory / f"{a['number']}.html").write_text(html_page(a), encoding="utf-8")
        else:
            (directory / f"{a['number']}.txt").write_text(text_page(a), encoding="utf-8")


def generate_dedecms(count, seed=11):
    from tests.support.dedecms import SCHEMA, beijing_timestamp, server_connection

    rng = random.Random(seed)
    with server_connection() as server, server.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{DEDE_DATABASE}`")
        cursor.execute(f"CREATE DATABASE `{DEDE_DATABASE}` DEFAULT CHARACTER SET utf8mb4")
    connection = server_connection(DEDE_DATABASE)
    with connection.cursor() as cursor:
        for statement in SCHEMA:
            cursor.execute(statement.format(p="dede_", charset="gbk"))
        cursor.execute(
            "INSERT INTO dede_arctype (id, reid, typename, typedir, namerule) VALUES (1, 0, "
            "'各市要闻', '{cmspath}/gsyl', '{typedir}/{aid}.html')"
        )
        for index, (city, slug) in enumerate(CITIES, start=2):
            cursor.execute(
                "INSERT INTO dede_arctype (id, reid, typename, typedir, namerule) VALUES "
                "(%s, 1, %s, %s, '{typedir}/{aid}.html')",
                (index, city, f"{{cmspath}}/gsyl/{slug}"),
            )
        archives, bodies, tags, comments = [], [], [], []
        for index in range(count):
            a = article_fields(200000 + index, rng)
            type_id = 2 + a["number"] % len(CITIES)
            pubdate = beijing_timestamp(a["time"])
            flag = rng.choice([None, "c", "h", "f", "c,p"])
            archives.append(
                (a["number"], type_id, pubdate, flag, a["views"], a["title"][:60], "网络编辑",
                 "基准日报", pubdate, pubdate, ",".join(a["tags"])[:30], a["paragraphs"][0][:200])
            )  # fmt: skip
            body = "".join(f'<p style="text-indent:2em">{p}</p>' for p in a["paragraphs"])
            bodies.append((a["number"], type_id, body + "<script>track()</script>"))
            tags.extend((t, a["number"], type_id, tag) for t, tag in enumerate(a["tags"], 1))
            if index % 10 == 0:
                comments.append((a["number"], type_id, "读者", "说得好,支持。", 1, pubdate + 600))
        cursor.executemany(
            "INSERT INTO dede_archives (id, typeid, sortrank, flag, click, title, writer, source,"
            " pubdate, senddate, keywords, description, voteid) VALUES"
            " (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,0)",
            archives,
        )
        cursor.executemany(
            "INSERT INTO dede_addonarticle (aid, typeid, body) VALUES (%s,%s,%s)", bodies
        )
        cursor.executemany(
            "INSERT INTO dede_taglist (tid, aid, typeid, tag) VALUES (%s,%s,%s,%s)", tags
        )
        cursor.executemany(
            "INSERT INTO dede_feedback (aid, typeid, username, msg, ischeck, dtime, arctitle)"
            " VALUES (%s,%s,%s,%s,%s,%s,'')",
            comments,
        )
    connection.close()
    return f"{MARIADB}/{DEDE_DATABASE}"


def reset_database(database):
    if database == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            db.execute(f"CREATE DATABASE {PG_DATABASE}")
        return f"{PG_SERVER}/{PG_DATABASE}"
    path = WORK / "import.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def manage(env, *args, check=True):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result, time.monotonic() - started


SUMMARY = re.compile(r"新建 (\d+) 篇,更新 (\d+) 篇,未变 (\d+) 篇,失败 (\d+) 篇.用时 ([\d.]+) 秒")


def timed_import(env, args):
    cpu_before = child_cpu_seconds()
    result, wall = manage(env, *args, "--quiet")
    cpu = child_cpu_seconds() - cpu_before
    match = SUMMARY.search(result.stdout)
    if not match:
        sys.exit(f"no summary in output:\n{result.stdout}\n{result.stderr}")
    created, updated, unchanged, failed = (int(match[i]) for i in range(1, 5))
    seconds = float(match[5])
    articles = created + updated + unchanged
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "failed": failed,
        "seconds": round(seconds, 2),
        "per_second": round(articles / seconds, 1) if seconds else None,
        "wall_seconds": round(wall, 2),
        # CPU of the import process alone (start-up included, database server excluded):
        # on a shared machine the wall-clock rate also measures everyone else's load.
        "cpu_seconds": round(cpu, 2),
        "per_cpu_second": round(articles / cpu, 1) if cpu else None,
        "load_average": round(os.getloadavg()[0], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sources", default="pages,dedecms")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    sources = args.sources.split(",")
    pages_dir = WORK / "pages"
    if "pages" in sources:
        print(f"生成 {args.articles} 个保存的页面…", flush=True)
        generate_pages(pages_dir, args.articles)
    dede_url = None
    if "dedecms" in sources:
        print(f"生成 {args.articles} 行 DedeCMS 数据…", flush=True)
        dede_url = generate_dedecms(args.articles)

    rows = []
    for database in args.databases.split(","):
        env = {
            **os.environ,
            # Production settings: DEBUG's query log would be measured too.
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": "bench-only-" + "k" * 50,
            "ALLOWED_HOSTS": "localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": reset_database(database),
            "MEDIA_ROOT": str(WORK / "media"),
            "LOG_LEVEL": "ERROR",
        }
        print(f"[{database}] migrate …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "shell", "-c", CREATE_SITE)
        for source in sources:
            command = (
                ["import_pages", str(pages_dir)]
                if source == "pages"
                else ["import_dedecms", dede_url]
            )
            for run in ("first", "again"):
                print(f"[{database}] {source} ({run}) …", flush=True)
                figures = timed_import(env, command)
                rows.append({"database": database, "source": source, "run": run, **figures})
                print(f"    {figures}", flush=True)
    (RESULTS / "import.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    print()
    print(
        "| 数据库 | 来源 | 导入 | 篇数 | 用时(秒,含索引) | 每秒篇数 | 进程 CPU 秒 "
        "| 每 CPU 秒篇数 | 负载 |"
    )
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        count = row["created"] + row["updated"] + row["unchanged"]
        label = {"pages": "保存的页面", "dedecms": "DedeCMS"}[row["source"]]
        run = {"first": "首次", "again": "重复(未变)"}[row["run"]]
        print(
            f"| {row['database']} | {label} | {run} | {count:,} | {row['seconds']} "
            f"| {row['per_second']} | {row['cpu_seconds']} | {row['per_cpu_second']} "
            f"| {row['load_average']} |"
        )


CREATE_SITE = """
from wagtail.models import Page, Site
from home.models import HomePage
root = Page.get_first_root_node()
for page in root.get_children():
    page.delete()
home = root.add_child(instance=HomePage(title="大院网", slug="home"))
Site.objects.all().delete()
Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
"""


if __name__ == "__main__":
    main()

"""Hand-written rules (news/importers/html_pages.py) against trafilatura, on the HTML fixtures.

For each page in tests/fixtures/import/html: is the title right, the publish time, the
tags; how many of the article's paragraphs come out (recall); how many pieces of page
furniture leak into the body; how many images are kept. trafilatura is not a
dependency of Dayuan; measure it in a throwaway virtualenv:

    .venv/bin/uv venv /tmp/traf && .venv/bin/uv pip install --python /tmp/traf/bin/python \
        trafilatura beautifulsoup4 nh3 charset-normalizer
    /tmp/traf/bin/python bench/import_extraction.py
"""

import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from imports.decoding import decode_page  # noqa: E402
from imports.html_pages import parse_html_page  # noqa: E402
from imports.richtext import plain_text  # noqa: E402

HTML = BASE_DIR / "tests" / "fixtures" / "import" / "html"
FURNITURE = ["扫一扫", "版权声明", "本文地址", "留言与评论", "验证码", "上一篇", "相关文章",
             "热点内容", "当前位置", "广告", "Copyright", "关于演示门户网"]  # fmt: skip

# What a reader sees as the article, written down by hand for each fixture.
TRUTH = {
    "linfen-4130.html": {
        "title": "临汾汾河湿地公园迎来越冬候鸟 观鸟点增至六处",
        "time": "2023-11-02 08:30",
        "tags": {"生态", "候鸟", "湿地"},
        "images": 1,
        "paragraphs": [
            "入冬以来,临汾汾河湿地公园",
            "为了方便市民观鸟",
            "管理处提醒,观鸟时",
            "据介绍,湿地公园近年来",
        ],  # fmt: skip
    },
    "yuncheng-gbk-4131.html": {
        "title": "运城盐湖景区冬季开放时间调整 游客可预约错峰游览",
        "time": "2023-08-18 15:05",
        "tags": {"旅游", "盐湖", "错峰"},
        "images": 0,
        "paragraphs": ["记者从运城盐湖景区获悉", "景区负责人介绍", "另外,景区提醒游客"],
    },
    "wenlv-4132.html": {
        "title": "平遥古城推出冬季夜游线路 十二家老字号延长营业",
        "time": "2023-12-01 19:30",
        "tags": {"夜游", "古城"},
        "images": 1,
        "paragraphs": [
            "平遥古城本周推出三条",
            "古城内十二家老字号",
            "线路一:南大街",
            "景区提醒,夜游期间",
        ],  # fmt: skip
    },
}


def ours(name, html):
    article = parse_html_page(html, name)
    return {
        "title": article.title,
        "time": article.publish_time.strftime("%Y-%m-%d %H:%M"),
        "tags": set(article.tags),
        "text": plain_text(article.body),
        "images": sum(1 for kind, _ in article.body if kind == "image"),
    }


def theirs(name, html):
    import trafilatura

    result = trafilatura.bare_extraction(
        html, include_images=True, include_comments=False, with_metadata=True
    )
    if result is None:
        return {"title": "", "time": "", "tags": set(), "text": "", "images": 0}
    data = result.as_dict() if hasattr(result, "as_dict") else result
    text = data.get("text") or ""
    xml = trafilatura.extract(html, include_images=True, output_format="xml") or ""
    return {
        "title": data.get("title") or "",
        "time": (data.get("date") or "")[:16],
        "tags": set(tags) if isinstance(tags := data.get("tags") or [], list) else {tags},
        "text": text,
        "images": xml.count("<graphic"),
    }


def score(extracted, truth):
    found = sum(1 for start in truth["paragraphs"] if start in extracted["text"])
    leaked = [word for word in FURNITURE if word in extracted["text"]]
    return {
        "title": extracted["title"] == truth["title"],
        "time": extracted["time"] == truth["time"],
        "tags": extracted["tags"] == truth["tags"],
        "recall": f"{found}/{len(truth['paragraphs'])}",
        "furniture": len(leaked),
        "images": f"{extracted['images']}/{truth['images']}",
    }


def main():
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        extractors = {"hand-written rules": ours}
        print("trafilatura is not installed: only the hand-written rules are measured.\n")
    else:
        extractors = {"hand-written rules": ours, "trafilatura": theirs}
    print("| page | extractor | title | time | tags | paragraphs | furniture | images |")
    print("| --- | --- | :-: | :-: | :-: | :-: | :-: | :-: |")
    for name, truth in TRUTH.items():
        html = decode_page((HTML / name).read_bytes())
        for label, extract in extractors.items():
            s = score(extract(name, html), truth)
            marks = {True: "✓", False: "✗"}
            print(
                f"| {name} | {label} | {marks[s['title']]} | {marks[s['time']]} "
                f"| {marks[s['tags']]} | {s['recall']} | {s['furniture']} | {s['images']} |"
            )


if __name__ == "__main__":
    main()

"""The Django side of the upgrade check, run inside one project tree (the old or the new code).

    python tests/upgrade/inside.py --project DIR build STATE
    python tests/upgrade/inside.py --project DIR snapshot STATE OUT --order render-then-count
    python tests/upgrade/inside.py --project DIR review STATE OUT

`build` runs on the old code only and uses its models; `snapshot` uses nothing but Django,
Wagtail and the model labels below, so the same code reads the database before and after the
upgrade; `review` runs on the new code. check_upgrade.py starts each one and compares.
"""

import argparse
import datetime
import decimal
import json
import os
import sys
import uuid
from pathlib import Path

# Where a model lives before and after the split: the snapshot reads it by whichever label
# the code it runs on knows.
COMMENT = ("comments.Comment", "news.Comment")
SENSITIVE_WORD = ("comments.SensitiveWord", "news.SensitiveWord")
COMMENT_SETTINGS = ("comments.CommentSettings", "news.CommentSettings")
VIEW_COUNT = ("viewcounts.ArticleViewCount", "news.ArticleViewCount")
DAILY_VIEWS = ("viewcounts.DailyArticleViews", "news.DailyArticleViews")
VIEW_COUNT_FLUSH = ("viewcounts.ViewCountFlush", "news.ViewCountFlush")

IMPORTED_FIXTURE_NUMBER = 4120  # tests/fixtures/import/text/xinzhou-4120.txt
REVIEW_TITLE = "忻州新建三所公办幼儿园(升级检查)"


def setup_django(project):
    # Run as a script, this folder is sys.path[0]; the project tree must come first instead,
    # so `import news` is the tree's own news.
    sys.path[0] = str(project)
    os.chdir(project)
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    # The test client, and mail (review notifications) kept in memory, not sent.
    setup_test_environment()


def model(labels):
    from django.apps import apps

    for label in labels:
        try:
            return apps.get_model(label)
        except LookupError:
            continue
    raise LookupError(f"none of {labels} is installed")


def client(state):
    from django.test import Client

    return Client(HTTP_HOST=state["host"])


def write_json(path, data):
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


# Build (old code) ---------------------------------------------------------------------------


def build(state_path):
    """Comments, view counts and a review in progress on top of the demo content."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from wagtail.log_actions import log
    from wagtail.models import Site

    from home.management.commands import load_demo_content as demo
    from news.comments import moderation
    from news.models import (
        ArticlePage,
        ArticleViewCount,
        Comment,
        CommentSettings,
        SensitiveWord,
        ViewCountFlush,
    )
    from news.newsroom import roles

    users = get_user_model().objects
    moderator = users.get(username="moderator")
    chief = users.get(username="chief")
    site = Site.objects.get(is_default_site=True)
    commented = ArticlePage.objects.get(article_number=demo.DEMO_COMMENTS_ARTICLE_NUMBER)
    imported = ArticlePage.objects.get(article_number=IMPORTED_FIXTURE_NUMBER)

    with transaction.atomic():
        settings = CommentSettings.for_site(site)
        settings.moderation = CommentSettings.Moderation.PRE
        settings.save()
        word = SensitiveWord.objects.create(word="升级检查违禁词", note="升级检查")
        log(instance=word, action="wagtail.create", user=chief)

        def comment(article, text, status=Comment.Status.PENDING, **fields):
            return Comment.objects.create(
                article=article,
                text=text,
                submitted_text=text,
                status=status,
                client_hash=f"upgrade-{Comment.objects.count()}",
                **fields,
            )

        # Pending ones wait in the moderators' queue; one approved and one rejected through
        # the moderation functions, so their log entries point at the comment content type.
        comment(commented, "公交站台能不能加个遮阳棚?", nickname="站台等车人")
        comment(imported, "这条导入的新闻我在旧站看过。", nickname="老读者")
        approved = comment(commented, "早班车六点就有,赞一个。", nickname="早起的人")
        moderation.approve([approved], moderator)
        moderation.reply(approved, "谢谢支持,我们会继续关注。", moderator)
        rejected = comment(commented, "广告:低价代办各类证件。", nickname="推销")
        moderation.reject([rejected], moderator)
        comment(imported, "先发后审的一条评论。", status=Comment.Status.PUBLISHED)

        today = timezone.localdate()
        views = {}
        for offset, article in enumerate(
            ArticlePage.objects.live().order_by("article_number")[:12]
        ):
            for days_ago in range(3):
                views[(article.pk, today - datetime.timedelta(days=days_ago))] = (
                    17 * (offset + 1) + days_ago
                )
        views[(commented.pk, today)] = 250
        views[(imported.pk, today - datetime.timedelta(days=1))] = 40
        ArticleViewCount.add_views(views)
        ViewCountFlush.claim(str(uuid.uuid4()))

    review = submit_for_review(site, roles)
    urls = reader_urls(commented, imported)
    state = {"host": site.hostname, "urls": urls, "review": review}
    # Renditions are made on first render: make them now, so both snapshots see them.
    for url in urls:
        response = client(state).get(url)
        if response.status_code != 200:
            raise SystemExit(f"old code: {url} answered {response.status_code}")
    write_json(state_path, state)


def submit_for_review(site, roles):
    """The 忻州 reporter writes an article in the admin and submits it: it waits at 编辑审核."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from wagtail.models import WorkflowState

    from home.management.commands import load_demo_content as demo
    from news.models import ArticlePage, SectionPage
    from tests.newsroom_support import add_url, article_form

    accounts = {username: (password, desk) for username, password, *_, desk in demo.NEWSROOM_USERS}
    reporter = get_user_model().objects.get(username="reporter_xinzhou")
    desk_password, desk = accounts["desk_xinzhou"]
    city = SectionPage.objects.get(slug=desk, is_city=True)
    browser = Client(HTTP_HOST=site.hostname)
    browser.force_login(reporter)
    response = browser.post(
        add_url(city),
        article_form(
            REVIEW_TITLE,
            body="<p>今年忻州新建三所公办幼儿园,新增学位九百个。</p>",
            **{"action-submit": "1"},
        ),
    )
    if response.status_code != 302:
        raise SystemExit(f"old code: the reporter's submission answered {response.status_code}")
    article = ArticlePage.objects.get(title=REVIEW_TITLE)
    task_state = article.current_workflow_task_state
    if task_state is None or task_state.task.name != roles.DESK_REVIEW_TASK:
        raise SystemExit(
            f"old code: the submitted article is not waiting at {roles.DESK_REVIEW_TASK}"
        )
    workflow_state = WorkflowState.objects.for_instance(article).get()
    return {
        "article_id": article.pk,
        "title": article.title,
        "task_state_id": task_state.pk,
        "workflow_state_id": workflow_state.pk,
        "desk_task": roles.DESK_REVIEW_TASK,
        "chief_task": roles.CHIEF_REVIEW_TASK,
        "desk_username": "desk_xinzhou",
        "desk_password": desk_password,
    }


def reader_urls(commented, imported):
    from news.models import SectionPage

    city = SectionPage.objects.get(slug="xinzhou", is_city=True)
    return [
        "/",
        "/gsyl/",
        city.get_url(),
        commented.get_url(),
        f"/comments/{commented.article_number}/",
        imported.get_url(),
        f"/comments/{imported.article_number}/",
        "/rss.xml",
        f"{city.get_url()}rss.xml",
    ]


# Snapshot (old and new code) ------------------------------------------------------------------


def plain(value):
    """A database value as JSON: the same value read twice gives the same text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


def table_rows():
    """Every row of every table: {table: {"columns", "key", "rows"}}, rows keyed by primary key."""
    from django.db import connection

    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            key = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows = [[plain(value) for value in row] for row in cursor.fetchall()]
            if key in columns:
                index = columns.index(key)
                keyed = {str(row[index]): row for row in rows}
            else:
                keyed = {json.dumps(row, ensure_ascii=False): row for row in rows}
            tables[table] = {"columns": columns, "key": key, "rows": keyed}
    return tables


def label_of(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def models_and_counts():
    """{db_table: model label} and {model label: rows read through the ORM}."""
    from django.apps import apps

    tables, counts = {}, {}
    for each in apps.get_models(include_auto_created=True):
        if each._meta.proxy or not each._meta.managed:
            continue
        tables[each._meta.db_table] = each._meta.label_lower
        counts[each._meta.label_lower] = each._base_manager.count()
    return tables, counts


def content_type_references():
    """Content types some row points at, and which of them no installed model answers to."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    referenced = {}
    for each in apps.get_models(include_auto_created=True):
        if each._meta.proxy or not each._meta.managed:
            continue
        for field in each._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                ids = each._base_manager.values_list(field.attname, flat=True).distinct()
                for content_type_id in ids:
                    if content_type_id is not None:
                        place = f"{each._meta.db_table}.{field.column}"
                        referenced.setdefault(content_type_id, set()).add(place)
    dangling = []
    for content_type in ContentType.objects.filter(pk__in=referenced).order_by("pk"):
        if content_type.model_class() is None:
            dangling.append(
                {
                    "id": content_type.pk,
                    "label": label_of(content_type),
                    "used_by": sorted(referenced[content_type.pk]),
                    # Who holds a permission on it: a model left out of the code on purpose
                    # leaves its own permissions behind, granted to nobody.
                    "granted_to": sorted(
                        {
                            *Group.objects.filter(
                                permissions__content_type=content_type
                            ).values_list("name", flat=True),
                            *get_user_model()
                            .objects.filter(user_permissions__content_type=content_type)
                            .values_list("username", flat=True),
                        }
                    ),
                }
            )
    return dangling


def permissions():
    from django.contrib.auth.models import Group

    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    groups = {}
    for group in Group.objects.order_by("name"):
        groups[group.name] = {
            # compare.py follows a group by its id: a rename keeps the id and the grants.
            "id": group.pk,
            "model": sorted(
                [p.content_type.app_label, p.codename, p.content_type.model]
                for p in group.permissions.select_related("content_type")
            ),
            "page": sorted(
                [grant.page.url_path, grant.permission.codename]
                for grant in GroupPagePermission.objects.filter(group=group).select_related(
                    "page", "permission"
                )
            ),
            "collection": sorted(
                [
                    grant.collection.name,
                    grant.permission.content_type.app_label,
                    grant.permission.codename,
                ]
                for grant in GroupCollectionPermission.objects.filter(group=group).select_related(
                    "collection", "permission__content_type"
                )
            ),
            "users": sorted(group.user_set.values_list("username", flat=True)),
        }
    return groups


def log_entries():
    from wagtail.models import ModelLogEntry, PageLogEntry

    entries = {}
    for log_model in (PageLogEntry, ModelLogEntry):
        rows = log_model.objects.select_related("content_type").order_by("pk")
        entries[log_model._meta.db_table] = [
            {
                "id": entry.pk,
                "action": entry.action,
                "content_type": label_of(entry.content_type),
                "object_id": str(entry.object_id),
                "label": entry.label,
            }
            for entry in rows
        ]
    return entries


def comments_and_views():
    comment_model = model(COMMENT)
    comments = [
        {
            "id": c.pk,
            "article": c.article_id,
            "status": c.status,
            "text": c.text,
            "nickname": c.nickname,
            "reply": c.reply_text,
            "moderated_by": c.moderated_by.username if c.moderated_by else None,
            "public": c.is_public,
        }
        for c in comment_model.objects.select_related("moderated_by").order_by("pk")
    ]
    totals = sorted(model(VIEW_COUNT).objects.values_list("article_id", "count"))
    daily = sorted(
        [article_id, day.isoformat(), count]
        for article_id, day, count in model(DAILY_VIEWS).objects.values_list(
            "article_id", "date", "count"
        )
    )
    return {
        "comments": comments,
        "sensitive_words": sorted(
            model(SENSITIVE_WORD).objects.values_list("word", "action", "note")
        ),
        "comment_settings": sorted(
            model(COMMENT_SETTINGS).objects.values_list("site_id", "comments_open", "moderation")
        ),
        "view_totals": totals,
        "daily_views": daily,
        "view_count_flushes": model(VIEW_COUNT_FLUSH).objects.count(),
    }


def task_record(task):
    """A review step, and the model Wagtail finds for it through its content type."""
    specific = task.specific
    groups = getattr(specific, "groups", None)
    return {
        "id": task.pk,
        "name": task.name,
        "content_type": label_of(task.content_type),
        "specific": type(specific)._meta.label_lower,
        "groups": sorted(group.name for group in groups.all()) if groups is not None else None,
    }


def workflows():
    from wagtail.models import Task, TaskState, WorkflowState

    return {
        "tasks": [
            task_record(task) for task in Task.objects.select_related("content_type").order_by("pk")
        ],
        "workflow_states": [
            [state.pk, state.object_id, state.status, state.current_task_state_id]
            for state in WorkflowState.objects.order_by("pk")
        ],
        "task_states": [
            [state.pk, state.task.name, state.status, label_of(state.content_type)]
            for state in TaskState.objects.select_related("task", "content_type").order_by("pk")
        ],
    }


def render(state):
    pages = {}
    for url in state["urls"]:
        response = client(state).get(url)
        pages[url] = {
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "body": response.content.decode("utf-8", "replace"),
        }
    return pages


def snapshot(state_path, out_path, order):
    """Everything the upgrade must keep. Rendering can write (renditions, captchas): the old
    code renders first and counts after, the new code counts first and renders after, so both
    count the same database."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    state = json.loads(Path(state_path).read_text())
    data = {"vendor": connection.vendor}
    if order == "render-then-count":
        data["pages"] = render(state)
    data["tables"] = table_rows()
    data["models"], data["orm_counts"] = models_and_counts()
    data["content_types"] = {str(ct.pk): label_of(ct) for ct in ContentType.objects.order_by("pk")}
    data["dangling_content_types"] = content_type_references()
    data["groups"] = permissions()
    data["log_entries"] = log_entries()
    data.update(comments_and_views())
    data["workflows"] = workflows()
    if order == "count-then-render":
        data["pages"] = render(state)
    write_json(out_path, data)


# Review (new code) ----------------------------------------------------------------------------


def review(state_path, out_path):
    """The 忻州 desk editor approves the article the reporter submitted before the upgrade."""
    from django.urls import reverse

    from wagtail.models import Page, TaskState

    state = json.loads(Path(state_path).read_text())
    wanted = state["review"]
    result = {"steps": [], "problems": []}

    def problem(text):
        result["problems"].append(text)
        write_json(out_path, result)

    browser = client(state)
    if not browser.login(username=wanted["desk_username"], password=wanted["desk_password"]):
        return problem(f"{wanted['desk_username']} cannot log in with the demo password")
    result["steps"].append(f"{wanted['desk_username']} logged in")

    article_id, task_state_id = wanted["article_id"], wanted["task_state_id"]
    edit = browser.get(reverse("wagtailadmin_pages:edit", args=[article_id]))
    if edit.status_code != 200:
        return problem(f"the edit page of 《{wanted['title']}》 answered {edit.status_code}")
    result["steps"].append(f"edit page of 《{wanted['title']}》: 200")

    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[article_id, "approve", task_state_id]
    )
    response = browser.post(action, {"comment": ""})
    result["steps"].append(f"POST {action}: {response.status_code}")
    if response.status_code != 302:
        return problem(f"approving at {wanted['desk_task']} answered {response.status_code}")
    if response["Location"].rstrip("/") == reverse("wagtailadmin_home").rstrip("/"):
        return problem(f"approving at {wanted['desk_task']} was refused (sent to the dashboard)")

    task_state = TaskState.objects.get(pk=task_state_id)
    if task_state.status != TaskState.STATUS_APPROVED:
        problem(f"the {wanted['desk_task']} step is {task_state.status}, not approved")
    article = Page.objects.get(pk=article_id).specific
    current = article.current_workflow_task
    if current is None or current.name != wanted["chief_task"]:
        name = current.name if current else "nothing"
        problem(
            f"after the desk's approval the article waits at {name}, not {wanted['chief_task']}"
        )
    elif article.live:
        problem("the article went live after the desk's approval alone")
    else:
        result["steps"].append(f"{wanted['desk_task']} approved; waiting at {current.name}")
    write_json(out_path, result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", required=True, type=Path)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build").add_argument("state")
    taking = commands.add_parser("snapshot")
    taking.add_argument("state")
    taking.add_argument("out")
    taking.add_argument("--order", choices=["render-then-count", "count-then-render"])
    acting = commands.add_parser("review")
    acting.add_argument("state")
    acting.add_argument("out")
    args = parser.parse_args()

    setup_django(args.project.resolve())
    if args.command == "build":
        build(args.state)
    elif args.command == "snapshot":
        snapshot(args.state, args.out, args.order)
    else:
        review(args.state, args.out)


if __name__ == "__main__":
    main()

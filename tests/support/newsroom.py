"""A small newsroom for tests: the factories' site, desks on 忻州 and 太原, one user per role."""

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsroom import desks, roles
from tests.support.factories import build_site

PASSWORD = "newsroom-test"


def build_newsroom():
    """Returns (tree, users): users by key — reporter/editor for each city, chief, moderator."""
    tree = build_site()
    desks.setup_newsroom()
    users = {}

    def make(key, name, role, city=None):
        user = get_user_model().objects.create_user(key, password=PASSWORD, last_name=name)
        if city is not None:
            desks.put_on_desk(user, city, role)
        else:
            desks.give_role(user, role)
        users[key] = user
        return user

    make("reporter_xinzhou", "王晓燕", roles.REPORTER, tree.xinzhou)
    make("desk_xinzhou", "张建国", roles.DESK_EDITOR, tree.xinzhou)
    make("reporter_taiyuan", "李明", roles.REPORTER, tree.taiyuan)
    make("desk_taiyuan", "周平", roles.DESK_EDITOR, tree.taiyuan)
    make("chief", "赵志强", roles.CHIEF_EDITOR)
    make("moderator", "孙丽", roles.COMMENT_MODERATOR)
    return tree, users


def article_form(
    title="忻州开展秋季植树活动", body="<p>忻州市各区县组织干部群众植树。</p>", **extra
):
    """POST data for the article editor, as the browser sends it."""
    data = {
        "title": title,
        "slug": "",
        "short_title": "",
        "summary": "",
        "editor_name": "网络编辑",
        "source": "大院网",
        "publish_time": "2026-11-17 18:02:44",
        "tags": "",
        "body": streamfield([("paragraph", rich_text(body))]),
        "corrections": streamfield([]),
        "copyright_statement": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(section):
    return f"/admin/pages/add/news/articlepage/{section.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"

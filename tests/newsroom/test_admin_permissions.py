"""Who may open what in the admin: every role against every kind of admin address.

One test per cell, e.g. `test_admin_access[reporter-images_index-allow]`, through the real
admin with the Django test client. The expectations are the newsroom's policy
(docs/newsroom.md#权限): a reporter writes in their desk, a desk editor edits their desk,
the chief editor publishes everywhere, the comment moderator only moderates comments, and
settings, users and structure belong to superusers. Users sign in past the second step
(a verified django-otp device), which the chief and superusers owe.

Outcomes:
- allow: 200;
- login: anonymous, sent to the admin login;
- deny: 302 to the dashboard with Wagtail's "no permission" (权限) message;
- refused: 302 to the section with the newsroom's 权限 message (only the chief adds sections);
- own_desk: 302 to the user's own desk section (the explorer's nearest page they may see);
- article_form: 302 straight to the new-article form (the only type they may add there);
- not_found: 404; forbidden: 403 with a Chinese message (JSON endpoints);
- empty: 200 listing nothing (the admin API for someone with no pages or files);
- no_action: 200 bulk confirmation naming the object but offering no action;
- published / draft_only: a publish request that publishes, or only saves a draft.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Site

import pytest

from comments.models import Comment
from news.models import ArticlePage
from tests.support.accounts import sign_in_verified
from tests.support.factories import make_article, make_image
from tests.support.newsroom import article_form, build_newsroom

ROLES = ("anonymous", "reporter", "desk_editor", "chief", "moderator", "superuser")
USERS = {
    "reporter": "reporter_xinzhou",
    "desk_editor": "desk_xinzhou",
    "chief": "chief",
    "moderator": "moderator",
    "superuser": "root",
}


def page(pk, suffix=""):
    return f"/admin/pages/{pk}/{suffix}"


# name: (address, expected outcome for reporter, desk_editor, chief, moderator, superuser).
# Anonymous is always sent to the login. Addresses take the objects built below.
TABLE = {
    # Pages
    "dashboard": (lambda d: "/admin/", "allow allow allow allow allow"),
    "explorer_root": (lambda d: "/admin/pages/", "own_desk own_desk allow deny allow"),
    "explorer_desk": (lambda d: page(d.xinzhou.pk), "allow allow allow deny allow"),
    "explorer_other_desk": (lambda d: page(d.taiyuan.pk), "own_desk own_desk allow deny allow"),
    "page_search": (lambda d: "/admin/pages/search/?q=稿件", "allow allow allow deny allow"),
    # The chooser: 文章, 图集 or 图文直播 (a section is the chief's alone, newsroom/sections.py).
    "add_subpage_desk": (
        lambda d: page(d.xinzhou.pk, "add_subpage/"),
        "allow allow allow deny allow",
    ),
    "add_article_desk": (
        lambda d: f"/admin/pages/add/news/articlepage/{d.xinzhou.pk}/",
        "allow allow allow deny allow",
    ),
    "add_article_other_desk": (
        lambda d: f"/admin/pages/add/news/articlepage/{d.taiyuan.pk}/",
        "deny deny allow deny allow",
    ),
    "add_section": (
        lambda d: f"/admin/pages/add/news/sectionpage/{d.xinzhou.pk}/",
        "refused refused allow deny allow",
    ),
    "edit_own_draft": (lambda d: page(d.own_draft.pk, "edit/"), "allow allow allow deny allow"),
    "edit_desk_article": (lambda d: page(d.desk_live.pk, "edit/"), "deny allow allow deny allow"),
    "edit_other_desk": (lambda d: page(d.other_live.pk, "edit/"), "deny deny allow deny allow"),
    "publish_own_draft": (
        lambda d: page(d.own_draft.pk, "edit/"),
        "draft_only draft_only published deny published",
    ),
    "view_draft_other_desk": (
        lambda d: page(d.other_draft.pk, "view_draft/"),
        "deny deny allow deny allow",
    ),
    "unpublish_desk_article": (
        lambda d: page(d.desk_live.pk, "unpublish/"),
        "deny deny allow deny allow",
    ),
    "delete_own_draft": (lambda d: page(d.own_draft.pk, "delete/"), "allow allow allow deny allow"),
    "delete_desk_article": (
        lambda d: page(d.desk_live.pk, "delete/"),
        "deny deny allow deny allow",
    ),
    "move_desk_article": (lambda d: page(d.desk_live.pk, "move/"), "deny deny allow deny allow"),
    "copy_desk_article": (lambda d: page(d.desk_live.pk, "copy/"), "deny allow allow deny allow"),
    "copy_other_desk": (lambda d: page(d.other_draft.pk, "copy/"), "deny deny allow deny allow"),
    "history_desk_article": (
        lambda d: page(d.desk_live.pk, "history/"),
        "deny allow allow deny allow",
    ),
    "history_other_desk": (
        lambda d: page(d.other_draft.pk, "history/"),
        "deny deny allow deny allow",
    ),
    "revision_desk_article": (
        lambda d: page(d.desk_live.pk, f"revisions/{d.desk_live.latest_revision_id}/view/"),
        "deny allow allow deny allow",
    ),
    "revision_other_desk": (
        lambda d: page(d.other_draft.pk, f"revisions/{d.other_draft.latest_revision_id}/view/"),
        "deny deny allow deny allow",
    ),
    "revisions_compare_other_desk": (
        lambda d: page(d.other_draft.pk, "revisions/compare/earliest...latest/"),
        "deny deny allow deny allow",
    ),
    "workflow_history_other_desk": (
        lambda d: page(d.other_draft.pk, "workflow_history/"),
        "deny deny allow deny allow",
    ),
    "privacy_desk_article": (
        lambda d: page(d.desk_live.pk, "privacy/"),
        "deny deny allow deny allow",
    ),
    "page_chooser": (
        lambda d: f"/admin/choose-page/{d.taiyuan.pk}/",
        "allow allow allow allow allow",
    ),
    # Images and documents (uploaded by the chief to the shared root collection)
    "images_index": (lambda d: "/admin/images/", "allow allow allow deny allow"),
    "image_add": (lambda d: "/admin/images/add/", "allow allow allow deny allow"),
    "image_edit": (lambda d: f"/admin/images/{d.image.pk}/", "deny deny allow deny allow"),
    "image_delete": (lambda d: f"/admin/images/{d.image.pk}/delete/", "deny deny allow deny allow"),
    "documents_index": (lambda d: "/admin/documents/", "allow allow allow deny allow"),
    "document_add": (lambda d: "/admin/documents/add/", "allow allow allow deny allow"),
    "document_edit": (
        lambda d: f"/admin/documents/edit/{d.document.pk}/",
        "deny deny allow deny allow",
    ),
    "document_delete": (
        lambda d: f"/admin/documents/delete/{d.document.pk}/",
        "deny deny allow deny allow",
    ),
    "collections": (lambda d: "/admin/collections/", "deny deny deny deny allow"),
    # Bulk actions (newsroom/bulk_guard.py)
    "bulk_pages": (
        lambda d: f"/admin/bulk/wagtailcore/page/delete/?id={d.other_draft.pk}",
        "deny deny allow deny allow",
    ),
    "bulk_images": (
        lambda d: f"/admin/bulk/wagtailimages/image/delete/?id={d.image.pk}",
        "no_action no_action allow deny allow",
    ),
    "bulk_documents": (
        lambda d: f"/admin/bulk/wagtaildocs/document/delete/?id={d.document.pk}",
        "no_action no_action allow deny allow",
    ),
    "bulk_users": (
        lambda d: f"/admin/bulk/auth/user/delete/?id={d.other_user.pk}",
        "deny deny deny deny allow",
    ),
    "bulk_comments": (
        lambda d: f"/admin/bulk/comments/comment/approve/?id={d.comment.pk}",
        "deny deny allow allow allow",
    ),
    # Snippets: the comment queue and sensitive words
    "snippets": (lambda d: "/admin/snippets/", "deny deny deny deny deny"),
    "comments": (lambda d: "/admin/snippets/comments/comment/", "deny deny allow allow allow"),
    "comment_edit": (
        lambda d: f"/admin/snippets/comments/comment/edit/{d.comment.pk}/",
        "deny deny allow allow allow",
    ),
    "sensitive_words": (
        lambda d: "/admin/snippets/comments/sensitiveword/",
        "deny deny allow allow allow",
    ),
    # Settings, people and structure
    "site_settings": (
        lambda d: f"/admin/settings/home/sitesettings/{d.site.pk}/",
        "deny deny deny deny allow",
    ),
    "comment_settings": (
        lambda d: f"/admin/settings/comments/commentsettings/{d.site.pk}/",
        "deny deny deny deny allow",
    ),
    "users": (lambda d: "/admin/users/", "deny deny deny deny allow"),
    "user_edit": (lambda d: f"/admin/users/edit/{d.other_user.pk}/", "deny deny deny deny allow"),
    "groups": (lambda d: "/admin/groups/", "deny deny deny deny allow"),
    "sites": (lambda d: "/admin/sites/", "deny deny deny deny allow"),
    "workflows": (lambda d: "/admin/workflows/list/", "deny deny deny deny allow"),
    "workflow_tasks": (lambda d: "/admin/workflows/tasks/index/", "deny deny deny deny allow"),
    "desks": (lambda d: "/admin/newsroom/desks/", "deny deny deny deny allow"),
    "redirects": (lambda d: "/admin/redirects/", "deny deny deny deny allow"),
    "search_promotions": (lambda d: "/admin/searchpicks/", "deny deny deny deny allow"),
    "search_synonyms": (
        lambda d: "/admin/snippets/search/searchsynonym/",
        "deny deny allow deny allow",
    ),
    "login_lockouts": (lambda d: "/admin/accounts/lockouts/", "deny deny deny deny allow"),
    "two_factor_users": (lambda d: "/admin/two-factor/users/", "deny deny deny deny allow"),
    # Reports
    "report_locked_pages": (lambda d: "/admin/reports/locked/", "deny allow allow deny allow"),
    "report_workflows": (lambda d: "/admin/reports/workflow/", "allow allow allow deny allow"),
    "report_workflow_tasks": (
        lambda d: "/admin/reports/workflow_tasks/",
        "allow allow allow deny allow",
    ),
    "report_site_history": (
        lambda d: "/admin/reports/site-history/",
        "allow allow allow allow allow",
    ),
    "report_aging_pages": (lambda d: "/admin/reports/aging-pages/", "allow allow allow deny allow"),
    "report_page_types": (
        lambda d: "/admin/reports/page-types-usage/",
        "allow allow allow deny allow",
    ),
    "report_search_terms": (
        lambda d: "/admin/searchpicks/reports/search-terms/",
        "deny deny deny deny allow",
    ),
    "report_search_queries": (
        lambda d: "/admin/reports/search/queries/",
        "deny allow allow deny allow",
    ),
    "report_search_misses": (
        lambda d: "/admin/reports/search/misses/",
        "deny allow allow deny allow",
    ),
    # The admin API and the newsroom's own endpoint
    "api_pages": (lambda d: "/admin/api/main/pages/", "allow allow allow empty allow"),
    "api_page_other_desk": (
        lambda d: f"/admin/api/main/pages/{d.other_draft.pk}/",
        "not_found not_found allow not_found allow",
    ),
    "api_images": (lambda d: "/admin/api/main/images/", "allow allow allow empty allow"),
    "api_documents": (lambda d: "/admin/api/main/documents/", "allow allow allow empty allow"),
    "tag_suggestions": (
        lambda d: "/admin/newsroom/tag-suggestions/",
        "allow allow allow forbidden allow",
    ),
}

# Cells answered to a POST, with the data it sends.
POSTS = {
    "publish_own_draft": lambda d: article_form(d.own_draft.title, **{"action-publish": "1"}),
    "tag_suggestions": lambda d: {"title": "忻州部署疫情防控", "text": "会议强调疫情防控。"},
}


def cells():
    for name, (_address, expected) in TABLE.items():
        outcomes = dict(zip(ROLES[1:], expected.split(), strict=True))
        outcomes["anonymous"] = "login"
        for role in ROLES:
            yield pytest.param(role, name, outcomes[role], id=f"{role}-{name}-{outcomes[role]}")


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The newsroom, built once; every test runs in its own transaction inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree, users = build_newsroom()
        users["root"] = get_user_model().objects.create_superuser("root", password="x" * 16)
        desk_live = make_article(tree.xinzhou, "忻州已发布稿件")
        yield SimpleNamespace(
            users=users,
            xinzhou=tree.xinzhou,
            taiyuan=tree.taiyuan,
            site=Site.objects.get(is_default_site=True),
            own_draft=make_article(
                tree.xinzhou, "忻州记者的草稿", publish=False, owner=users["reporter_xinzhou"]
            ),
            desk_live=desk_live,
            other_live=make_article(tree.taiyuan, "太原已发布稿件"),
            other_draft=make_article(tree.taiyuan, "太原未发表草稿", publish=False),
            image=make_image("主编上传的图片"),
            document=get_document_model().objects.create(
                title="主编上传的文档",
                file=ContentFile(b"%PDF-1.4 test", name="notice.pdf"),
                uploaded_by_user=users["chief"],
            ),
            comment=Comment.objects.create(
                article=desk_live, text="读者评论", submitted_text="读者评论", client_hash="0" * 64
            ),
            other_user=users["reporter_taiyuan"],
        )
        transaction.set_rollback(True)


def outcome_of(response, data, name):
    """The table's word for what the admin answered."""
    status, location = response.status_code, response.get("Location", "")
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    if status == 302 and location.startswith("/admin/login/"):
        return "login"
    if name == "publish_own_draft" and status == 302 and location != "/admin/":
        return "published" if ArticlePage.objects.get(pk=data.own_draft.pk).live else "draft_only"
    if status == 302:
        if location == "/admin/" and "权限" in messages:
            return "deny"
        if location == page(data.xinzhou.pk):
            return "refused" if "权限" in messages else "own_desk"
        if location == f"/admin/pages/add/news/articlepage/{data.xinzhou.pk}/":
            return "article_form"
    if response.get("Content-Type") == "application/json":
        body = response.json()
        if status == 200 and "items" in body and not body["items"]:
            return "empty"
        if status == 403 and "权限" in body.get("error", ""):
            return "forbidden"
    if status == 200 and name.startswith("bulk_"):
        return "allow" if '<form action="/admin/bulk/' in response.content.decode() else "no_action"
    return {200: "allow", 404: "not_found"}.get(status, f"{status} {location}")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "expected"), cells())
def test_admin_access(newsroom, role, name, expected):
    client = Client()
    if role != "anonymous":
        sign_in_verified(client, newsroom.users[USERS[role]])
    address = TABLE[name][0](newsroom)
    post = POSTS.get(name)
    response = client.post(address, post(newsroom)) if post else client.get(address)
    assert outcome_of(response, newsroom, name) == expected
    if expected == "login":
        assert response["Location"].startswith("/admin/login/?next=")

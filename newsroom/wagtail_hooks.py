"""The newsroom in the Wagtail admin: desks, review workflow, media, editing help, dashboard."""

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin import messages

from news.models import ArticlePage, SectionPage
from news.text import body_text

from . import dashboard, desk_admin, desks, media, review, sections, views, visibility
from .suggestions import DUPLICATE_WINDOW_DAYS, same_title_articles, suggest_tags

# Replaced by dashboard.ReviewQueuePanel, which names the city and the submitter.
BUILT_IN_REVIEW_PANEL = "workflow_objects_to_moderate"


def admin_urls():
    return [
        path(
            "newsroom/tag-suggestions/",
            views.tag_suggestions,
            name="newsroom_tag_suggestions",
        ),
        path("newsroom/desks/", desk_admin.DeskOverviewView.as_view(), name="newsroom_desks"),
        path(
            "newsroom/desks/<int:user_id>/<int:city_id>/remove/",
            desk_admin.remove_from_desk,
            name="newsroom_desk_remove",
        ),
    ]


def editor_js():
    return format_html('<script src="{}" defer></script>', static("js/newsroom-editor.js"))


def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/newsroom-admin.css"))


def homepage_panels(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != BUILT_IN_REVIEW_PANEL]
    panels.extend(dashboard.panels_for(request))


def warn_about_same_title(request, page):
    if not isinstance(page.specific, ArticlePage):
        return
    latest = page.get_latest_revision_as_object()
    for other in same_title_articles(latest.title, exclude_pk=page.pk)[:3]:
        where = f"{other.region.title}," if other.region else ""
        state = "已发布" if other.live else "草稿"
        messages.warning(
            request,
            f"注意:近 {DUPLICATE_WINDOW_DAYS} 天内已有同名文章《{other.title}》"
            f"({where}{state},编号 {other.article_number})。请确认不是重复发稿。",
        )


def new_section(request, page):
    """A section added in the admin gets its desk and the review workflow at once."""
    page = page.specific
    if not isinstance(page, SectionPage):
        return
    if page.is_city:
        desks.ensure_desk(page)
    desks.attach_review_workflow()


def article_tag_suggestions(page):
    """Keywords for the article editor's tag panel (news.panels asks through this hook)."""
    text = "\n".join([page.title, page.summary, body_text(page.body)])
    return suggest_tags(text, exclude=[tag.name for tag in page.tags.all()])


hooks.register("register_admin_urls", admin_urls)
hooks.register("register_settings_menu_item", desk_admin.menu_item)
hooks.register("insert_editor_js", editor_js)
hooks.register("insert_global_admin_css", admin_css)
hooks.register("construct_homepage_panels", homepage_panels)
hooks.register("after_create_page", warn_about_same_title)
hooks.register("after_edit_page", warn_about_same_title)
hooks.register("after_create_page", new_section)
hooks.register("after_publish_page", review.record_publisher_if_unnamed)
hooks.register("article_review_status", review.rejection_for)
hooks.register("suggest_article_tags", article_tag_suggestions)
hooks.register("register_admin_viewset", sections.page_viewset)
hooks.register("before_create_page", sections.refuse_section_creation)
hooks.register("before_copy_page", sections.refuse_section_copy)
hooks.register("register_permissions", sections.section_permission)
hooks.register("construct_page_chooser_queryset", visibility.page_chooser_queryset)
# After wagtail.images and wagtail.documents register their own endpoints.
hooks.register("construct_admin_api", visibility.admin_api_endpoints, order=1)
hooks.register("before_serve_document", media.private_until_published)

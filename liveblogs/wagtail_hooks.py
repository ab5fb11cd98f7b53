"""图文直播 in the Wagtail admin: the menu item, the 直播条目 buttons, the log actions."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .entries import LOG_ACTIONS
from .models import LiveBlogPage


@hooks.register("register_admin_urls")
def liveblog_admin_urls():
    return [path("liveblogs/", include(admin_views.admin_urls))]


@hooks.register("register_admin_menu_item")
def liveblog_menu_item():
    return admin_views.LiveBlogMenuItem(
        "图文直播", reverse("liveblogs_index"), name="liveblogs", icon_name="time", order=260
    )


def entries_button(page, user, priority):
    # The explorer's rows are plain pages: their content type says which are live blogs.
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, LiveBlogPage):
        return []
    if not admin_views.may_edit(user, page):
        return []
    return [
        Button(
            "直播条目",
            url=admin_views.entries_url(page),
            icon_name="time",
            priority=priority,
            attrs={"title": "添加、修改直播条目,结束直播"},
        )
    ]


@hooks.register("register_page_header_buttons")
def liveblog_header_button(page, user, view_name, next_url=None):
    return entries_button(page, user, priority=5)


@hooks.register("register_page_listing_buttons")
def liveblog_listing_button(page, user, next_url=None):
    return entries_button(page, user, priority=5)


@hooks.register("register_log_actions")
def liveblog_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)

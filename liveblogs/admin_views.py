"""The 直播条目 screen: a live blog's entries, the form to add one, and ending the coverage.

Reached from the 直播条目 button on the live blog's header and row in the page explorer,
and from 图文直播 in the menu (the live blogs the user may edit). Whoever may edit the
page may change its entries — Wagtail's page permissions, so a city desk keeps to its
own city — and no one else: the page went through review when it opened.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import re_path, reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import entries
from .forms import LiveBlogEntryForm
from .models import LiveBlogEntry, LiveBlogPage

LIST_LIMIT = 200


def editable_live_blogs(user, limit=LIST_LIMIT):
    """Live blogs the user may edit, newest first (Wagtail's permissions decide each)."""
    blogs = LiveBlogPage.objects.order_by("-coverage_start", "-pk").defer_streamfields()
    return [blog for blog in blogs[:limit] if may_edit(user, blog)]


def may_edit(user, blog):
    return blog.permissions_for_user(user).can_edit()


def blog_for(user, page_id):
    blog = get_object_or_404(LiveBlogPage.objects.defer_streamfields(), pk=page_id)
    if not may_edit(user, blog):
        raise PermissionDenied
    return blog


def entries_url(page):
    return reverse("liveblogs_entries", args=[page.pk])


class LiveBlogIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "liveblogs/admin/index.html"
    page_title = "图文直播"
    header_icon = "time"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blogs"] = editable_live_blogs(self.request.user)
        return context


class EntriesView(WagtailAdminTemplateMixin, TemplateView):
    """The live blog's entries, newest first, under the form that adds the next one."""

    template_name = "liveblogs/admin/entries.html"
    header_icon = "time"

    def dispatch(self, request, page_id):
        self.blog = blog_for(request.user, page_id)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"直播条目:{self.blog.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("liveblogs_index"), "label": "图文直播"},
            {"url": "", "label": self.blog.title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blog"] = self.blog
        context["form"] = form or LiveBlogEntryForm(for_user=self.request.user)
        context["entries"] = list(
            LiveBlogEntry.objects.of_blog(self.blog).select_related("author").newest()
        )
        return context

    def post(self, request, page_id):
        form = LiveBlogEntryForm(request.POST, for_user=request.user)
        if not form.is_valid():
            messages.validation_error(request, "条目没有发布,请改正下面的错误。", form)
            return self.render_to_response(self.get_context_data(form=form))
        entries.add_entry(self.blog, form.save(commit=False), request.user)
        messages.success(request, "条目已发布,读者在15秒内看到。")
        return redirect(entries_url(self.blog))


class EditEntryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "liveblogs/admin/edit_entry.html"
    header_icon = "edit"
    page_title = "修改直播条目"

    def dispatch(self, request, page_id, entry_id):
        self.blog = blog_for(request.user, page_id)
        self.entry = get_object_or_404(LiveBlogEntry, pk=entry_id, blog=self.blog)
        return super().dispatch(request, page_id, entry_id)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("liveblogs_index"), "label": "图文直播"},
            {"url": entries_url(self.blog), "label": self.blog.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blog"] = self.blog
        context["entry"] = self.entry
        context["form"] = form or LiveBlogEntryForm(instance=self.entry, for_user=self.request.user)
        return context

    def post(self, request, page_id, entry_id):
        form = LiveBlogEntryForm(request.POST, instance=self.entry, for_user=request.user)
        if not form.is_valid():
            messages.validation_error(request, "修改没有保存,请改正下面的错误。", form)
            return self.render_to_response(self.get_context_data(form=form))
        entries.edit_entry(form.save(commit=False), request.user)
        messages.success(request, "条目已修改。")
        return redirect(entries_url(self.blog))


@require_POST
def delete_entry(request, page_id, entry_id):
    blog = blog_for(request.user, page_id)
    entry = get_object_or_404(LiveBlogEntry, pk=entry_id, blog=blog)
    entries.delete_entry(entry, request.user)
    messages.success(request, "条目已删除。")
    return redirect(entries_url(blog))


@require_POST
def close_blog(request, page_id):
    blog = blog_for(request.user, page_id)
    entries.set_closed(blog, True, request.user)
    messages.success(request, "直播已结束:页面不再自动刷新,所有条目照常显示。")
    return redirect(entries_url(blog))


@require_POST
def reopen_blog(request, page_id):
    blog = blog_for(request.user, page_id)
    entries.set_closed(blog, False, request.user)
    messages.success(request, "直播已重新开始。")
    return redirect(entries_url(blog))


class LiveBlogMenuItem(MenuItem):
    def is_shown(self, request):
        # Anyone who may add or change pages may have a live blog to tend.
        return request.user.is_superuser or request.user.has_perm("wagtailadmin.access_admin")


# Ids as the database holds them; a longer number is no page, not an overflow.
PAGE_ID = r"(?P<page_id>[1-9][0-9]{0,9})"
ENTRY_ID = r"(?P<entry_id>[1-9][0-9]{0,17})"

admin_urls = [
    re_path(r"^$", LiveBlogIndexView.as_view(), name="liveblogs_index"),
    re_path(rf"^{PAGE_ID}/$", EntriesView.as_view(), name="liveblogs_entries"),
    re_path(rf"^{PAGE_ID}/{ENTRY_ID}/edit/$", EditEntryView.as_view(), name="liveblogs_edit_entry"),
    re_path(rf"^{PAGE_ID}/{ENTRY_ID}/delete/$", delete_entry, name="liveblogs_delete_entry"),
    re_path(rf"^{PAGE_ID}/close/$", close_blog, name="liveblogs_close"),
    re_path(rf"^{PAGE_ID}/reopen/$", reopen_blog, name="liveblogs_reopen"),
]

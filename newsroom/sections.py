"""Only chief editors create sections (栏目).

A section added in the admin gets desk groups and the review workflow at once
(`wagtail_hooks.new_section`): structure, not a reporter's work. Wagtail's page
permissions follow the tree, not the page type, and `can_create_at` knows no user, so the
rule is the Django model permission `news.add_sectionpage`: 主编 holds it (roles.py,
migration news/0009), and 设置 → 用户组 shows it as 栏目 "添加". It is checked wherever a
section can come into being:

- the page-type chooser (`add_subpage`) offers 栏目 only to a holder; with one type
  left it goes straight to that type's form, as Wagtail does;
- `before_create_page` refuses the create form itself, on GET and POST;
- `before_copy_page` refuses copying a section, which would create one.
"""

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from wagtail.admin import messages
from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.admin.viewsets.pages import PageViewSet

from news.models import SectionPage

from .roles import CREATE_SECTIONS

REFUSAL = "你没有新建栏目的权限:只有主编可以新建栏目。"


def may_create(user, page_class):
    """Whether `user` may create pages of this type at all (the tree permissions come on top)."""
    if issubclass(page_class, SectionPage):
        return user.has_perm(".".join(CREATE_SECTIONS))
    return True


def refusal(request, page):
    messages.error(request, REFUSAL)
    return redirect("wagtailadmin_explore", page.pk)


class PermittedTypesAddSubpageView(AddSubpageView):
    """Wagtail's page-type chooser without the types the user may not create."""

    def get(self, request, *args, **kwargs):
        self.page_types = [
            page_type
            for page_type in self.page_types
            if may_create(request.user, apps.get_model(page_type[1], page_type[2]))
        ]
        if not self.page_types:
            raise PermissionDenied
        if len(self.page_types) == 1:
            _, app_label, model_name, _ = self.page_types[0]
            return redirect("wagtailadmin_pages:add", app_label, model_name, self.parent_page.id)
        return super().get(request, *args, **kwargs)


class NewsroomPageViewSet(PageViewSet):
    """Wagtail's default page views, with the chooser above.

    Registered after Wagtail's own default (order -1), so it takes its place for every page
    type without a viewset of its own.
    """

    add_subpage_view_class = PermittedTypesAddSubpageView


def page_viewset():
    return NewsroomPageViewSet()


def refuse_section_creation(request, parent_page, page_class):
    """before_create_page hook: back to the parent's listing, saying why."""
    if not may_create(request.user, page_class):
        return refusal(request, parent_page)
    return None


def refuse_section_copy(request, page):
    """before_copy_page hook: a copy of a section is a new section."""
    if not may_create(request.user, page.specific_class):
        return refusal(request, page.get_parent())
    return None


def section_permission():
    """register_permissions hook: the permission in 设置 → 用户组."""
    app_label, codename = CREATE_SECTIONS
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)

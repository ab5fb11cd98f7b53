"""Admin lists that show a user only what the rest of the admin would show them.

Three of Wagtail's lists ignore the user's permissions, so any admin user — the comment
moderator, another desk's reporter — could read what they may not open:

- the page chooser's search lists every page, other desks' drafts included;
- the admin API lists every image and document, with download addresses, and draws a
  thumbnail rendition of any image on request;
- the page types usage report names the most recently edited page of each type, wherever
  it is, a draft of any desk included.

Found by the role × admin URL table (tests/newsroom/test_admin_permissions.py).
"""

from django.db.models import Q

from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import page_permission_policy, policy_registry

# Page permissions that put a user to work on a page, draft or not.
WORKING_ON = {"add", "change", "publish"}


def page_chooser_queryset(pages, request):
    """construct_page_chooser_queryset hook: live pages, and those the user works on."""
    if request.user.is_superuser:
        return pages
    working_on = page_permission_policy.instances_user_has_any_permission_for(
        request.user, WORKING_ON
    )
    return pages.filter(Q(live=True) | Q(pk__in=working_on.values("pk")))


class ChoosableOnly:
    """An admin API endpoint listing what the user's chooser would offer, nothing more."""

    def get_queryset(self):
        choosable = policy_registry.get_by_type(self.model).instances_user_has_any_permission_for(
            self.request.user, ["choose"]
        )
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class ChoosableImagesAdminAPIViewSet(ChoosableOnly, ImagesAdminAPIViewSet):
    pass


class ChoosableDocumentsAdminAPIViewSet(ChoosableOnly, DocumentsAdminAPIViewSet):
    pass


def admin_api_endpoints(router):
    """construct_admin_api hook; registered after wagtail.images' and wagtail.documents'."""
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)


class EditablePageTypesUsageReportView(PageTypesUsageReportView):
    """The counts per page type, naming a last edited page only to someone who may edit it."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        for item in page_types:
            page = item.last_edited_page
            if page is not None and not page.permissions_for_user(self.request.user).can_edit():
                item.last_edited_page = None
        return page_types

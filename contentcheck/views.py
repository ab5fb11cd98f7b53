"""The check report of one page, and pasting a list into either word list."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .checking import blocking, check_page
from .forms import MisspellingImportForm, PublishingWordImportForm
from .models import Misspelling, PublishingWord


class PageReportView(WagtailAdminTemplateMixin, TemplateView):
    """Every finding in the page's latest draft, for whoever may edit or review it."""

    template_name = "contentcheck/report.html"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        permissions = self.page.permissions_for_user(request.user)
        if not (permissions.can_edit() or permissions.can_publish()):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"内容检查:{self.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "内容检查"}]

    def get_context_data(self, **kwargs):
        findings = check_page(self.page.get_latest_revision_as_object())
        return super().get_context_data(
            **kwargs,
            page=self.page,
            findings=findings,
            blocking_count=len(blocking(findings)),
            refused=self.request.GET.get("refused") == "1",
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        )


class ListImportView(WagtailAdminTemplateMixin, FormView):
    """粘贴导入: one entry a line; entries already on the list are skipped, not duplicated."""

    template_name = "contentcheck/import.html"
    header_icon = "upload"
    model = None
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        meta = self.model._meta
        if not request.user.has_perm(f"{meta.app_label}.add_{meta.model_name}"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"粘贴导入{self.model._meta.verbose_name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.model._meta.verbose_name_plural},
            {"url": "", "label": "粘贴导入"},
        ]

    def form_valid(self, form):
        added, skipped = self.add(form.cleaned_data)
        messages.success(self.request, f"已导入 {added} 条,跳过已有的 {skipped} 条。")
        return redirect(self.index_url_name)


class PublishingWordImportView(ListImportView):
    model = PublishingWord
    form_class = PublishingWordImportForm
    index_url_name = "wagtailsnippets_contentcheck_publishingword:list"

    def add(self, data):
        return PublishingWord.objects.add_words(data["lines"], data["level"])


class MisspellingImportView(ListImportView):
    model = Misspelling
    form_class = MisspellingImportForm
    index_url_name = "wagtailsnippets_contentcheck_misspelling:list"

    def add(self, data):
        return Misspelling.objects.add_pairs(data["lines"])

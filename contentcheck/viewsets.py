"""内容检查 in the admin menu: the two word lists, with 粘贴导入 beside 添加.

Django permissions decide who does what: the 主编 group manages both lists, the 编辑
group may look (contentcheck/migrations/0002, newsroom/roles.py).
"""

from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import views
from .models import Misspelling, PublishingWord


class ImportableIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        meta = self.model._meta
        if self.request.user.has_perm(f"{meta.app_label}.add_{meta.model_name}"):
            url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:import")
            buttons.append(HeaderButton("粘贴导入", url=url, icon_name="upload"))
        return buttons


class PublishingWordFilterSet(WagtailFilterSet):
    class Meta:
        model = PublishingWord
        fields = ["level"]


class PublishingWordViewSet(SnippetViewSet):
    model = PublishingWord
    icon = "warning"
    menu_label = "发稿敏感词"
    menu_name = "publishing-words"
    index_view_class = ImportableIndexView
    list_display = ["word", "level", "note", DateColumn("updated_at", label="更新时间")]
    list_per_page = 100
    filterset_class = PublishingWordFilterSet
    search_fields = ["word", "note"]
    search_backend_name = None  # plain database lookups: the lists are not in the search index

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", views.PublishingWordImportView.as_view(), name="import"),
        ]


class MisspellingViewSet(SnippetViewSet):
    model = Misspelling
    icon = "edit"
    menu_label = "易错词"
    menu_name = "misspellings"
    index_view_class = ImportableIndexView
    list_display = [
        Column("wrong", label="易错写法"),
        Column("correct", label="正确写法"),
        "note",
        DateColumn("updated_at", label="更新时间"),
    ]
    list_per_page = 100
    search_fields = ["wrong", "correct", "note"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", views.MisspellingImportView.as_view(), name="import"),
        ]


class ContentCheckViewSetGroup(SnippetViewSetGroup):
    items = (PublishingWordViewSet, MisspellingViewSet)
    menu_icon = "warning"
    menu_label = "内容检查"
    menu_name = "content-check"
    menu_order = 270

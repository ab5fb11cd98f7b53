"""The search synonyms (搜索同义词) in the Wagtail admin, under 设置.

Managed by the chief editor (group 主编, which holds the model's permissions) and superusers.
"""

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "搜索同义词"
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = [
        Column("__str__", label="规则"),
        Column("kind", label="类型", accessor="get_kind_display"),
        Column("note", label="备注"),
        DateColumn("updated_at", label="更新时间"),
    ]
    list_per_page = 100
    search_fields = ["terms", "expansions", "note"]
    search_backend_name = None  # plain database lookups: rules are not in the search index

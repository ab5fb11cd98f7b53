"""Article editor panels whose content the newsroom provides, through Wagtail hooks.

news sits below newsroom, so these panels ask by hook instead of importing it:
- `article_review_status` hooks take the article and return the review step that sent it
  back, or None;
- `suggest_article_tags` hooks take the article and return keywords for its tag field;
  `TAG_SUGGESTIONS_URL_NAME` is the admin endpoint that suggests them for unsaved text.
A panel whose hook nobody registers is not shown.
"""

from django.urls import NoReverseMatch, reverse

from wagtail import hooks
from wagtail.admin.panels import Panel

TAG_SUGGESTIONS_URL_NAME = "newsroom_tag_suggestions"


def _first_answer(hook_name, page):
    for hook in hooks.get_hooks(hook_name):
        answer = hook(page)
        if answer:
            return answer
    return None


class ReviewStatusPanel(Panel):
    """Tells the reporter why an article was sent back, and who the responsible editor is."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "审核情况")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/panels/review_status.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            page = self.instance
            self.rejection = (
                _first_answer("article_review_status", page) if page and page.pk else None
            )
            self.responsible_editor = getattr(page, "responsible_editor", "")

        def is_shown(self):
            return bool(self.rejection or self.responsible_editor)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rejection"] = self.rejection
            context["responsible_editor"] = self.responsible_editor
            return context


class TagSuggestionsPanel(Panel):
    """Keywords of the article, one click away from the tag field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "标签建议")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/panels/tag_suggestions.html"

        def is_shown(self):
            return bool(hooks.get_hooks("suggest_article_tags"))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            suggestions = []
            if page is not None and page.pk:
                suggestions = _first_answer("suggest_article_tags", page) or []
            context["suggestions"] = suggestions
            # The endpoint checks the user may edit this page, or add one under the parent.
            context["page_id"] = context["parent_id"] = ""
            if page is not None and page.pk:
                context["page_id"] = page.pk
            elif parent := getattr(self.form, "parent_page", None):
                context["parent_id"] = parent.pk
            try:
                context["api_url"] = reverse(TAG_SUGGESTIONS_URL_NAME)
            except NoReverseMatch:
                context["api_url"] = ""
            return context

"""Panels in the article editor: review status (退回理由, 责任编辑) and tag suggestions."""

from django.urls import reverse

from wagtail.admin.panels import Panel


class ReviewStatusPanel(Panel):
    """Tells the reporter why an article was sent back, and who the responsible editor is."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "审核情况")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/newsroom/review_status_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .review import rejection_for

            page = self.instance
            self.rejection = rejection_for(page) if page and page.pk else None
            self.responsible_editor = getattr(page, "responsible_editor", "")

        def is_shown(self):
            return bool(self.rejection or self.responsible_editor)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["rejection"] = self.rejection
            context["responsible_editor"] = self.responsible_editor
            return context


class TagSuggestionsPanel(Panel):
    """Keywords of the article (jieba TF-IDF), one click away from the tag field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("heading", "标签建议")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/newsroom/tag_suggestions_panel.html"

        def get_context_data(self, parent_context=None):
            from .suggestions import body_text, suggest_tags

            context = super().get_context_data(parent_context)
            page = self.instance
            suggestions = []
            if page is not None and page.pk:
                text = "\n".join([page.title, page.summary, body_text(page.body)])
                existing = [tag.name for tag in page.tags.all()]
                suggestions = suggest_tags(text, exclude=existing)
            context["suggestions"] = suggestions
            context["api_url"] = reverse("newsroom_tag_suggestions")
            return context

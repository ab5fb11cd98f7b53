from wagtail.admin.forms import WagtailAdminPageForm

from .text import first_paragraph


class ArticlePageForm(WagtailAdminPageForm):
    """Editors need not invent an ASCII slug for a Chinese title: the number serves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields[
                "slug"
            ].help_text = "可留空:留空时自动使用文章编号。读者看到的地址始终是 编号.html。"

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if not slug:
            slug = str(self.instance.assign_article_number())
        return slug

    def clean(self):
        cleaned_data = super().clean()
        # Listings and shares need a summary; most portals take the first paragraph.
        if "summary" in self.fields and not (cleaned_data.get("summary") or "").strip():
            body = cleaned_data.get("body")
            if body:
                cleaned_data["summary"] = first_paragraph(body)
        return cleaned_data

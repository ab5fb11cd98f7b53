from wagtail.admin.forms import WagtailAdminPageForm


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

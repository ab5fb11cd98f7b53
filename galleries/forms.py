"""The gallery editor's form: the article form, with the photo list kept within bounds."""

import re

from news.forms import ArticlePageForm

# A photo story on a news portal runs to a few dozen pictures; the cap keeps one page's
# markup, its renditions and the paths a publish purges bounded.
MAX_GALLERY_IMAGES = 200
# An image id as the chooser posts it; anything else is replaced before the form sees it.
IMAGE_ID = re.compile(r"[1-9][0-9]{0,17}")


class GalleryPageForm(ArticlePageForm):
    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = self.with_chooser_values_checked(data)
        super().__init__(data, *args, **kwargs)

    @staticmethod
    def with_chooser_values_checked(data):
        """A hostile image id ("abc", "1.5", SQL) becomes an empty choice.

        The field would refuse it, but Wagtail's chooser widget, showing the form again
        with its error, looks the raw value up and fails with a 500. Empty, the editor is
        told to choose an image.
        """
        bad = [
            name
            for name, value in data.items()
            if (name == "featured_image" or re.fullmatch(r"gallery_images-\d+-image", name))
            and value
            and not IMAGE_ID.fullmatch(value)
        ]
        if not bad:
            return data
        data = data.copy()
        for name in bad:
            data[name] = ""
        return data

    def clean(self):
        cleaned_data = super().clean()
        # Counted from what was posted: the photo forms are cleaned after this form.
        prefix = "gallery_images"
        try:
            total = int(self.data.get(f"{prefix}-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        kept = sum(
            1
            for index in range(min(total, MAX_GALLERY_IMAGES * 10))
            if self.data.get(f"{prefix}-{index}-image")
            and not self.data.get(f"{prefix}-{index}-DELETE")
        )
        if not kept:
            self.add_error(None, "图集至少要有一张图片。")
        elif kept > MAX_GALLERY_IMAGES:
            self.add_error(None, f"一个图集最多 {MAX_GALLERY_IMAGES} 张图片,请分成几个图集。")
        return cleaned_data

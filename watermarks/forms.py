"""不加水印: a box on the image form, stored in the side table (the image model is Wagtail's).

The newsroom's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) includes this mixin. Ticking or
clearing the box deletes the image's renditions, so pages get them made anew with or
without the watermark under the same spec; the image's own save purges the cached pages
that show it (newsroom/signal_handlers.py).
"""

from django import forms
from django.db import transaction

from .models import ImageWatermarkExemption


class WatermarkChoiceFormMixin:
    """不加水印 on the image form; the side table ImageWatermarkExemption holds it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_watermark"] = forms.BooleanField(
            label="不加水印",
            required=False,
            initial=self._is_exempt(),
            help_text="勾选后,这张图片在前台显示时不加站点水印(例如已有版权标记的图片)。",
        )

    def _is_exempt(self):
        image = self.instance
        return bool(image.pk) and ImageWatermarkExemption.objects.filter(image=image).exists()

    def save(self, commit=True):
        was_exempt = self._is_exempt()
        image = super().save(commit=commit)
        wanted = self.cleaned_data.get("no_watermark", False)
        if commit and image.pk and wanted != was_exempt:
            with transaction.atomic():
                if wanted:
                    ImageWatermarkExemption.objects.get_or_create(image=image)
                else:
                    ImageWatermarkExemption.objects.filter(image=image).delete()
                # Same specs, different pixels: the old renditions must go.
                image.renditions.all().delete()
                image.save()  # the pages showing it are purged (newsroom)
        return image

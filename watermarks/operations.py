"""`watermark-<version>`: a Wagtail image operation (registered in wagtail_hooks.py).

It runs once, when a rendition is made; the spec's version only names which setting the
rendition was made under (watermarks/specs.py), the logo and its placement are read from
the setting then. Nothing is drawn on an image an editor exempted, on a rendition smaller
than the setting's minimum (thumbnails), or while the watermark is off.
"""

from django.core.exceptions import ObjectDoesNotExist

from wagtail.images.image_operations import FilterOperation

from PIL import Image as PILImage
from willow.plugins.pillow import PillowImage

from .models import ImageWatermarkExemption, Position, WatermarkSettings


def is_exempt(image):
    return bool(image.pk) and ImageWatermarkExemption.objects.filter(image_id=image.pk).exists()


def load_logo(logo_image):
    """The logo as RGBA pixels, or None when its file is lost or unreadable."""
    try:
        with logo_image.open_file() as file:
            logo = PILImage.open(file)
            logo.load()
    except (OSError, ValueError, ObjectDoesNotExist):
        return None
    return logo.convert("RGBA")


def logo_position(position, base_size, logo_size):
    (width, height), (logo_width, logo_height) = base_size, logo_size
    margin = max(4, round(min(width, height) * 0.02))
    x = {
        Position.BOTTOM_LEFT: margin,
        Position.TOP_LEFT: margin,
        Position.CENTER: (width - logo_width) // 2,
    }.get(position, width - logo_width - margin)
    y = {
        Position.TOP_LEFT: margin,
        Position.TOP_RIGHT: margin,
        Position.CENTER: (height - logo_height) // 2,
    }.get(position, height - logo_height - margin)
    return x, y


def draw_watermark(base, logo, setting):
    """`base` (a Pillow image) with the logo drawn on it, as a new image."""
    logo_width = max(1, round(base.width * setting.relative_width / 100))
    logo_height = max(1, round(logo.height * logo_width / logo.width))
    if logo_height > base.height // 2:  # a tall logo on a wide photo: keep it inside
        logo_height = max(1, base.height // 2)
        logo_width = max(1, round(logo.width * logo_height / logo.height))
    logo = logo.resize((logo_width, logo_height), PILImage.Resampling.LANCZOS)
    alpha = logo.getchannel("A").point(lambda value: value * setting.opacity // 100)
    logo.putalpha(alpha)
    mode = base.mode
    canvas = base.convert("RGBA")
    layer = PILImage.new("RGBA", canvas.size, (0, 0, 0, 0))
    layer.paste(logo, logo_position(setting.position, canvas.size, logo.size))
    result = PILImage.alpha_composite(canvas, layer)
    return result if mode == "RGBA" or "A" in mode or mode == "P" else result.convert("RGB")


class WatermarkOperation(FilterOperation):
    def construct(self, version):
        self.version = int(version)
        if self.version < 1:
            raise ValueError("watermark version must be positive")

    def run(self, willow, image, env):
        setting = WatermarkSettings.objects.select_related("logo").first()
        if image.is_svg() or setting is None or not setting.is_active or is_exempt(image):
            return willow
        width, height = willow.get_size()
        if width < setting.min_width or height < setting.min_height:
            return willow
        logo = load_logo(setting.logo)
        if logo is None:
            return willow
        return PillowImage(draw_watermark(willow.get_pillow_image(), logo, setting))

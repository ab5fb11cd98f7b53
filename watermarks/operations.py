"""`watermark-<version>`: a Wagtail image operation (registered in wagtail_hooks.py).

It runs once, when a rendition is made, often in one of Wagtail's worker threads; the
spec's version only names which setting the rendition was made under, the logo and its
placement come from the cached WatermarkState (watermarks/specs.py), never a query.
Nothing is drawn on an image an editor exempted, on a rendition smaller than the
setting's minimum (thumbnails), or while the watermark is off.
"""

from wagtail.images import get_image_model
from wagtail.images.image_operations import FilterOperation

from PIL import Image as PILImage
from willow.plugins.pillow import PillowImage

from .models import Position
from .specs import current_state


def load_logo(logo_file):
    """The logo as RGBA pixels, or None when its file is lost or unreadable."""
    storage = get_image_model()._meta.get_field("file").storage
    try:
        with storage.open(logo_file) as file:
            logo = PILImage.open(file)
            logo.load()
    except (OSError, ValueError):
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


def draw_watermark(base, logo, state):
    """`base` (a Pillow image) with the logo drawn on it, as a new image."""
    logo_width = max(1, round(base.width * state.relative_width / 100))
    logo_height = max(1, round(logo.height * logo_width / logo.width))
    if logo_height > base.height // 2:  # a tall logo on a wide photo: keep it inside
        logo_height = max(1, base.height // 2)
        logo_width = max(1, round(logo.width * logo_height / logo.height))
    logo = logo.resize((logo_width, logo_height), PILImage.Resampling.LANCZOS)
    alpha = logo.getchannel("A").point(lambda value: value * state.opacity // 100)
    logo.putalpha(alpha)
    mode = base.mode
    canvas = base.convert("RGBA")
    layer = PILImage.new("RGBA", canvas.size, (0, 0, 0, 0))
    layer.paste(logo, logo_position(state.position, canvas.size, logo.size))
    result = PILImage.alpha_composite(canvas, layer)
    return result if mode == "RGBA" or "A" in mode or mode == "P" else result.convert("RGB")


class WatermarkOperation(FilterOperation):
    def construct(self, version):
        self.version = int(version)
        if self.version < 1:
            raise ValueError("watermark version must be positive")

    def run(self, willow, image, env):
        state = current_state()
        if state is None or image.is_svg() or image.pk in state.exempt_image_ids:
            return willow
        width, height = willow.get_size()
        if width < state.min_width or height < state.min_height:
            return willow
        logo = load_logo(state.logo_file)
        if logo is None:
            return willow
        return PillowImage(draw_watermark(willow.get_pillow_image(), logo, state))

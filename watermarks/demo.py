"""The demo's watermark: a drawn "大院网" logo at the bottom right of large pictures.

Idempotent: once the setting has a logo it is left alone, so an editor's change stays.
"""

import io

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image, ImageDraw, ImageFont

from .models import WatermarkSettings

LOGO_TITLE = "大院网水印标志"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def draw_logo(size=(360, 120)):
    logo = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle([0, 0, size[0] - 1, size[1] - 1], radius=18, fill=(180, 20, 30, 200))
    try:
        font = ImageFont.truetype(FONT_PATH, 64)
    except OSError:
        font = ImageFont.load_default(64)
    draw.text(
        (size[0] // 2, size[1] // 2), "大院网", fill=(255, 255, 255, 255), font=font, anchor="mm"
    )
    return logo


def ensure_demo_watermark():
    setting = WatermarkSettings.load()
    if setting.logo_id:
        return 0
    buffer = io.BytesIO()
    draw_logo().save(buffer, format="PNG")
    logo = get_image_model()(title=LOGO_TITLE)
    logo.file = ImageFile(buffer, name="demo-watermark.png")
    logo.save()
    setting.logo = logo
    setting.enabled = True
    setting.save()
    return 1

"""The demo gallery: six photos of 忻州, drawn here so the demo needs no files.

`ensure_demo_gallery()` is idempotent: run again, it finds the gallery and adds nothing.
"""

import datetime
import io
import random

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw

from news.models import ArticlePage

from .models import GalleryImage, GalleryPage

DEMO_TITLE = "镜头里的忻州:秋日山川"
DEMO_PHOTOS = (
    ("五台山台怀镇的清晨,薄雾笼罩着寺院和山谷。", "王晓燕"),
    ("雁门关城楼在夕阳下,关城两侧的长城沿山脊延伸。", "王晓燕"),
    ("芦芽山的白桦林进入最美的季节,游客在栈道上拍照。", "张建国"),
    ("偏关老牛湾,黄河在这里拐出一道大弯。", "张建国"),
    ("忻州古城秀容书院前,市民在广场上晒太阳。", "王晓燕"),
    ("定襄县的农民正在晾晒刚收下的玉米。", "李明"),
)
PHOTO_SIZE = (1200, 800)
# A fixed number, so the demo gallery's address is the same on every machine; the city
# articles of the demo use 1001–1110 and the province's 901–.
DEMO_GALLERY_NUMBER = 1801


def draw_photo(seed):
    """A landscape-like picture: a sky over a ridge line, different for every seed."""
    rng = random.Random(seed)  # noqa: S311 - decoration, not security
    width, height = PHOTO_SIZE
    sky = tuple(rng.randrange(120, 230) for _ in range(3))
    ground = tuple(rng.randrange(30, 140) for _ in range(3))
    picture = PILImage.new("RGB", PHOTO_SIZE, sky)
    draw = ImageDraw.Draw(picture)
    ridge = [(0, height)]
    for x in range(0, width + 1, 60):
        ridge.append((x, int(height * (0.45 + 0.25 * rng.random()))))
    ridge.append((width, height))
    draw.polygon(ridge, fill=ground)
    sun = rng.randrange(100, width - 100)
    draw.ellipse([sun - 50, 60, sun + 50, 160], fill=(250, 230, 170))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer


def demo_photo_image(index):
    image_model = get_image_model()
    title = f"忻州图集{index + 1}"
    image = image_model.objects.filter(title=title).first()
    if image is None:
        image = image_model(title=title, description=DEMO_PHOTOS[index][0])
        image.file = ImageFile(draw_photo(7000 + index), name=f"demo-gallery-{index + 1}.jpg")
        image.save()
    return image


def ensure_demo_gallery(section):
    """One published gallery of six photos in `section` (a city); returns how many pages it made."""
    if GalleryPage.objects.filter(title=DEMO_TITLE).exists():
        return 0
    number = DEMO_GALLERY_NUMBER
    if ArticlePage.objects.filter(article_number=number).exists():
        number = None  # taken: the next free number will do
    gallery = GalleryPage(
        title=DEMO_TITLE,
        article_number=number,
        summary="深秋时节,记者走进五台山、雁门关、芦芽山和老牛湾,记录忻州的山川与人。",
        editor_name="网络编辑",
        source="大院网",
        # Fixed, as the demo articles' times are: listings look the same everywhere.
        publish_time=timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0)),
    )
    gallery.gallery_images = [
        GalleryImage(image=demo_photo_image(index), caption=caption, credit=credit)
        for index, (caption, credit) in enumerate(DEMO_PHOTOS)
    ]
    section.add_child(instance=gallery)
    gallery.tags.set(["图集", "忻州", "旅游"])
    gallery.save_revision().publish()
    return 1

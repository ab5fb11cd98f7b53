"""The demo's live blog: a 忻州 marathon covered in eight entries, ended (an archive).

Idempotent: found by its slug, created once; `load_demo_content` calls it on every run.
"""

import datetime

from django.db import transaction

from wagtail.images import get_image_model

from news.models import SectionPage

from .models import LiveBlogEntry, LiveBlogPage

DEMO_SLUG = "zhibo-xinzhou-marathon"
# A fixed number, clear of the demo articles' (901…, 1001…): tests open it by address.
DEMO_LIVE_BLOG_NUMBER = 1900
DEMO_START = datetime.datetime(
    2026, 10, 18, 7, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)
DEMO_ENTRIES = [
    # minutes after the start, headline, text, with the demo picture
    (0, "选手集结", "<p>清晨七点半,来自全国各地的一万二千名选手在忻州古城南门广场集结。</p>", True),
    (30, "鸣枪开跑", "<p>八点整,比赛鸣枪开跑。全程马拉松、半程马拉松和健康跑同时出发。</p>", False),
    (55, "", "<p>领先集团已通过十公里折返点,气温十二摄氏度,天气晴朗,适宜比赛。</p>", False),
    (80, "补给站", "<p>沿途十二个补给站运转正常,志愿者为选手提供饮用水、香蕉和能量胶。</p>", True),
    (105, "半程冠军诞生", "<p>半程马拉松男子组冠军冲线,成绩1小时05分。</p>", False),
    (140, "", "<p>医疗保障组报告:全程未发生严重伤病,共处理轻微擦伤和抽筋二十余例。</p>", False),
    (
        165,
        "全程冠军冲线",
        "<p>全程马拉松男子组冠军以2小时12分冲过终点,女子组冠军成绩2小时29分。</p>",
        True,
    ),
    (230, "比赛结束", "<p>关门时间到,比赛圆满结束。感谢各位读者关注本次图文直播。</p>", False),
]


def ensure_demo_live_blog():
    """Returns 1 when it created the live blog, 0 when it was there."""
    if LiveBlogPage.objects.filter(slug=DEMO_SLUG).exists():
        return 0
    city = SectionPage.objects.filter(slug="xinzhou", is_city=True).first()
    if city is None:
        return 0
    image = get_image_model().objects.order_by("pk").first()
    with transaction.atomic():
        blog = LiveBlogPage(
            title="图文直播:忻州古城国际马拉松鸣枪开跑",
            slug=DEMO_SLUG,
            article_number=DEMO_LIVE_BLOG_NUMBER,
            summary="一万二千名选手在忻州古城开跑,大院网记者沿途图文直播。",
            editor_name="王晓燕",
            source="大院网",
            publish_time=DEMO_START,
            coverage_start=DEMO_START,
            featured_image=image,
            body=[
                (
                    "paragraph",
                    "<p>2026忻州古城国际马拉松今天开跑,本网记者在起点、沿途和终点为您直播。</p>",
                )
            ],
        )
        city.add_child(instance=blog)
        blog.save_revision().publish()
        for minutes, headline, text, with_image in DEMO_ENTRIES:
            LiveBlogEntry.objects.create(
                blog=blog,
                posted_at=DEMO_START + datetime.timedelta(minutes=minutes),
                headline=headline,
                text=text,
                image=image if with_image else None,
                image_caption="马拉松现场" if with_image and image else "",
            )
        last = DEMO_START + datetime.timedelta(minutes=DEMO_ENTRIES[-1][0])
        LiveBlogPage.objects.filter(pk=blog.pk).update(closed_at=last)
    return 1

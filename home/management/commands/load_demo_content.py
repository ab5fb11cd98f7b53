import datetime
import io
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Site

from PIL import Image as PILImage
from PIL import ImageDraw

from comments.models import Comment
from contentcheck.demo import ensure_content_check_demo
from galleries.demo import ensure_demo_gallery
from home import demo_data
from home.models import SiteSettings
from home.site_setup import SiteBuilder
from liveblogs.demo import ensure_demo_live_blog
from news.models import ArticlePage
from newsroom import desks
from topics.demo import ensure_demo_topic
from video.demo import ensure_demo_video
from watermarks.demo import ensure_demo_watermark

EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "dayuan-editor"  # noqa: S105 - documented local demo account
# Newsroom accounts, one per role (newsroom/): local demo passwords, in the README.
NEWSROOM_USERS = [
    # username, password, name, role, desk
    ("reporter_xinzhou", "dayuan-reporter", "王晓燕", "记者", "xinzhou"),
    ("desk_xinzhou", "dayuan-desk-editor", "张建国", "编辑", "xinzhou"),
    ("reporter_taiyuan", "dayuan-reporter", "李明", "记者", "taiyuan"),
    ("chief", "dayuan-chief", "赵志强", "主编", None),
    ("moderator", "dayuan-moderator", "孙丽", "评论审核员", None),
]
DEMO_IMAGE_SIZE = (1200, 800)
FIRST_CITY_ARTICLE_NUMBER = 1001
FIRST_PROVINCE_ARTICLE_NUMBER = 901
DEMO_COMMENTS_ARTICLE_NUMBER = 1082
DEMO_COMMENTS = [
    (
        "忻州老乡",
        "新线路开通后去火车站方便多了,希望早晚班次再多一些。",
        "已将建议转给公交公司,感谢关注。",
    ),
    ("", "支持新能源公交,车上很安静。", ""),
]


class Command(BaseCommand):
    help = "载入演示内容(可重复执行,不会重复创建)。"

    def add_arguments(self, parser):
        parser.add_argument("--no-index", action="store_true", help="跳过搜索索引与搜索建议的重建")
        parser.add_argument(
            "--without-accounts",
            action="store_true",
            help="只载入演示文章,不建立密码公开的演示账号(DEBUG 关闭时必须加此参数)",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        # The demo accounts' passwords are in the README: never on a site with DEBUG off.
        if not settings.DEBUG and not options["without_accounts"]:
            raise CommandError(
                "DEBUG 已关闭(生产设置):演示账号的密码是公开的,拒绝建立。"
                "只要演示文章请加 --without-accounts;管理员账号请用 createsuperuser 建立。"
            )
        builder = SiteBuilder()
        home, sections = builder.build(name="大院网")
        self.created = builder.created
        if not home.intro:
            home.intro = "山西各市新闻,一站看遍。"
            home.save_revision().publish()
        self.ensure_site_settings(home)
        cities = [
            (sections[slug], districts, river) for _name, slug, districts, river in demo_data.CITIES
        ]
        self.ensure_city_articles(cities)
        self.ensure_province_articles(sections)
        self.created += ensure_demo_gallery(sections["xinzhou"])
        if not options["without_accounts"]:
            self.ensure_editor()
            self.ensure_newsroom_accounts()
        self.ensure_demo_comments()
        self.created += ensure_demo_video(sections["taiyuan"]) + ensure_demo_watermark()
        self.created += ensure_demo_topic(home, self.demo_image)
        self.created += ensure_content_check_demo()
        self.created += ensure_demo_live_blog()
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
            # Publishing kept the suggestions current; a rebuild also covers an older database.
            call_command("rebuild_suggestions", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"演示内容已就绪,本次新建 {self.created} 项。"))

    # Tree ------------------------------------------------------------------

    def ensure_site_settings(self, home):
        site = Site.objects.get(root_page=home, is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        if site_settings.about_text:
            return
        site_settings.about_text = demo_data.ABOUT_TEXT
        site_settings.disclaimer_zh = demo_data.DISCLAIMER_ZH
        site_settings.disclaimer_en = demo_data.DISCLAIMER_EN
        site_settings.footer_copyright = "Copyright © 大院网 演示站点"
        site_settings.icp_number = "晋ICP备00000000号-1"
        site_settings.police_number = "晋公网安备 00000000000000号"
        site_settings.public_service_links = [
            ("link", {"title": title, "url": url}) for title, url in demo_data.PUBLIC_SERVICE_LINKS
        ]
        site_settings.friendly_links = [
            ("link", {"title": title, "url": url}) for title, url in demo_data.FRIENDLY_LINKS
        ]
        site_settings.save()

    # Articles --------------------------------------------------------------

    def ensure_city_articles(self, cities):
        outlines = demo_data.STORY_OUTLINES
        for city_index, (city, districts, river) in enumerate(cities):
            for slot in range(demo_data.OUTLINES_PER_CITY):
                outline = outlines[(city_index + slot * 2) % len(outlines)]
                names = {
                    "city": city.title,
                    "district": districts[slot % len(districts)],
                    "river": river,
                }
                number = FIRST_CITY_ARTICLE_NUMBER + city_index * 10 + slot
                self.ensure_article(
                    city,
                    number,
                    title=outline["title"].format(**names),
                    summary=outline["summary"].format(**names),
                    tags=[tag.format(**names) for tag in outline["tags"]],
                    body=self.build_body(outline["body"], names, number),
                    is_slideshow=slot == 0 and city_index < 5,
                    is_recommended=slot == 1,
                    is_sticky=slot == 2 and city_index == 0,
                )

    def ensure_province_articles(self, sections):
        for index, (section_slug, title, summary, tags) in enumerate(demo_data.PROVINCE_STORIES):
            number = FIRST_PROVINCE_ARTICLE_NUMBER + index
            body = [
                ("paragraph", f"<p>{summary}</p>"),
                (
                    "paragraph",
                    "<p>相关部门表示,将持续跟进有关工作,及时向社会公布进展。"
                    "读者如有意见建议,可以通过本站留言反映。</p>",
                ),
            ]
            self.ensure_article(
                sections[section_slug],
                number,
                title=title,
                summary=summary,
                tags=tags,
                body=body,
                is_headline=index == 0,
                is_recommended=True,
            )

    def build_body(self, outline_body, names, number):
        body = []
        for block_type, value in outline_body:
            if block_type == "paragraph":
                body.append(("paragraph", value.format(**names)))
            elif block_type == "heading":
                body.append(("heading", {**value, "text": value["text"].format(**names)}))
            elif block_type == "quote":
                body.append(("quote", {key: text.format(**names) for key, text in value.items()}))
            elif block_type == "table":
                body.append(("table", {"first_row_is_table_header": True, "data": value}))
            elif block_type == "image":
                size = demo_data.NARROW_IMAGES.get(value, DEMO_IMAGE_SIZE)
                image = self.demo_image(f"{names['city']}{value}", number, size=size)
                body.append(
                    (
                        "image",
                        {
                            "image": {
                                "image": image,
                                "decorative": False,
                                "alt_text": f"{names['city']}{value}",
                            },
                            "caption": f"{names['city']}{value}(演示图片)",
                        },
                    )
                )
            elif block_type == "gallery":
                images = [
                    {
                        "image": self.demo_image(f"{names['city']}{caption}", number + i),
                        "decorative": False,
                        "alt_text": f"{names['city']}{caption}",
                    }
                    for i, caption in enumerate(value)
                ]
                body.append(("gallery", {"title": f"{names['city']}古村落图集", "images": images}))
        return body

    def ensure_article(self, section, number, *, title, summary, tags, body, **flags):
        if ArticlePage.objects.filter(article_number=number).exists():
            return
        article = ArticlePage(
            title=title,
            slug=str(number),
            article_number=number,
            summary=summary,
            editor_name="网络编辑",
            source="大院网",
            publish_time=self.publish_time_for(number),
            body=body,
            featured_image=self.demo_image(title, number),
            **flags,
        )
        section.add_child(instance=article)
        article.tags.set(tags)
        article.save_revision().publish()
        self.created += 1

    @staticmethod
    def publish_time_for(number):
        # Fixed, spread-out times so listings look the same on every machine.
        base = timezone.make_aware(datetime.datetime(2026, 11, 1, 8, 0, 0))
        return base + datetime.timedelta(minutes=97 * (number % 500))

    def demo_image(self, title, seed, size=DEMO_IMAGE_SIZE):
        image_model = get_image_model()
        existing = image_model.objects.filter(title=title).first()
        if existing:
            return existing
        rng = random.Random(seed)  # noqa: S311 - decoration, not security
        top = tuple(rng.randrange(40, 200) for _ in range(3))
        bottom = tuple(rng.randrange(40, 200) for _ in range(3))
        width, height = size
        picture = PILImage.new("RGB", size)
        draw = ImageDraw.Draw(picture)
        for y in range(height):
            mix = y / (height - 1)
            draw.line(
                [(0, y), (width, y)],
                fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
            )
        for _ in range(6):
            x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(40, 180)
            shade = tuple(min(255, c + 50) for c in top)
            draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=6)
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=82)
        image = image_model(title=title, description=title)
        image.file = ImageFile(buffer, name=f"demo-{seed}.jpg")
        image.save()
        return image

    def ensure_editor(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=EDITOR_USERNAME).exists():
            return
        user_model.objects.create_superuser(
            EDITOR_USERNAME, email="editor@example.com", password=EDITOR_PASSWORD
        )
        self.created += 1

    def ensure_demo_comments(self):
        """Two approved comments, one with an editors' reply, under one 忻州 article."""
        article = ArticlePage.objects.filter(article_number=DEMO_COMMENTS_ARTICLE_NUMBER).first()
        if article is None or Comment.objects.filter(article=article).exists():
            return
        for nickname, text, reply in DEMO_COMMENTS:
            Comment.objects.create(
                article=article,
                nickname=nickname,
                text=text,
                submitted_text=text,
                reply_text=reply,
                status=Comment.Status.APPROVED,
                client_hash="demo",
            )
            self.created += 1

    def ensure_newsroom_accounts(self):
        """A user per role, on the desks SiteBuilder set up."""
        user_model = get_user_model()
        for username, password, name, role, desk in NEWSROOM_USERS:
            if user_model.objects.filter(username=username).exists():
                continue
            user = user_model.objects.create_user(
                username, email=f"{username}@example.com", password=password, last_name=name
            )
            if desk:
                desks.put_on_desk(user, desks.city_by_slug(desk), role)
            else:
                desks.give_role(user, role)
            self.created += 1

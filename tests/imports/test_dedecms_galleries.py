"""DedeCMS 图集 (`dede_addonimages`) become galleries with their old numbers and captions."""

import pytest
from PIL import Image

from galleries.models import GalleryPage
from imports.dedecms import gallery_image_refs
from news.models import ArticlePage
from tests.support.dedecms import DedeDatabase, fill_sample_portal
from tests.support.imports import run_import

pytestmark = pytest.mark.django_db

PHOTOS = [
    ("/uploads/allimg/240310/1-a.jpg", "雁门关城楼"),
    ("/uploads/allimg/240310/1-b.jpg", "关城两侧的长城"),
    ("/uploads/allimg/240310/1-c.jpg", ""),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dede():
    database = DedeDatabase()
    fill_sample_portal(database)
    database.add_gallery(
        3710,
        3,
        "雁门关秋色图集",
        PHOTOS,
        body="<p>记者走进雁门关。</p>",
        published="2024-03-10 10:00:00",
        tags=["雁门关"],
        click=321,
    )
    yield database
    database.close()


@pytest.fixture
def old_site(tmp_path):
    uploads = tmp_path / "wwwroot" / "uploads" / "allimg"
    (uploads / "240301").mkdir(parents=True)
    (uploads / "240310").mkdir(parents=True)
    Image.new("RGB", (800, 500), (90, 60, 40)).save(uploads / "240301" / "gate.jpg")
    Image.new("RGB", (300, 200), (40, 60, 90)).save(uploads / "240301" / "gate-lp.jpg")
    for index, (address, _caption) in enumerate(PHOTOS):
        Image.new("RGB", (800, 600), (index * 60, 80, 120)).save(tmp_path / "wwwroot" / address[1:])
    return tmp_path / "wwwroot"


def test_gallery_keeps_its_number_photos_and_captions(site_tree, dede, old_site, client):
    outcome = run_import("import_dedecms", dede.url, "--media-root", old_site)
    assert "新建 5 篇" in outcome.stdout
    gallery = GalleryPage.objects.get(article_number=3710)
    assert gallery.get_parent().specific == site_tree.xinzhou
    photos = list(gallery.gallery_images.all())
    assert [photo.caption for photo in photos] == ["雁门关城楼", "关城两侧的长城", ""]
    assert [photo.image.width for photo in photos] == [800, 800, 800]
    assert gallery.featured_image == photos[0].image
    assert gallery.view_count == 321
    assert sorted(gallery.tags.names()) == ["雁门关"]
    assert "记者走进雁门关" in str(gallery.body[0].value.source)
    page = client.get("/gsyl/xinzhou/3710.html")
    assert page.status_code == 200
    assert "雁门关城楼" in page.content.decode()
    assert client.get("/gsyl/xinzhou/3710_3.html").status_code == 200
    assert client.get("/gsyl/xinzhou/3710_4.html").status_code == 404


def test_importing_again_changes_nothing(site_tree, dede, old_site):
    run_import("import_dedecms", dede.url, "--media-root", old_site)
    again = run_import("import_dedecms", dede.url, "--media-root", old_site)
    assert "新建 0 篇" in again.stdout
    assert GalleryPage.objects.get(article_number=3710).gallery_images.count() == 3


def test_a_gallery_without_its_addonimages_row_is_still_skipped(site_tree, dede, old_site):
    outcome = run_import("import_dedecms", dede.url, "--media-root", old_site)
    assert not ArticlePage.objects.filter(article_number=3701).exists()
    assert "非文章频道(图集、软件等) 1 条" in outcome.stdout


def test_imgurls_are_read_as_dedecms_writes_them():
    imgurls = (
        "{dede:img ddimg='/uploads/a-lp.jpg' text='汾河 &amp; 晨雾' width='800' height='600'}"
        " /uploads/a.jpg {/dede:img}\r\n"
        '{dede:img text="第二张" width="800"}/uploads/b.jpg{/dede:img}'
        "{dede:img text='空的'}{/dede:img}"
        "<script>alert(1)</script>"
    )
    refs = gallery_image_refs(imgurls, "图集标题")
    assert [(ref.src, ref.caption) for ref in refs] == [
        ("/uploads/a.jpg", "汾河 & 晨雾"),
        ("/uploads/b.jpg", "第二张"),
    ]
    assert gallery_image_refs(None) == []
    assert gallery_image_refs(b"\xff\xfe{dede:img}") == []

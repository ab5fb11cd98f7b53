"""The entry form on the 直播条目 screen."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.images.widgets import AdminImageChooser

from contentcheck.checking import check_text
from video.embeds import parse_video_url

from .models import LiveBlogEntry

IMAGE_ID = re.compile(r"[0-9]{1,18}")
# An entry dated ahead of now would sit on top of everything that follows it.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)


def entry_plain_text(headline, text):
    """What readers read of an entry, as the content check wants it: no markup."""
    return "\n".join(part for part in (headline, strip_tags(text or "")) if part)


class LiveBlogEntryForm(WagtailAdminModelForm):
    class Meta:
        model = LiveBlogEntry
        fields = ["posted_at", "headline", "text", "image", "image_caption", "video_url"]
        # The chooser (search, upload into the desk's collection), never a list of every image.
        widgets = {"image": AdminImageChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The chooser looks a posted id up while showing the form again, and an id that is
        # no number ("abc", "1 OR 1=1") would make that a 500: drop it, say so in clean().
        self.unusable_image = False
        field_name = self.add_prefix("image")
        if self.is_bound and not IMAGE_ID.fullmatch(self.data.get(field_name) or "0"):
            self.data = self.data.copy()
            self.data[field_name] = ""
            self.unusable_image = True

    def clean_posted_at(self):
        posted_at = self.cleaned_data["posted_at"]
        if posted_at > timezone.now() + FUTURE_TOLERANCE:
            raise ValidationError("时间不能晚于现在。")
        if posted_at.year < 2000:
            raise ValidationError("时间不正确。")
        return posted_at

    def clean_video_url(self):
        address = self.cleaned_data.get("video_url", "")
        if address:
            # The same allowlist as the body's video block: a player is built from the
            # address alone, and no other host is ever framed or fetched.
            parse_video_url(address)
        return address

    def clean(self):
        cleaned_data = super().clean()
        if self.unusable_image:
            self.add_error("image", "请重新选择图片。")
        text = entry_plain_text(cleaned_data.get("headline", ""), cleaned_data.get("text", ""))
        if "text" in cleaned_data and not text.strip():
            self.add_error("text", "请填写内容。")
        for finding in self.content_findings(text):
            if finding.blocking:
                self.add_error(
                    "text",
                    f"{finding.label}起的“{finding.word}”"
                    f"不能发布,请修改(建议:{finding.suggestion or '删除'})。",
                )
        return cleaned_data

    def content_findings(self, text):
        """The content check's findings for the entry text.

        Entries skip the page's review, so this check is what stands before readers.
        """
        return check_text(text, location="直播条目")

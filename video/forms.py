"""The upload form of the video library (WAGTAILMEDIA["MEDIA_FORM_BASE"] builds on it).

A video is refused above DAYUAN_VIDEO_MAX_UPLOAD_SIZE with a Chinese message, and
stored under a name nobody can guess: `/media/videos/` is served to readers, and an
unpublished upload must not be found by trying names (the same rule as images,
docs/media.md).
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from wagtailmedia.forms import BaseMediaForm

NAME_TOKEN_BYTES = 10


def unguessable_name(name):
    """`clip.mp4` → `3f9c0a…e1-clip.mp4`: 80 random bits before the editor's name."""
    path = PurePosixPath(name)
    return f"{secrets.token_hex(NAME_TOKEN_BYTES)}-{path.stem[:32]}{path.suffix.lower()}"


def check_upload_size(upload):
    limit = settings.DAYUAN_VIDEO_MAX_UPLOAD_SIZE
    if upload is not None and getattr(upload, "size", 0) > limit:
        raise ValidationError(
            f"视频文件太大({filesizeformat(upload.size)}),不能超过 {filesizeformat(limit)}。"
            "请压缩后再上传,或把视频发布到视频平台后嵌入。",
            code="file_too_large",
        )


class VideoForm(BaseMediaForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            limit = filesizeformat(settings.DAYUAN_VIDEO_MAX_UPLOAD_SIZE)
            self.fields["file"].help_text = f"MP4(H.264)或 WebM 格式,不超过 {limit}。"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_upload_size(upload)
            upload.name = unguessable_name(upload.name)
        return upload

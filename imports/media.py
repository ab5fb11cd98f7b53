"""Images of legacy articles: the local copy of each file, and its Wagtail image.

An image is identified by the hash of its file, the one Wagtail stores as `file_hash`: an
image already in the library (imported before, or uploaded by an editor) is reused, and the
hash is what an article's fingerprint records, independent of database ids.
"""

import contextlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model

from .private_apis import hash_filelike, set_image_file_metadata
from .records import ImageRef

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".avif"}


class ImageLibrary:
    """Finds the local files of legacy images and their Wagtail images, creating those
    missing (not in a dry run); remembers them for the run."""

    def __init__(self, media_roots=(), *, dry_run=False):
        self.media_roots = [Path(root) for root in media_roots]
        self.dry_run = dry_run
        self.by_hash = {}
        self.created = 0

    def clear(self):
        self.by_hash.clear()

    def image_for(self, ref: ImageRef | None, article):
        """(image or None, content hash or None); a missing file is a warning, not a failure."""
        if ref is None:
            return None, None
        path = self.local_file(ref.src, article.base_dir)
        if path is None:
            article.warnings.append(
                f"图片 {ref.src} 找不到本地文件(用 --media-root 指定旧站文件目录),正文中保留为链接"
            )
            return None, None
        with path.open("rb") as file:
            key = hash_filelike(file)  # Wagtail's own file_hash, so the library dedupes too
        if key in self.by_hash:
            return self.by_hash[key], key
        image_model = get_image_model()
        image = image_model.objects.filter(file_hash=key).first()
        if image is None and not self.dry_run:
            image = image_model(title=(ref.alt or path.stem)[:255])
            image.file = ImageFile(path.open("rb"), name=path.name)
            try:
                set_image_file_metadata(image)
                with transaction.atomic():
                    image.full_clean()
                    image.save()
            except ValidationError as error:
                article.warnings.append(f"图片 {ref.src} 无法导入:{'; '.join(error.messages)}")
                return None, None
            finally:
                image.file.close()
            self.created += 1
        self.by_hash[key] = image
        return image, key

    def local_file(self, src, base_dir):
        """The local copy of `src`: next to the saved page for a relative address, else
        below one of the media roots (copies of the old site's document root)."""
        path = unquote(urlsplit(src).path)
        if not path or Path(path).suffix.lower() not in IMAGE_EXTENSIONS:
            return None
        relative = path.lstrip("/")
        candidates = []
        if base_dir and not src.startswith(("http://", "https://", "/")):
            candidates.append(Path(base_dir) / relative)
        candidates.extend(root / relative for root in self.media_roots)
        for candidate in candidates:
            with contextlib.suppress(OSError):
                if candidate.is_file():
                    return candidate
        return None

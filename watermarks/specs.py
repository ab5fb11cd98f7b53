"""The watermark's part of a rendition's filter spec.

`watermarked("width-960|format-webp")` is `"width-960|format-webp|watermark-7"` while the
watermark is on (version 7 of the setting), the spec unchanged while it is off. The
version comes from the content cache: reading it costs no query on a warm site, and a
save of the setting changes the content token (watermarks/models.py), so the next page
asks for renditions under the new version.
"""

from pagecache.content import cached_until_content_changes

from .models import WatermarkSettings

OPERATION_NAME = "watermark"


def _active_version():
    active = WatermarkSettings.objects.filter(enabled=True, logo__isnull=False)
    return active.values_list("version", flat=True).first() or 0


def current_version():
    """The setting's version while the watermark is on; 0 while it is off."""
    return cached_until_content_changes("watermark-version", _active_version)


def watermarked(spec):
    version = current_version()
    return f"{spec}|{OPERATION_NAME}-{version}" if version else spec


def watermarked_specs(specs):
    return [watermarked(spec) for spec in specs]

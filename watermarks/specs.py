"""The watermark's part of a rendition's filter spec, and the setting as renditions see it.

`watermarked("width-960|format-webp")` is `"width-960|format-webp|watermark-7"` while the
watermark is on (version 7 of the setting), the spec unchanged while it is off.

The setting is read as a `WatermarkState` kept in the content cache: on a warm site the
version costs no query, and a save of the setting or of an image's exemption changes the
content token, so the next page asks for renditions under the new version. The same state
is what the operation draws with: Wagtail makes a picture's renditions in worker threads
(`create_renditions`), which must not open database connections of their own, and the
page asked for the spec, and so filled the cache, a moment before.
"""

from dataclasses import dataclass

from pagecache.content import cached_until_content_changes

from .models import ImageWatermarkExemption, WatermarkSettings

OPERATION_NAME = "watermark"


@dataclass(frozen=True)
class WatermarkState:
    version: int
    logo_file: str
    position: str
    opacity: int
    relative_width: int
    min_width: int
    min_height: int
    exempt_image_ids: frozenset


def _load_state():
    setting = (
        WatermarkSettings.objects.filter(enabled=True, logo__isnull=False)
        .select_related("logo")
        .first()
    )
    if setting is None:
        return None
    return WatermarkState(
        version=setting.version,
        logo_file=setting.logo.file.name,
        position=setting.position,
        opacity=setting.opacity,
        relative_width=setting.relative_width,
        min_width=setting.min_width,
        min_height=setting.min_height,
        # Editors exempt a few photographs (agency pictures with their own mark), not many.
        exempt_image_ids=frozenset(ImageWatermarkExemption.objects.values_list("pk", flat=True)),
    )


def current_state():
    """The watermark as pictures get it now, or None while it is off."""
    return cached_until_content_changes("watermark-state", _load_state)


def watermarked(spec):
    state = current_state()
    return f"{spec}|{OPERATION_NAME}-{state.version}" if state else spec


def watermarked_specs(specs):
    return [watermarked(spec) for spec in specs]

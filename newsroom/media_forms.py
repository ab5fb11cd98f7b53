"""The admin's image and document forms, named by the settings WAGTAILIMAGES_IMAGE_FORM_BASE
and WAGTAILDOCS_DOCUMENT_FORM_BASE.

Every upload path goes through them: the add and edit views, the multiple uploader and
the upload tab of the choosers. Wagtail's own file fields refuse what is too big or has
too many pixels, with its zh-hans messages; the limits are settings (docs/media.md).
"""

import secrets
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

from video.forms import VideoForm as BaseVideoForm
from watermarks.forms import WatermarkChoiceFormMixin

from . import desks

# Enough that nobody finds an unpublished image's renditions by trying names.
NAME_TOKEN_BYTES = 10


def unguessable_name(name):
    """`photo.jpg` → `3f9c0a…e1-photo.jpg`.

    The random part comes first: Wagtail cuts a rendition's name to the first 20 or so
    characters of the original's, and the rendition files are what media serves.
    """
    path = PurePosixPath(name)
    return f"{secrets.token_hex(NAME_TOKEN_BYTES)}-{path.stem[:32]}{path.suffix.lower()}"


class HeaderCheckedImageField(WagtailImageField):
    """Wagtail's image field, refusing too many pixels from the header, before any decoding,
    and a file that does not decode with a message rather than a server error.

    Wagtail's own pixel check asks Willow for the size and the frame count, and Willow
    decodes the whole image for each answer: the 14 KB PNG of 121 megapixels cost 1.2 s
    and two full decodes before it was refused. Pillow reads the size from the header.
    """

    @classmethod
    def replacing(cls, field):
        return cls(
            label=field.label, required=field.required, widget=field.widget, initial=field.initial
        )

    def to_python(self, data):
        if self.max_image_pixels and hasattr(data, "seek"):
            self.check_header_pixels(data)
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever Pillow raises decoding it
            # A truncated or corrupt file fails in Wagtail's checks, which decode it, and
            # would be a server error.
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error

    def check_header_pixels(self, upload):
        try:
            with warnings.catch_warnings():
                # Pillow warns over its own limit (89 megapixels); ours is lower anyway.
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(upload) as image:
                    num_pixels = image.width * image.height
        except PILImage.DecompressionBombError:  # over twice Pillow's limit: not even opened
            num_pixels = None
        except Exception:  # noqa: BLE001 - not for Pillow (SVG…): Wagtail's checks decide
            return
        finally:
            upload.seek(0)
        if num_pixels is None or num_pixels > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    # Wagtail's "unknown number" has no zh-hans translation.
                    "num_pixels": num_pixels or f"超过 {PILImage.MAX_IMAGE_PIXELS * 2}",
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


class DeskCollectionMixin:
    """A new file goes to the uploader's desk collection unless they choose another.

    Wagtail offers only the collections the user may add to; for someone on a desk that is
    their desk's, but a user who may add anywhere (the chief on a desk too) would get the
    root collection first.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is None or self.instance.pk or "collection" not in self.fields:
            return
        own = [c.pk for c in desks.desk_collections_of(user) if c in self.collections]
        if own and self.initial.get("collection") not in own:
            self.initial["collection"] = own[0]


class ImageForm(WatermarkChoiceFormMixin, DeskCollectionMixin, BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"] = HeaderCheckedImageField.replacing(self.fields["file"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            # Renamed in place: the multiple uploader keeps this same object when it has to
            # store the upload before the rest of the form is valid.
            upload.name = unguessable_name(upload.name)
        return upload


class DocumentForm(DeskCollectionMixin, BaseDocumentForm):
    pass


class VideoForm(DeskCollectionMixin, BaseVideoForm):
    pass

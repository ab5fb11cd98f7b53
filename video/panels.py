"""The editor's lead-video field: wagtailmedia's chooser, safe with a value that is no id.

Wagtail's chooser widgets look the submitted value up to draw the form again after an
error; a value like "abc" makes that lookup raise ValueError, a server error instead of
the form's own message ("选择一个有效的选项").
"""

from wagtailmedia.edit_handlers import MediaChooserPanel
from wagtailmedia.widgets import AdminVideoChooser


class VideoChooser(AdminVideoChooser):
    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (TypeError, ValueError):
            return None


class VideoChooserPanel(MediaChooserPanel):
    def __init__(self, field_name, *args, **kwargs):
        kwargs.pop("media_type", None)
        super().__init__(field_name, *args, media_type="video", **kwargs)

    @property
    def _widget_class(self):
        return VideoChooser

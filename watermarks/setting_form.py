"""The admin form of the watermark setting (设置 → 水印)."""

from wagtail.admin.forms import WagtailAdminModelForm


class WatermarkSettingsForm(WagtailAdminModelForm):
    """The setting's form; a logo id that is not a number is refused, not a server error.

    Wagtail's image chooser widget looks the submitted value up when it draws the form
    again, and a value like "abc" would raise there.
    """

    def __init__(self, data=None, *args, **kwargs):
        self.bad_logo = False
        if data is not None:
            logo = data.get("logo", "")
            if logo and not (isinstance(logo, str) and logo.isascii() and logo.isdigit()):
                data = data.copy()
                data["logo"] = ""
                self.bad_logo = True
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if self.bad_logo:
            self.add_error("logo", "请从图片库中选择水印图片。")
        return cleaned_data

"""The push settings form: the Baidu token is never shown again once saved.

The token is a secret that lets anyone spend the site's quota, so the form renders it as a
password field with only a masked hint (ab••••••yz). Left blank it keeps the saved token;
emptying 百度站点 switches Baidu off and forgets the token with it.
"""

from django import forms

from wagtail.admin.forms import WagtailAdminModelForm


class PushSettingsForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("baidu_token")
        if field is None:
            return
        saved = self.instance.baidu_token if self.instance else ""
        field.widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
        if saved:
            hint = self.instance.masked_token()
            field.widget.attrs["placeholder"] = hint
            field.help_text = (
                f"已保存的 token:{hint}。留空则保留原 token;清空“百度站点”即停止推送并删除 token。"
            )

    def clean(self):
        cleaned = super().clean()
        saved = self.instance.baidu_token if self.instance else ""
        if not cleaned.get("baidu_site") and "baidu_site" not in self.errors:
            cleaned["baidu_token"] = ""
        elif not cleaned.get("baidu_token") and "baidu_token" not in self.errors and saved:
            cleaned["baidu_token"] = saved
        return cleaned

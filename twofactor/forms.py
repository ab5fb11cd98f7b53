from django import forms

from .devices import AUTHENTICATOR_CODE, RECOVERY_CODE, normalise_code


class CodeForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    accepts_recovery_codes = True
    invalid_message = "请输入手机上显示的 6 位数字,或一个 8 位恢复码。"

    code = forms.CharField(
        label="验证码",
        max_length=32,
        help_text="打开手机上的身份验证器,输入显示的 6 位数字。手机不在身边时,可以输入一个恢复码。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if AUTHENTICATOR_CODE.fullmatch(code):
            return code
        if self.accepts_recovery_codes and RECOVERY_CODE.fullmatch(code):
            return code
        raise forms.ValidationError(self.invalid_message, code="invalid")


class AuthenticatorCodeForm(CodeForm):
    """Confirming a new authenticator: only the app's own six digits prove the scan worked."""

    accepts_recovery_codes = False
    invalid_message = "请输入手机上显示的 6 位数字。"

    code = forms.CharField(
        label="手机上显示的 6 位数字",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

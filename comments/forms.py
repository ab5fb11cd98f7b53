"""The reader's comment form: plain text only, checked before anything is stored."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .captcha import CommentCaptchaField

NICKNAME_MAX_LENGTH = 20
# C0/C1 controls other than tab and newline, and the bidirectional overrides that make
# text display in another order than it was typed (a trick to disguise words and links).
FORBIDDEN_CHARACTERS = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
# What Django puts where the request held bytes that were not valid UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"


def check_characters(value):
    if FORBIDDEN_CHARACTERS.search(value):
        raise ValidationError("含有不允许的控制字符,请删除后重试。", code="control")
    if REPLACEMENT_CHARACTER in value:
        raise ValidationError("含有无法识别的字符(编码错误),请检查后重试。", code="encoding")


class CommentForm(forms.Form):
    nickname = forms.CharField(
        label="昵称",
        required=False,
        max_length=NICKNAME_MAX_LENGTH,
        validators=[check_characters],
        widget=forms.TextInput(attrs={"placeholder": "匿名网友", "autocomplete": "nickname"}),
        error_messages={"max_length": "昵称最多 %(limit_value)d 个字(现在 %(show_value)d 个)。"},
    )
    text = forms.CharField(
        label="评论内容",
        strip=True,
        validators=[check_characters],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "请填写评论内容。",
            "max_length": "评论最多 %(limit_value)d 个字(现在 %(show_value)d 个)。",
        },
    )
    captcha = CommentCaptchaField(label="验证码")
    # Honeypot: hidden from people by CSS, filled in by form-stuffing robots.
    website = forms.CharField(
        label="网址(请勿填写)",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["nickname", "text", "captcha", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.DAYUAN_COMMENT_MAX_LENGTH
        self.fields["text"].max_length = limit
        self.fields["text"].validators.append(forms.fields.validators.MaxLengthValidator(limit))
        self.fields["text"].widget.attrs["maxlength"] = str(limit)
        self.fields["nickname"].error_messages["null_characters_not_allowed"] = (
            "含有不允许的控制字符,请删除后重试。"
        )
        self.fields["text"].error_messages["null_characters_not_allowed"] = (
            "含有不允许的控制字符,请删除后重试。"
        )

    def defer_captcha(self):
        """Render without a challenge (no row stored): site.js fetches one on first use."""
        self.fields["captcha"].widget.deferred = True
        return self

    def clean_nickname(self):
        nickname = " ".join(self.cleaned_data["nickname"].split())
        if "\n" in nickname:
            raise ValidationError("昵称不能换行。")
        return nickname

    def clean_text(self):
        # One newline convention, and no runs of blank lines to push other comments away.
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")
        return re.sub(r"\n{3,}", "\n\n", text)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError("提交未通过检查,请刷新页面后重试。", code="honeypot")
        return ""

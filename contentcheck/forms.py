"""Pasting a whole list at once: one entry a line, as editors keep them in a text file."""

import re

from django import forms
from django.core.exceptions import ValidationError

from comments.words import normalize_word

from .models import PublishingWord

MAX_LINES = 2000
MAX_CHARACTERS = 100_000
# 做为 作为 / 做为→作为 / 做为,作为 / 做为=作为: the separators people use in word files.
MISSPELLING_SEPARATOR = re.compile(r"\s*(?:→|->|=>|=|,|,|\t|\s)\s*")


def _lines(text):
    if len(text) > MAX_CHARACTERS:
        raise ValidationError(f"一次最多粘贴 {MAX_CHARACTERS} 个字符,请分批导入。")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise ValidationError(f"一次最多导入 {MAX_LINES} 行,请分批导入。")
    if not lines:
        raise ValidationError("没有可导入的内容。")
    return lines


class PublishingWordImportForm(forms.Form):
    lines = forms.CharField(
        label="敏感词",
        widget=forms.Textarea({"rows": 12}),
        help_text="每行一个词。已在列表中的词会跳过。",
        max_length=MAX_CHARACTERS,
    )
    level = forms.ChoiceField(
        label="处理方式", choices=PublishingWord.Level.choices, initial=PublishingWord.Level.BLOCK
    )

    def clean_lines(self):
        entries, problems = [], []
        for number, line in enumerate(_lines(self.cleaned_data["lines"]), 1):
            if len(line) > 60:
                problems.append(f"第 {number} 行超过 60 个字")
            elif not normalize_word(line):
                problems.append(f"第 {number} 行没有文字或数字")
            else:
                entries.append(line)
        if problems:
            raise ValidationError(";".join(problems[:10]) + "。")
        return entries


class MisspellingImportForm(forms.Form):
    lines = forms.CharField(
        label="易错词",
        widget=forms.Textarea({"rows": 12}),
        help_text=(
            "每行一对:易错写法和正确写法,用空格、逗号或 → 隔开,例如“做为 作为”。已在列表中的跳过。"
        ),
        max_length=MAX_CHARACTERS,
    )

    def clean_lines(self):
        entries, problems = [], []
        for number, line in enumerate(_lines(self.cleaned_data["lines"]), 1):
            parts = [part for part in MISSPELLING_SEPARATOR.split(line, maxsplit=1) if part]
            if len(parts) != 2:
                problems.append(f"第 {number} 行应为“易错写法 正确写法”")
                continue
            wrong, correct = parts
            if len(wrong) > 60 or len(correct) > 60:
                problems.append(f"第 {number} 行超过 60 个字")
            elif not normalize_word(wrong) or normalize_word(wrong) == normalize_word(correct):
                problems.append(f"第 {number} 行的两种写法不能相同或为空")
            else:
                entries.append((wrong, correct))
        if problems:
            raise ValidationError(";".join(problems[:10]) + "。")
        return entries

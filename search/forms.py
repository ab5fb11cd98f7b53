"""What a reader can ask the search page for, validated.

Anything a form field cannot make sense of is ignored (the page shows unfiltered results)
rather than answered with an error: the search page must render for any query string.
"""

import datetime

from django import forms

from modelsearch.query import And, Or, Phrase, PlainText

from search.analysis import MAX_QUERY_TERMS, tokens_for_query
from search.synonyms import expansions_for

MAX_QUERY_LENGTH = 100
# Dates outside this range cannot be stored as an aware datetime on every database.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_CHOICES = [(SORT_RELEVANCE, "按相关度"), (SORT_NEWEST, "按时间(最新在前)")]


def clean_query(raw):
    """Control characters (NUL included) to spaces, whitespace collapsed, at most 100 characters.

    Only the first few hundred characters are looked at, so a 10,000-character query costs
    no more than a short one.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse_query(text, synonyms=None):
    """The reader's words, AND-ed; text in double quotes is one phrase.

    Nothing is an operator: AND, OR, NOT, -, +, *, ^ and : are ordinary text (and punctuation
    only separates words). An unbalanced quote is treated as if closed at the end.

    With `synonyms` (`SearchSynonym.current()`), a word outside quotes that has synonyms is
    searched as (the word OR each synonym), every one a phrase; quoted phrases are taken as typed.
    """
    parts = text.split('"')
    queries = []
    for position, part in enumerate(parts[: MAX_QUERY_TERMS * 2]):
        if not part.strip():
            continue
        queries.append(Phrase(part) if position % 2 else _words(part, synonyms))
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else And(queries)


def _words(text, synonyms):
    plain = PlainText(text, operator="and")
    if not synonyms:
        return plain
    terms = tokens_for_query(text)
    expansions = expansions_for(terms, synonyms)
    if not any(expansions):
        return plain
    # Each word as the phrase the plain text would have searched (its normalized text gives
    # the same tokens, a single character still a prefix), with its synonyms beside it.
    words = [
        Or([Phrase(term.text), *map(Phrase, found)]) if found else Phrase(term.text)
        for term, found in zip(terms, expansions, strict=True)
    ]
    return words[0] if len(words) == 1 else And(words)


class SearchFilterForm(forms.Form):
    section = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)

    def __init__(self, data, sections):
        super().__init__(data)
        self.fields["section"].choices = [("", "全部栏目")] + [
            (section.pk, section.title) for section in sections
        ]

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError("日期超出范围。")
        return value

    def clean_start(self):
        return self._clean_date("start")

    def clean_end(self):
        return self._clean_date("end")

    def filters(self):
        """The valid filters, each None when absent or unusable; dates in order."""
        self.is_valid()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            start, end = end, start
        return {
            "section": data.get("section"),
            "start": start,
            "end": end,
            "sort": data.get("sort") or SORT_RELEVANCE,
        }

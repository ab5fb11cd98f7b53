"""Editors' search synonyms (搜索同义词): what a rule means, and how a query word is expanded.

Rules are applied to queries only, never to the index: a query word that a rule names is searched
as (the word OR each of its synonyms), every one of them a phrase like any query word, and AND-ed
with the other words as before. Changing a rule therefore needs no reindex, and the index stays
exactly the text of the articles.

Two shapes of rule:

* 同义词组 (equivalent): 新冠, 新型冠状病毒, 新冠肺炎 — a search for any of them finds all of them;
* 单向扩展 (one way): 太原 → 并州 — a search for 太原 also finds 并州, one for 并州 only 并州.

Expansion is one step: a word gets the other terms of every group it is in and the targets of
every one-way rule it starts, not the synonyms of those synonyms. A term is matched through the
same analysis as a query word (`search.analysis`), so 會議 in a rule is 会议, ＣＯＶＩＤ is covid,
and a term is found when the reader types it as one word (covid19 for a term COVID-19; COVID-19
typed with its hyphen is two words, covid and 19). Quoted phrases are never expanded.

Nothing here touches the database; `search.models.SearchSynonym` stores the rules and caches
what `compile_rules` makes of them.
"""

import re
from dataclasses import dataclass

from search.analysis import phrase_for_query

EQUIVALENT = "equivalent"
ONE_WAY = "one_way"

# A term is a query word or phrase: the search page reads at most 100 characters of a query.
MAX_TERM_LENGTH = 100
MAX_RULE_TERMS = 20
# Synonyms one query word is searched with, and all the words of a query together: each one is
# another phrase for the database.
MAX_WORD_SYNONYMS = MAX_RULE_TERMS - 1
MAX_QUERY_SYNONYMS = 40

# Terms are written one a line, or separated by commas, 、 or semicolons.
_SEPARATORS = ",\uff0c\u3001;\uff1b"  # , ， 、 ; ；
_SEPARATOR = re.compile(f"[{_SEPARATORS}]")


def split_terms(text):
    """The terms written in a rule's field, in order; "" for an empty one between two separators.

    Blank lines and separators at either end of a line are not terms.
    """
    terms = []
    for line in (text or "").splitlines():
        line = line.strip().strip(_SEPARATORS + " \t\u3000")
        if line:
            terms.extend(" ".join(term.split()) for term in _SEPARATOR.split(line))
    return terms


@dataclass(frozen=True)
class Term:
    """A term as written, and as the search analysis sees it (a `QueryTerm`)."""

    written: str
    analysed: object

    @property
    def key(self):
        return self.analysed.tokens


def analyse_terms(terms):
    """(`Term`s, error messages in Chinese) for the terms of one field."""
    analysed, errors = [], []
    for position, written in enumerate(terms, start=1):
        if not written:
            errors.append(f"第 {position} 个词语是空的:两个分隔符之间没有文字。")
            continue
        if len(written) > MAX_TERM_LENGTH:
            errors.append(f"“{written[:20]}…”太长:一个词语最多 {MAX_TERM_LENGTH} 个字。")
            continue
        term = phrase_for_query(written)
        if term is None:
            errors.append(f"“{written}”里没有可以搜索的文字(汉字、字母或数字)。")
            continue
        analysed.append(Term(written, term))
    return analysed, errors


def duplicate_errors(terms):
    """A message for each term that means the same as an earlier one."""
    seen, errors = {}, []
    for term in terms:
        earlier = seen.setdefault(term.key, term)
        if earlier is term:
            continue
        if earlier.written == term.written:
            errors.append(f"“{term.written}”重复了。")
        else:
            errors.append(
                f"“{earlier.written}”和“{term.written}”是同一个词(繁简、全角半角、大小写视为相同)。"
            )
    return errors


def validate_rule(kind, terms_text, expansions_text):
    """Error messages by field name ("terms", "expansions", None for the whole rule)."""
    errors = {}
    terms, errors["terms"] = analyse_terms(split_terms(terms_text))
    expansions, errors["expansions"] = analyse_terms(split_terms(expansions_text))
    if kind == EQUIVALENT:
        if split_terms(expansions_text):
            errors["expansions"] = [
                "同义词组不用填写“扩展为”:请把这些词也写进“词语”,或把类型改为单向扩展。"
            ]
        elif not errors["terms"] and len(terms) < 2:
            errors["terms"].append("同义词组至少要有两个词语。")
        errors["terms"].extend(duplicate_errors(terms))
    else:
        if not split_terms(expansions_text):
            errors["expansions"].append("单向扩展要填写“扩展为”:搜索“词语”时还要查找的词。")
        errors["terms"].extend(duplicate_errors(terms))
        errors["expansions"].extend(duplicate_errors(expansions))
        keys = {term.key: term for term in terms}
        errors["expansions"].extend(
            f"“{term.written}”已经是搜索词“{keys[term.key].written}”,不用再扩展为它。"
            for term in expansions
            if term.key in keys
        )
    count = len(split_terms(terms_text)) + len(split_terms(expansions_text))
    if count > MAX_RULE_TERMS:
        errors[None] = [f"一条规则最多 {MAX_RULE_TERMS} 个词语,这里有 {count} 个。"]
    return {field: messages for field, messages in errors.items() if messages}


def compile_rules(rules):
    """{query word's tokens: (synonym, …)} for rules given as (kind, terms text, expansions text).

    Synonyms are kept as the analysis writes them (simplified, lower case, words separated by
    spaces), in the order of the rules, each once. Invalid terms are skipped: a rule saved
    before a stricter check still works as far as it can.
    """
    synonyms = {}

    def add(source, targets):
        found = synonyms.setdefault(source.key, [])
        for target in targets:
            if target.key != source.key and target.analysed.text not in found:
                found.append(target.analysed.text)

    for kind, terms_text, expansions_text in rules:
        terms, _ = analyse_terms(split_terms(terms_text))
        if kind == EQUIVALENT:
            for term in terms:
                add(term, terms)
        elif kind == ONE_WAY:
            expansions, _ = analyse_terms(split_terms(expansions_text))
            for term in terms:
                add(term, expansions)
    return {key: tuple(found[:MAX_WORD_SYNONYMS]) for key, found in synonyms.items() if found}


def expansions_for(terms, synonyms):
    """For each query word (a `QueryTerm`), its synonyms: at most 40 for the whole query."""
    budget = MAX_QUERY_SYNONYMS
    expanded = []
    for term in terms:
        found = synonyms.get(term.tokens, ())[: max(budget, 0)] if synonyms else ()
        budget -= len(found)
        expanded.append(found)
    return expanded


def synonym_terms(terms, synonyms):
    """The synonyms of query words as `QueryTerm`s, for highlighting them in the results."""
    return [
        phrase
        for found in expansions_for(terms, synonyms)
        for synonym in found
        if (phrase := phrase_for_query(synonym)) is not None
    ]

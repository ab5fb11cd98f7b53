"""Compare two snapshots (inside.py snapshot) of one database: before and after the upgrade.

`compare(old, new)` returns a Result: problems (anything lost or changed), notes (what the
upgrade added, and accepted differences) and the figures for the report.
"""

import difflib
import re
from dataclasses import dataclass, field

EXAMPLES = 5  # rows shown per kind of difference
DIFF_LINES = 60  # lines of a page's unified diff shown

# Differences between two requests for the same page, whatever the code: the CSRF token and
# the captcha key (a new one per form). Nothing else is normalised.
PER_REQUEST = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'), r"\1[csrf]"),
    (re.compile(r"(/captcha/(?:image|audio)/)[0-9a-f]{40}"), r"\1[captcha]"),
    (re.compile(r'(name="captcha_0" value=")[0-9a-f]{40}'), r"\1[captcha]"),
]

# Differences the new code makes on purpose, matched line by line, narrowly, and listed in the
# report every time they occur: (what, old line, new line) -> accepted.
META_DESCRIPTION = re.compile(
    r'^\s*<meta (?:name="description"|property="og:description") content="([^"]*)">\s*$'
)


def _summary_with_ellipsis(old_line, new_line):
    """98c1634 made ArticlePage.listing_summary news.text.first_paragraph: an article without a
    summary describes itself by its first paragraph cut at 119 characters plus "…" (whitespace
    collapsed) instead of cut at 120."""
    old, new = META_DESCRIPTION.match(old_line), META_DESCRIPTION.match(new_line)
    if not (old and new) or not new.group(1).endswith("…"):
        return False
    return " ".join(old.group(1).split())[:119] == new.group(1)[:-1]


ACCEPTED_PAGE_CHANGES = [
    (
        "meta description of an article without a summary: first paragraph cut at 119 "
        'characters + "…" (98c1634, news/text.py first_paragraph) instead of at 120',
        _summary_with_ellipsis,
    ),
]

# Tables the upgrade may add rows to (checked on their own below).
MIGRATIONS = "django_migrations"
CONTENT_TYPES = "django_content_type"
PERMISSIONS = "auth_permission"


@dataclass
class Result:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def problem(self, text):
        self.problems.append(text)

    def note(self, text):
        self.notes.append(text)


def compare(old, new):
    result = Result()
    if old["vendor"] != new["vendor"]:
        result.problem(f"the snapshots come from {old['vendor']} and {new['vendor']}")
    moved = moved_models(old, new, result)

    def relabel(label):
        return moved.get(label, label)

    compare_tables(old, new, relabel, result)
    compare_content_types(old, new, moved, result)
    compare_orm_counts(old, new, relabel, result)
    compare_permissions(old, new, relabel, result)
    compare_log_entries(old, new, relabel, result)
    compare_records(old, new, relabel, result)
    compare_pages(old, new, result)
    return result


def moved_models(old, new, result):
    """{old label: new label} for every table a different model owns after the upgrade."""
    moved = {}
    for table, label in sorted(old["models"].items()):
        if table in new["models"] and new["models"][table] != label:
            moved[label] = new["models"][table]
        elif table not in new["models"]:
            result.note(f"model {label} ({table}) is gone from the new code")
    result.figures["moved"] = moved
    return moved


# Tables -----------------------------------------------------------------------------------------


def compare_tables(old, new, relabel, result):
    old_tables, new_tables = old["tables"], new["tables"]
    rows = 0
    for table in sorted(set(new_tables) - set(old_tables)):
        count = len(new_tables[table]["rows"])
        result.note(f"table {table} is new ({count} rows): only the new code creates it")
    for table in sorted(old_tables):
        before = old_tables[table]
        rows += len(before["rows"])
        if table not in new_tables:
            result.problem(f"table {table} ({len(before['rows'])} rows) is gone")
            continue
        after = new_tables[table]
        dropped = [column for column in before["columns"] if column not in after["columns"]]
        if dropped:
            result.problem(f"{table}: columns {', '.join(dropped)} are gone")
        added = [column for column in after["columns"] if column not in before["columns"]]
        if added:
            result.note(f"{table}: new columns {', '.join(added)}")
        if table == CONTENT_TYPES:
            continue  # compare_content_types: rows are relabelled on purpose
        may_add = table in (MIGRATIONS, PERMISSIONS)
        compare_rows(table, before, after, result, may_add=may_add)
    result.figures["tables"] = len(old_tables)
    result.figures["rows"] = rows
    migrations = len(new_tables.get(MIGRATIONS, {"rows": ()})["rows"]) - len(
        old_tables.get(MIGRATIONS, {"rows": ()})["rows"]
    )
    result.figures["migrations applied"] = migrations


def project(table, columns):
    """A table's rows reduced to `columns`, by key."""
    indexes = [table["columns"].index(column) for column in columns]
    return {key: [row[i] for i in indexes] for key, row in table["rows"].items()}


def compare_rows(name, before, after, result, may_add=False):
    columns = [column for column in before["columns"] if column in after["columns"]]
    old_rows, new_rows = project(before, columns), project(after, columns)
    lost = [key for key in old_rows if key not in new_rows]
    changed = [key for key in old_rows if key in new_rows and old_rows[key] != new_rows[key]]
    extra = [key for key in new_rows if key not in old_rows]
    key = before["key"] or "row"
    if lost:
        shown = "; ".join(f"{key}={k}: {old_rows[k]}" for k in lost[:EXAMPLES])
        result.problem(f"{name}: {len(lost)} of {len(old_rows)} rows lost, e.g. {shown}")
    for k in changed[:EXAMPLES]:
        differing = [
            f"{column}: {a!r} -> {b!r}"
            for column, a, b in zip(columns, old_rows[k], new_rows[k], strict=True)
            if a != b
        ]
        result.problem(f"{name} {key}={k} changed: {'; '.join(differing)}")
    if len(changed) > EXAMPLES:
        result.problem(f"{name}: {len(changed) - EXAMPLES} more rows changed")
    if extra and may_add:
        result.note(f"{name}: {len(extra)} rows added")
    elif extra:
        shown = "; ".join(f"{key}={k}: {new_rows[k]}" for k in extra[:EXAMPLES])
        result.problem(f"{name}: {len(extra)} rows appeared, e.g. {shown}")


def compare_content_types(old, new, moved, result):
    """Content types keep their ids; those of moved models carry the new app label."""
    old_types, new_types = old["content_types"], new["content_types"]
    by_label = {label: pk for pk, label in new_types.items()}
    relabelled = 0
    reported = set()  # labels already explained
    for pk, label in sorted(old_types.items(), key=lambda item: int(item[0])):
        expected = moved.get(label, label)
        if pk not in new_types:
            result.problem(f"content type {label} (id {pk}) is gone")
        elif new_types[pk] != expected:
            anew = by_label.get(expected)
            result.problem(
                f"content type {label} (id {pk}) was not relabelled {expected}"
                + (f", it became {new_types[pk]}" if new_types[pk] != label else "")
                + (
                    f"; {expected} was created anew (id {anew}), so permissions, log entries "
                    f"and task rows still point at the old one"
                    if anew
                    else ""
                )
            )
            reported.update({label, expected})
        elif expected != label:
            relabelled += 1
    old_labels = {moved.get(label, label) for label in old_types.values()}
    for pk, label in sorted(new_types.items(), key=lambda item: int(item[0])):
        if pk in old_types or label in reported:
            continue
        if label in old_labels:
            result.problem(f"content type {label} was created anew (id {pk})")
        else:
            result.note(f"content type {label} (id {pk}) is new")
    # No content type left under the old app label of a moved model.
    for old_label, new_label in sorted(moved.items()):
        if old_label in by_label and old_label not in reported:
            result.problem(
                f"content type {old_label} (id {by_label[old_label]}) is still there: "
                f"the model is {new_label} now"
            )
    known = {entry["id"] for entry in old["dangling_content_types"]}
    for entry in new["dangling_content_types"]:
        if entry["id"] in known:
            continue
        where = ", ".join(entry["used_by"])
        if entry["used_by"] == [f"{PERMISSIONS}.content_type_id"] and not entry["granted_to"]:
            result.note(
                f"content type {entry['label']} (id {entry['id']}) is stale: its model is not "
                f"in the new code, and only its own permissions, granted to nobody, point at it"
            )
        else:
            granted = f"; its permissions are granted to {entry['granted_to']}" * bool(
                entry["granted_to"]
            )
            result.problem(
                f"content type {entry['label']} (id {entry['id']}) answers to no model, yet "
                f"rows point at it: {where}{granted}"
            )
    result.figures["content types relabelled"] = relabelled


def compare_orm_counts(old, new, relabel, result):
    """Each model reads as many rows through the new code's ORM as through the old code's."""
    may_add = {old["models"].get(table) for table in (MIGRATIONS, CONTENT_TYPES, PERMISSIONS)}
    for label, count in sorted(old["orm_counts"].items()):
        new_label = relabel(label)
        if new_label not in new["orm_counts"] or label in may_add:
            continue  # a model gone from the code, or a table checked row by row above
        if new["orm_counts"][new_label] != count:
            result.problem(
                f"{new_label} reads {new['orm_counts'][new_label]} rows through the ORM, "
                f"{label} read {count}"
            )


# Permissions, log entries, records -------------------------------------------------------------


def relabel_permission(relabel, app_label, codename, model):
    new_app, _, new_model = relabel(f"{app_label}.{model}").partition(".")
    return [new_app, codename, new_model]


def compare_permissions(old, new, relabel, result):
    grants = 0
    for name, before in sorted(old["groups"].items()):
        after = new["groups"].get(name)
        if after is None:
            result.problem(f"group {name} is gone")
            continue
        expected = sorted(relabel_permission(relabel, *grant) for grant in before["model"])
        kinds = [
            ("permissions", expected, after["model"]),
            ("page permissions", before["page"], after["page"]),
            ("collection permissions", before["collection"], after["collection"]),
            ("members", before["users"], after["users"]),
        ]
        for kind, wanted, got in kinds:
            grants += len(wanted)
            if wanted != got:
                missing = [item for item in wanted if item not in got]
                surplus = [item for item in got if item not in wanted]
                result.problem(f"group {name}: {kind} differ; lost {missing}, gained {surplus}")
    for name in sorted(set(new["groups"]) - set(old["groups"])):
        result.note(f"group {name} is new")
    result.figures["groups"] = len(old["groups"])
    result.figures["group grants"] = grants


def compare_log_entries(old, new, relabel, result):
    total = 0
    for table, entries in sorted(old["log_entries"].items()):
        expected = [{**entry, "content_type": relabel(entry["content_type"])} for entry in entries]
        got = new["log_entries"].get(table, [])
        total += len(entries)
        if len(got) != len(expected):
            result.problem(f"{table}: {len(got)} log entries, {len(expected)} before")
        wrong = [(a, b) for a, b in zip(expected, got, strict=False) if a != b]
        for a, b in wrong[:EXAMPLES]:
            result.problem(f"{table}: log entry {a['id']} was {a}, is {b}")
    result.figures["log entries"] = total


def compare_records(old, new, relabel, result):
    """Comments, view counts and review tasks as the models read them."""
    for key in (
        "comments",
        "sensitive_words",
        "comment_settings",
        "view_totals",
        "daily_views",
        "view_count_flushes",
    ):
        if old[key] != new[key]:
            result.problem(f"{key} differ:\n{diff_lines(old[key], new[key])}")
    result.figures["comments"] = len(old["comments"])
    result.figures["view counts"] = len(old["view_totals"]) + len(old["daily_views"])

    workflows = old["workflows"]
    expected = {
        "tasks": [
            {
                **task,
                "content_type": relabel(task["content_type"]),
                "specific": relabel(task["specific"]),
            }
            for task in workflows["tasks"]
        ],
        "workflow_states": workflows["workflow_states"],
        "task_states": [[*state[:3], relabel(state[3])] for state in workflows["task_states"]],
    }
    for key, wanted in expected.items():
        if new["workflows"][key] != wanted:
            result.problem(f"workflow {key} differ:\n{diff_lines(wanted, new['workflows'][key])}")


def diff_lines(a, b):
    lines = difflib.unified_diff(
        [repr(item) for item in a], [repr(item) for item in b], "before", "after", lineterm="", n=1
    )
    return "\n".join(list(lines)[:DIFF_LINES])


# Pages ------------------------------------------------------------------------------------------


def normalise(body):
    for pattern, replacement in PER_REQUEST:
        body = pattern.sub(replacement, body)
    return body.splitlines()


def accepted(old_line, new_line):
    for what, check in ACCEPTED_PAGE_CHANGES:
        if check(old_line, new_line):
            return what
    return None


def compare_pages(old, new, result):
    accepted_seen = {}
    for url, before in old["pages"].items():
        after = new["pages"].get(url)
        if after is None:
            result.problem(f"{url}: not rendered by the new code")
            continue
        for what in ("status", "content_type"):
            if before[what] != after[what]:
                result.problem(f"{url}: {what} {before[what]} became {after[what]}")
        a, b = normalise(before["body"]), normalise(after["body"])
        unexplained = False
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, a, b, autojunk=False
        ).get_opcodes():
            if tag == "equal":
                continue
            reasons = (
                [accepted(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
                if tag == "replace" and i2 - i1 == j2 - j1
                else [None]
            )
            if all(reasons):
                for reason in reasons:
                    accepted_seen.setdefault(reason, set()).add(url)
            else:
                unexplained = True
        if unexplained:
            diff = difflib.unified_diff(a, b, f"old code {url}", f"new code {url}", lineterm="")
            shown = list(diff)
            more = (
                f"\n… {len(shown) - DIFF_LINES} more diff lines" if len(shown) > DIFF_LINES else ""
            )
            result.problem(f"{url} renders differently:\n" + "\n".join(shown[:DIFF_LINES]) + more)
    for what, urls in accepted_seen.items():
        result.note(f"accepted page difference on {', '.join(sorted(urls))}: {what}")
    result.figures["pages"] = len(old["pages"])

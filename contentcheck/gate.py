"""The rule: a page with a blocking sensitive word is not approved at the last review step.

The last step (主编终审 in the newsroom's workflow) is the one whose approval publishes,
and a direct publish is the same decision taken without a workflow, so both are held.
Earlier steps and submitting are not: the reporter and the desk editor see the findings
in the editor and may pass the copy on with the work still to do, as the newsroom does
today with a note.

Three ways reach an approval, and all are held:

- the editor's own buttons (通过, 发布), where the chief may have just fixed the word in
  the same form: `hold_in_editor` (a `before_edit_page` hook) checks what the form is
  about to save, not the stored draft;
- 发布 of several pages at once from the page listing: `hold_bulk_publish` publishes none
  while one is held;
- the review buttons outside the editor (the dashboard, the page listing), which approve
  the stored draft: `refuse_approval` answers newsroom's `refuse_review_approval` hook
  with the address of this page's check report, where the reviewer is sent instead.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .checking import blocking, check_page

HELD_SESSION_KEY = "contentcheck_held_page"
# How many findings a message lists before "…共 N 处".
LISTED_IN_MESSAGE = 8


def report_url(page, refused=False):
    url = reverse("contentcheck_report", args=[page.pk])
    return f"{url}?refused=1" if refused else url


def is_last_step(task_state):
    """Whether approving this task state ends the workflow (and so publishes the page)."""
    workflow = task_state.workflow_state.workflow
    last = workflow.tasks.filter(active=True).last()
    return last is not None and last.pk == task_state.task_id


def findings_html(findings):
    listed = format_html_join(
        "", "<li>{}</li>", ((finding.message,) for finding in findings[:LISTED_IN_MESSAGE])
    )
    more = ""
    if len(findings) > LISTED_IN_MESSAGE:
        more = format_html("<li>……共 {} 处</li>", len(findings))
    return format_html("<ul>{}{}</ul>", listed, more)


def refuse_approval(task_state, user):
    """newsroom's refuse_review_approval hook: the report's address while blocking words remain."""
    if not is_last_step(task_state):
        return None
    page = task_state.workflow_state.content_object
    if not isinstance(page, Page):
        return None  # the report is per page; other objects under review are not held
    draft = page.get_latest_revision_as_object()
    if blocking(check_page(draft)):
        return report_url(page, refused=True)
    return None


def _approves_or_publishes(request, page):
    post = request.POST
    if post.get("action-publish"):
        return page.permissions_for_user(request.user).can_publish()
    if post.get("action-workflow-action") and post.get("workflow-action-name") == "approve":
        task_state = page.current_workflow_task_state
        return task_state is not None and is_last_step(task_state)
    return False


def _submitted_page(request, page):
    """The page as the editor's form would save it, or None when the form is invalid."""
    page_class = page.specific_class
    form_class = page_class.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=page.get_latest_revision_as_object(),
        parent_page=page.get_parent(),
        for_user=request.user,
    )
    if not form.is_valid():
        return None, False
    return form.save(commit=False), form.has_changed()


def hold_in_editor(request, page):
    """before_edit_page hook: show findings when the editor opens; hold a final approval."""
    if request.method == "GET":
        if request.session.pop(HELD_SESSION_KEY, None) == page.pk:
            return None  # the refusal just shown already lists the findings
        findings = check_page(page.get_latest_revision_as_object())
        if findings:
            _announce(request, page, findings)
        return None
    if request.method != "POST" or not _approves_or_publishes(request, page):
        return None
    submitted, changed = _submitted_page(request, page)
    if submitted is None:
        return None  # the edit view shows the form's own errors and does nothing else
    refused = blocking(check_page(submitted))
    if not refused:
        return None
    messages.error(
        request,
        format_html(
            "内容检查未通过:稿件中还有 {} 处必须修改的敏感词,不能通过终审或发布。{}{}",
            len(refused),
            findings_html(refused),
            "你的修改已保存为草稿。" if changed else "",
        ),
    )
    request.session[HELD_SESSION_KEY] = page.pk
    if not changed:
        return redirect("wagtailadmin_pages:edit", page.pk)
    request.content_check_announced = True
    # Keep the reviewer's edits: the view goes on as a plain save of the draft.
    post = request.POST.copy()
    for key in ("action-publish", "action-workflow-action", "workflow-action-name"):
        post.pop(key, None)
    request.POST = post
    return None


def _announce(request, page, findings):
    refused = blocking(findings)
    if refused:
        headline = format_html(
            "内容检查:{} 处必须修改的敏感词(改正前主编不能终审通过),共 {} 处提示。",
            len(refused),
            len(findings),
        )
        add = messages.error
    else:
        headline = format_html("内容检查:{} 处提示,请核对。", len(findings))
        add = messages.warning
    add(
        request,
        format_html(
            '{}{}<a href="{}">查看全部检查结果</a>',
            headline,
            findings_html(refused + [f for f in findings if not f.blocking]),
            report_url(page),
        ),
    )


def after_saving(request, page):
    """after_create_page / after_edit_page: tell the author at once what the check found."""
    if getattr(request, "content_check_announced", False):
        return
    findings = check_page(page.get_latest_revision_as_object())
    if findings:
        _announce(request, page, findings)


def hold_bulk_publish(request, action_type, objects, action):
    """before_bulk_action: 发布 on several pages at once publishes none while one is held."""
    if action_type != "publish":
        return None
    held = [
        page
        for page in objects
        if isinstance(page, Page)
        and blocking(check_page(page.specific.get_latest_revision_as_object()))
    ]
    if not held:
        return None
    titles = "、".join(page.get_admin_display_title() for page in held[:10])
    messages.error(
        request,
        f"内容检查未通过:{titles} 中还有必须修改的敏感词,本次没有发布任何页面。"
        "请逐篇打开编辑页查看并改正。",
    )
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")

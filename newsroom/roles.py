"""The newsroom's roles as Wagtail groups, and the two-step review workflow.

`ensure_roles` takes an app registry (`setup_newsroom` passes the live one); it only
creates what is missing. Migration news/0004 keeps its own frozen copy of these roles.
"""

REPORTER = "记者"
DESK_EDITOR = "编辑"
CHIEF_EDITOR = "主编"
COMMENT_MODERATOR = "评论审核员"
ROLES = (REPORTER, DESK_EDITOR, CHIEF_EDITOR, COMMENT_MODERATOR)
DESK_ROLES = (REPORTER, DESK_EDITOR)

WORKFLOW_NAME = "新闻稿件两审"
DESK_REVIEW_TASK = "编辑审核"
CHIEF_REVIEW_TASK = "主编终审"

ACCESS_ADMIN = ("wagtailadmin", "access_admin")
# Only chief editors create sections, which create desk groups (newsroom/sections.py).
CREATE_SECTIONS = ("news", "add_sectionpage")
# 报告 → 热门搜索词 and 无结果的搜索 (search/reports.py): what readers look for and miss.
SEARCH_ANALYTICS = ("search", "view_search_analytics")
COMMENT_PERMISSIONS = [
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "delete_comment"),
    ("comments", "view_sensitiveword"),
    ("comments", "add_sensitiveword"),
    ("comments", "change_sensitiveword"),
    ("comments", "delete_sensitiveword"),
]
# The search page's synonyms (搜索同义词, under 设置); migration search/0002 grants the same.
SEARCH_SYNONYM_PERMISSIONS = [
    ("search", "view_searchsynonym"),
    ("search", "add_searchsynonym"),
    ("search", "change_searchsynonym"),
    ("search", "delete_searchsynonym"),
]
# 内容检查's two word lists: the chief editors keep them, desk editors may read them.
# Migration contentcheck/0002 grants the same.
CONTENT_CHECK_MANAGE = [
    ("contentcheck", f"{action}_{model}")
    for model in ("publishingword", "misspelling")
    for action in ("view", "add", "change", "delete")
]
CONTENT_CHECK_VIEW = [
    ("contentcheck", "view_publishingword"),
    ("contentcheck", "view_misspelling"),
]
# Model permissions per role; page permissions come from desks (desks.py), or for the
# chief editor from the root page below.
MODEL_PERMISSIONS = {
    REPORTER: [ACCESS_ADMIN],
    DESK_EDITOR: [ACCESS_ADMIN, SEARCH_ANALYTICS, *CONTENT_CHECK_VIEW],
    CHIEF_EDITOR: [
        ACCESS_ADMIN,
        CREATE_SECTIONS,
        SEARCH_ANALYTICS,
        *COMMENT_PERMISSIONS,
        *SEARCH_SYNONYM_PERMISSIONS,
        *CONTENT_CHECK_MANAGE,
    ],
    COMMENT_MODERATOR: [ACCESS_ADMIN, *COMMENT_PERMISSIONS],
}
# Images and documents in the root collection, and so in every collection below it.
# Reporters and desk editors only choose there: they add and change files in their own
# desk's collection (DESK_COLLECTION_PERMISSIONS, granted by desks.ensure_desk).
COLLECTION_PERMISSIONS = {
    REPORTER: [
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
    DESK_EDITOR: [
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
    CHIEF_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
        # Videos (video/): wagtailmedia has no choose permission; its chooser offers
        # what the user may change.
        ("wagtailmedia", "add_media"),
        ("wagtailmedia", "change_media"),
        ("wagtailmedia", "delete_media"),
    ],
}
# In the desk's own collection. A reporter changes only the files they uploaded (Wagtail's
# ownership rule for `add`); a desk editor changes every file of the desk. Wagtail treats
# delete like change. Neither may change a file a live page uses (newsroom/media.py).
DESK_COLLECTION_PERMISSIONS = {
    REPORTER: [
        ("wagtailimages", "add_image"),
        ("wagtaildocs", "add_document"),
        ("wagtailmedia", "add_media"),
    ],
    DESK_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtailmedia", "add_media"),
        ("wagtailmedia", "change_media"),
    ],
}
# Page permission codenames. A reporter may add pages and edit the ones they own, never
# publish; a desk editor edits every page of the desk; the chief publishes everywhere.
DESK_PAGE_PERMISSIONS = {
    REPORTER: ["add_page"],
    DESK_EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
}
CHIEF_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(apps, codename):
    return _permission(apps, "wagtailcore", codename)


def ensure_roles(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    for role, permissions in MODEL_PERMISSIONS.items():
        groups[role].permissions.add(
            *(_permission(apps, app_label, codename) for app_label, codename in permissions)
        )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for role, permissions in COLLECTION_PERMISSIONS.items():
            for app_label, codename in permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[role],
                    collection=root_collection,
                    permission=_permission(apps, app_label, codename),
                )
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in CHIEF_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=groups[CHIEF_EDITOR],
                page=root_page,
                permission=_page_permission(apps, codename),
            )
    ensure_workflow(apps, groups)
    return groups


def ensure_workflow(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ReviewTask = apps.get_model("newsroom", "NewsroomReviewTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="newsroom", model="newsroomreviewtask"
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    steps = [
        (DESK_REVIEW_TASK, groups[DESK_EDITOR], True),
        (CHIEF_REVIEW_TASK, groups[CHIEF_EDITOR], False),
    ]
    for order, (name, group, desk_only) in enumerate(steps):
        task = ReviewTask.objects.filter(name=name).first()
        if task is None:
            task = ReviewTask.objects.create(
                name=name, desk_only=desk_only, content_type=task_type, active=True
            )
            task.groups.add(group)
        WorkflowTask.objects.get_or_create(
            workflow_id=workflow.pk, task_id=task.pk, defaults={"sort_order": order}
        )
    return workflow

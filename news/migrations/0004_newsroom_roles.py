"""The newsroom's roles (记者, 编辑, 主编, 评论审核员) and the two-step review workflow.

City desks and attaching the workflow to sections need the section pages, which only
exist after content is created: `manage.py setup_newsroom` (run by the demo loader).

The roles are frozen here as they were when this migration was written (comments and the
review task then lived in the news app): a historical migration imports no live code.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
COMMENT_PERMISSIONS = [
    ("news", "view_comment"),
    ("news", "change_comment"),
    ("news", "delete_comment"),
    ("news", "view_sensitiveword"),
    ("news", "add_sensitiveword"),
    ("news", "change_sensitiveword"),
    ("news", "delete_sensitiveword"),
]
# Model permissions per role; page permissions come from desks (desks.py), or for the
# chief editor from the root page below.
MODEL_PERMISSIONS = {
    REPORTER: [ACCESS_ADMIN],
    DESK_EDITOR: [ACCESS_ADMIN],
    CHIEF_EDITOR: [ACCESS_ADMIN, *COMMENT_PERMISSIONS],
    COMMENT_MODERATOR: [ACCESS_ADMIN, *COMMENT_PERMISSIONS],
}
# Images and documents in the root collection (and so in every collection below it).
COLLECTION_PERMISSIONS = {
    REPORTER: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    DESK_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
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


def ensure_roles(apps):
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
    ReviewTask = apps.get_model("news", "NewsroomReviewTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="news", model="newsroomreviewtask")
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


def create_roles(apps, schema_editor):
    # On a fresh database Django creates permissions after all migrations have run;
    # the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("news", "NewsroomReviewTask").objects.filter(
        name__in=[DESK_REVIEW_TASK, CHIEF_REVIEW_TASK]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_newsroom"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

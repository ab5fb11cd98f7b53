"""Videos (video/, wagtailmedia) under the same collection rules as images and documents.

The chief editor gets add, change and delete on the root collection; each desk's groups
add (reporters) or add and change (desk editors) in the desk's own collection. Existing
sites' groups get them here; `setup_newsroom` and `ensure_desk` grant them from
newsroom.roles from now on. Frozen here: group names, collection names, codenames.
"""

from django.db import migrations

REPORTER = "记者"
DESK_EDITOR = "编辑"
CHIEF_EDITOR = "主编"
ROOT_PERMISSIONS = {CHIEF_EDITOR: ["add_media", "change_media", "delete_media"]}
DESK_PERMISSIONS = {REPORTER: ["add_media"], DESK_EDITOR: ["add_media", "change_media"]}


def _grants(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label="wagtailmedia")
    }
    root = Collection.objects.filter(depth=1).first()
    if root is None or not permissions:
        return
    for role, codenames in ROOT_PERMISSIONS.items():
        for group in Group.objects.filter(name=role):
            for codename in codenames:
                yield group, root, permissions[codename]
    for collection in Collection.objects.filter(depth=2):
        for role, codenames in DESK_PERMISSIONS.items():
            for group in Group.objects.filter(name=f"{collection.name}{role}"):
                for codename in codenames:
                    yield group, collection, permissions[codename]


def grant(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group, collection, permission in _grants(apps):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group, collection, permission in _grants(apps):
        GroupCollectionPermission.objects.filter(
            group=group, collection=collection, permission=permission
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_search_analytics_permission"),
        # wagtailmedia creates its permissions in a data migration of its own.
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

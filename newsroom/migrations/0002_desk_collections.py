"""A collection per city desk; reporters and desk editors only choose in the root collection.

Before, the 记者 and 编辑 groups held add (and change) on the root collection, so a desk
editor could replace any desk's images. Now each desk's groups hold them on the desk's
own collection, named after the city, and files already uploaded by someone on exactly
one desk move into that desk's collection. The permissions are frozen here, not read
from newsroom.roles, so later changes there cannot change what this migration did.
"""

from django.db import migrations

REPORTER = "记者"
DESK_EDITOR = "编辑"
DESK_ROLES = (REPORTER, DESK_EDITOR)
ROOT_PERMISSIONS_TAKEN = {
    REPORTER: [("wagtailimages", "add_image"), ("wagtaildocs", "add_document")],
    DESK_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
    ],
}
DESK_COLLECTION_PERMISSIONS = ROOT_PERMISSIONS_TAKEN
MEDIA_MODELS = [("wagtailimages", "Image"), ("wagtaildocs", "Document")]

# django-treebeard's materialised path: four base-36 digits per level.
STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number):
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP_LENGTH, "0")


def _child_collection(apps, root, name):
    Collection = apps.get_model("wagtailcore", "Collection")
    children = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    existing = children.filter(name=name).first()
    if existing is not None:
        return existing
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP_LENGTH:], len(ALPHABET)) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=root.path + _step(number), depth=root.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=children.count())
    return collection


def _permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    return [
        permission
        for app_label, codename in pairs
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]


def desk_collections(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    SectionPage = apps.get_model("news", "SectionPage")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for role in DESK_ROLES:
        GroupCollectionPermission.objects.filter(
            group__name=role,
            collection=root,
            permission__in=_permissions(apps, ROOT_PERMISSIONS_TAKEN[role]),
        ).delete()

    desks_by_user = {}
    for city in SectionPage.objects.filter(is_city=True).order_by("path"):
        groups = {
            role: Group.objects.filter(name=f"{city.title}{role}").first() for role in DESK_ROLES
        }
        if not any(groups.values()):
            continue  # no desk yet: setup_newsroom makes it with its collection
        collection = _child_collection(apps, root, city.title)
        for role, group in groups.items():
            if group is None:
                continue
            for permission in _permissions(apps, DESK_COLLECTION_PERMISSIONS[role]):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
            for user_id in group.user_set.values_list("pk", flat=True):
                desks_by_user.setdefault(user_id, set()).add(collection.pk)

    one_desk = {}
    for user_id, collection_ids in desks_by_user.items():
        if len(collection_ids) == 1:
            one_desk.setdefault(next(iter(collection_ids)), []).append(user_id)
    for app_label, model_name in MEDIA_MODELS:
        model = apps.get_model(app_label, model_name)
        for collection_id, user_ids in one_desk.items():
            model.objects.filter(collection=root, uploaded_by_user__in=user_ids).update(
                collection_id=collection_id
            )


def root_permissions_back(apps, schema_editor):
    """Back to add/change on the root collection; the desk collections and files stay."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for role in DESK_ROLES:
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for permission in _permissions(apps, ROOT_PERMISSIONS_TAKEN[role]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("news", "0008_move_content_types"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(desk_collections, root_permissions_back)]

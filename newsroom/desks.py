"""City desks: a pair of groups per city section holding page permissions on it.

A user gets a role group (记者, 编辑: what they may do anywhere in the admin) and a desk
group (忻州记者, 忻州编辑: where). Wagtail's page permissions do the rest: a 忻州 reporter
has no permission on 太原's section, so its articles are not theirs to open. Each desk
also has a Wagtail collection named after the city, where its groups add and change
images and documents (docs/media.md).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from news.models import SectionPage

from . import roles


class DeskError(ValueError):
    pass


def desk_group_name(city, role):
    return f"{city.title}{role}"


def city_by_slug(slug):
    city = SectionPage.objects.filter(slug=slug, is_city=True).first()
    if city is None:
        known = "、".join(SectionPage.objects.filter(is_city=True).values_list("slug", flat=True))
        raise DeskError(f"没有别名为 {slug} 的城市频道。现有城市频道:{known or '无'}")
    return city


def desk_collection(city):
    """The city desk's collection: a child of the root collection named after the city.

    Found by name like the desk's groups, created when missing.
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=city.title).first()
    if collection is None:
        collection = root.add_child(name=city.title)
    return collection


def desk_collections_of(user):
    """The collections of the desks a user sits on, city order."""
    titles = [city.title for city, _ in desks_of(user)]
    collections = Collection.objects.filter(depth=2, name__in=titles)
    return sorted(collections, key=lambda collection: titles.index(collection.name))


@transaction.atomic
def ensure_desk(city):
    """The city's desk groups, with their page permissions on the city's section and
    their file permissions on the desk's collection."""
    collection = desk_collection(city)
    groups = {}
    for role in roles.DESK_ROLES:
        group, _ = Group.objects.get_or_create(name=desk_group_name(city, role))
        for codename in roles.DESK_PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=city.page_ptr,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for app_label, codename in roles.DESK_COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
        groups[role] = group
    return groups


@transaction.atomic
def put_on_desk(user, city, role):
    """Make `user` a reporter or desk editor of `city` (they may sit on several desks)."""
    if role not in roles.DESK_ROLES:
        raise DeskError(f"城市频道只能分配 {'、'.join(roles.DESK_ROLES)},不能分配 {role}。")
    desk = ensure_desk(city)
    user.groups.add(Group.objects.get(name=role), desk[role])
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])


@transaction.atomic
def take_off_desk(user, city):
    user.groups.remove(
        *Group.objects.filter(name__in=[desk_group_name(city, role) for role in roles.DESK_ROLES])
    )


@transaction.atomic
def give_role(user, role):
    if role not in roles.ROLES:
        raise DeskError(f"没有这个角色:{role}。可用角色:{'、'.join(roles.ROLES)}")
    user.groups.add(Group.objects.get(name=role))


def desks_of(user):
    """The city sections a user sits on, with the role, e.g. [(忻州, "记者")]."""
    names = set(user.groups.values_list("name", flat=True))
    return [
        (city, role)
        for city in SectionPage.objects.filter(is_city=True).order_by("path")
        for role in roles.DESK_ROLES
        if desk_group_name(city, role) in names
    ]


def top_sections():
    """Sections with no section above them (各市要闻, 社会 …): where the workflow goes."""
    sections = list(SectionPage.objects.order_by("path"))
    paths = [section.path for section in sections]
    return [
        section
        for section in sections
        if not any(section.path.startswith(path) and section.path != path for path in paths)
    ]


@transaction.atomic
def attach_review_workflow():
    """The two-step review on every top section; a section with its own workflow keeps it."""
    if not Workflow.objects.filter(name=roles.WORKFLOW_NAME).exists():
        roles.ensure_roles(apps)  # the groups or workflow were deleted by hand
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    attached = []
    for section in top_sections():
        _, created = WorkflowPage.objects.get_or_create(
            page=section.page_ptr, defaults={"workflow": workflow}
        )
        if created:
            attached.append(section)
    return attached


def setup_newsroom():
    """Roles, a desk for every city section and the review workflow on every top section."""
    roles.ensure_roles(apps)  # again: an administrator may have changed or deleted a group
    cities = list(SectionPage.objects.filter(is_city=True).order_by("path"))
    for city in cities:
        ensure_desk(city)
    return cities, attach_review_workflow()

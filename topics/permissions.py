"""Who makes topics: the province-level editors, never a city desk.

A topic gathers articles of every city, so it is not a city desk's page. The 主编 role
already holds add, change and publish on the root page (newsroom/roles.py) and so on
/zt/. Province-level 编辑 are put in the group 专题编辑, which holds the same page
permissions on /zt/ as a city desk's 编辑 hold on their city (add, change, lock, no
publish: the 主编 publishes). City reporters and city desk editors hold nothing on /zt/,
so Wagtail offers them neither the topic list nor the 专题 page type.
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

from newsroom import roles

TOPIC_EDITORS = "专题编辑"


def ensure_topic_editors(topic_index):
    """The 专题编辑 group with a city desk editor's page permissions on the topic list."""
    group, _ = Group.objects.get_or_create(name=TOPIC_EDITORS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in roles.DESK_PAGE_PERMISSIONS[roles.DESK_EDITOR]:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=topic_index.page_ptr,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def make_topic_editor(user):
    """Give a province-level 编辑 the 编辑 role and a seat in 专题编辑."""
    user.groups.add(Group.objects.get_or_create(name=roles.DESK_EDITOR)[0])
    user.groups.add(Group.objects.get(name=TOPIC_EDITORS))

"""An editor who can open the admin and owes no second sign-in step, logged in for real."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

PASSWORD = "editor-password-for-tests"


def make_editor(username="reporter"):
    """Admin access through a group; not a superuser, so no two-factor step is owed."""
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    group, _created = Group.objects.get_or_create(name="测试编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def log_in(client, user):
    """Through the admin's login form, as a browser does; returns its response."""
    return client.post("/admin/login/", {"username": user.username, "password": PASSWORD})

"""The admin's Chinese where Wagtail 8 shows English that no catalogue reaches.

The catalogues in locale/ translate Wagtail's messages; a few English words on its screens are
not messages at all (docs/translations.md lists each, with the way it is handled here):

* Permission names are rows, written in English when the migrations create them: Django's
  "Can add <model>" from the model's untranslated verbose name, Wagtail's own ("Publish any
  page") from literals in its migrations. The groups screen and the users' permissions show
  them. After every migrate they are renamed in the site's language.
* Wagtail's initial data: the groups "Moderators" and "Editors" and the workflow and task
  "Moderators approval" are rows its first migration made. Renamed once, while they still
  carry the English defaults (an editor's own names are never touched).
* Labels Wagtail derives from an English field or block name instead of giving one (the
  sites listing's columns, the page field of a group's page permissions and of a workflow's
  pages, the login form's password, the image chooser inside every ImageBlock).
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
# Wagtail's migrations create these with English literal names.
WAGTAIL_PERMISSION_NAMES = {
    "Can access Wagtail admin": _("Can access Wagtail admin"),
    "Delete pages with children": _("Delete pages with children"),
    "Lock/unlock pages you've locked": _("Lock/unlock pages you've locked"),
    "Publish any page": _("Publish any page"),
    "Unlock any page": _("Unlock any page"),
    "Can choose document": _("Can choose document"),
    "Can choose image": _("Can choose image"),
}
# Wagtail's initial data (wagtailcore's first migration), as it names it.
INITIAL_GROUPS = {"Moderators": _("Moderators"), "Editors": _("Editors")}
INITIAL_WORKFLOW = "Moderators approval"
INITIAL_WORKFLOW_NAME = _("Moderators approval")


def _permission_name(permission):
    model = permission.content_type.model_class()
    if model is None:
        return None
    opts = model._meta
    for action, verb in ACTIONS.items():
        if permission.codename == get_permission_codename(action, opts):
            return f"可以{verb}{opts.verbose_name}"
    english = WAGTAIL_PERMISSION_NAMES.get(permission.name)
    return str(english) if english is not None else None


def rename_permissions():
    """Every permission named in the site's language; the number renamed."""
    from django.contrib.auth.models import Permission

    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.select_related("content_type"):
            name = _permission_name(permission)
            if name and name != permission.name:
                permission.name = name[: Permission._meta.get_field("name").max_length]
                changed.append(permission)
    Permission.objects.bulk_update(changed, ["name"])
    return len(changed)


def rename_initial_data():
    """Wagtail's default groups, workflow and task, while they keep their English names."""
    from django.contrib.auth.models import Group

    from wagtail.models import Task, Workflow

    with translation.override(settings.LANGUAGE_CODE):
        for english, chinese in INITIAL_GROUPS.items():
            if not Group.objects.filter(name=str(chinese)).exists():
                Group.objects.filter(name=english).update(name=str(chinese))
        Workflow.objects.filter(name=INITIAL_WORKFLOW).update(name=str(INITIAL_WORKFLOW_NAME))
        Task.objects.filter(name=INITIAL_WORKFLOW).update(name=str(INITIAL_WORKFLOW_NAME))


def after_migrate(sender, app_config, using="default", **kwargs):
    """post_migrate: once every app's permissions exist (the last app with models)."""
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if app_config is not last or using != "default":
        return
    from django.contrib.auth.management import create_permissions

    # This receiver runs before django.contrib.auth's for the same app: its permissions
    # first (create_permissions only adds what is missing).
    create_permissions(app_config, verbosity=0, using=using, apps=kwargs.get("apps", apps))
    rename_permissions()
    rename_initial_data()


def _image_blocks(block, seen):
    from wagtail.images.blocks import ImageBlock

    if id(block) in seen:
        return
    seen.add(id(block))
    if isinstance(block, ImageBlock):
        yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _image_blocks(child, seen)
    child = getattr(block, "child_block", None)
    if child is not None:
        yield from _image_blocks(child, seen)


def label_wagtail_fields():
    """Chinese labels where Wagtail derives one from an English field or block name."""
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.fields import StreamField
    from wagtail.models import Page, Site
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    for column in SiteIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
    PagePermissionsForm.base_fields["page"].label = capfirst(Page._meta.verbose_name)
    WorkflowPageForm.base_fields["page"].label = capfirst(Page._meta.verbose_name)
    LoginForm.base_fields["password"].label = _("Password")
    # ImageBlock names its chooser "image" without a label: every StreamField's, in any app.
    seen = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in _image_blocks(field.stream_block, seen):
                    block.child_blocks["image"].label = _("Image")

"""Bulk actions that never show a title the user may not see.

Wagtail's confirmation page (GET /admin/bulk/<app>/<model>/<action>/?id=…) lists every
selected object by title, including those the user may not act on ("you don't have
permission to … these pages: …"), and `?id=all&childOf=<page>` selects a whole section. So
any admin user, the comment moderator too, could read the titles of another desk's drafts,
images, documents and pending comments by trying ids.

`bulk_action` replaces Wagtail's dispatcher at the same address (site_project/urls.py puts
it first). It runs the action registered for the model — Wagtail's, the comments app's or any
other — with `OnlyWhatTheUserMayOpen` mixed in: objects the user may neither act on nor open
are dropped from the page and from the action, and a request left with nothing is refused.
"""

import functools

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page
from wagtail.permissions import policy_registry

# Holding any of these on an object means its title is no secret to the user: the edit
# view, the listing or the chooser shows it to them anyway.
OPENING_ACTIONS = ("change", "view", "choose")


def may_open(user, obj):
    """Whether `user` may see `obj` elsewhere in the admin (its editor, listing or chooser)."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, OPENING_ACTIONS, obj)


class OnlyWhatTheUserMayOpen:
    """Mixed in front of a bulk action: forbidden objects vanish; nothing left is a 403."""

    def get_actionable_objects(self):
        try:
            objects, extra = super().get_actionable_objects()
        except (ValueError, ValidationError, ObjectDoesNotExist) as error:
            # ?id=abc, or ?id=all&childOf= a page that is not there
            raise Http404 from error
        user = self.request.user
        visible = [obj for obj in extra.get("items_with_no_access", []) if may_open(user, obj)]
        if not objects and not visible:
            raise PermissionDenied
        return objects, {**extra, "items_with_no_access": visible}


@functools.cache
def guarded(action_class):
    return type(action_class.__name__, (OnlyWhatTheUserMayOpen, action_class), {})


@never_cache
@require_admin_access
def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action dispatcher, with the action class guarded."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    return guarded(action_class)(request, model).dispatch(request)

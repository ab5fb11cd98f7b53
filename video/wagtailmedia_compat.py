"""The one place Dayuan reaches into wagtailmedia's internals.

wagtailmedia 0.19's admin views check permissions through
`MediaPermissionPolicyChecker.policy`, which builds a fresh stock policy instead of asking
Wagtail 8's policy registry (its own TODO says so). The newsroom registers a stricter
policy for videos (a video a live page plays changes only with its publisher's say,
newsroom/media.py), so the checker is pointed at the registry. tests/video/test_compat.py
fails when wagtailmedia changes this.
"""

from wagtail.permissions import policy_registry

from wagtailmedia import get_media_model
from wagtailmedia.permissions import MediaPermissionPolicyChecker


def _registered_policy(checker):
    return policy_registry.get_by_type(get_media_model())


def use_registered_permission_policy():
    MediaPermissionPolicyChecker.policy = property(_registered_policy)

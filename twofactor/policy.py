"""Who must pass a second factor, and whether this session has.

The 主编 role and superusers can publish anywhere and change anyone's rights, so a
stolen password alone must not be enough for them. With
DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF every account with admin access is held to the
same rule. Anyone who enrolled of their own accord is asked for a code too: a device
that is not asked for protects nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.roles import ACCESS_ADMIN, CHIEF_EDITOR


def is_required(user):
    """True when this account may not use the admin without a second factor."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_required_without_query(user) or user.groups.filter(name=CHIEF_EDITOR).exists()


def is_enrolled(user):
    """A confirmed authenticator or recovery codes: either can verify a sign-in."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def needs_second_step(user):
    """Signed in with a password, but not (yet) verified where a second factor applies.

    Expects the user from `request.user` behind django_otp's OTPMiddleware. Asked on
    every request of a signed-in user, so the device and role checks are one query.
    """
    if not user.is_authenticated or user.is_verified():
        return False
    if is_required_without_query(user):
        return True
    owes = (
        Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(Group.objects.filter(user=OuterRef("pk"), name=CHIEF_EDITOR))
    )
    return get_user_model().objects.filter(owes, pk=user.pk).exists()


def is_required_without_query(user):
    """The parts of `is_required` that need no query of their own (permissions are cached)."""
    return user.is_superuser or (
        settings.DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF and user.has_perm(".".join(ACCESS_ADMIN))
    )


def required_users_filter():
    """The `is_required` rule as a queryset filter, for the superuser's overview."""
    rule = Q(is_superuser=True) | Q(groups__name=CHIEF_EDITOR)
    if settings.DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF:
        app_label, codename = ACCESS_ADMIN
        access = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        rule |= Q(groups__permissions__in=access) | Q(user_permissions__in=access)
    return rule


def users_with_two_factor_status():
    """Active users who must or do use a second factor, annotated for the overview."""
    User = get_user_model()
    totp = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    static = StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    required_ids = User.objects.filter(required_users_filter()).values("pk")
    return (
        User.objects.filter(is_active=True)
        .annotate(
            has_authenticator=Exists(totp),
            has_recovery_codes=Exists(static),
            two_factor_required=ExpressionWrapper(
                Q(pk__in=required_ids), output_field=BooleanField()
            ),
        )
        .filter(Q(has_authenticator=True) | Q(has_recovery_codes=True) | Q(pk__in=required_ids))
        .order_by("username")
    )

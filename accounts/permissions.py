"""Who may see and lift login locks: superusers, and groups given `accounts.unlock_login`."""

UNLOCK_PERMISSION = "accounts.unlock_login"


def can_unlock(user):
    return user.is_active and user.has_perm(UNLOCK_PERMISSION)

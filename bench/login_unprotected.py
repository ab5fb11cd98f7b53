"""Production settings with the login protections switched off, for bench/login.py only.

The comparison run: what four password-guessing loops cost the readers when every guess
is hashed, as the security review measured before the lock-out and the rate limit.
"""

from site_project.settings.production import *  # noqa: F403

AXES_ENABLED = False
DAYUAN_LOGIN_RATE_LIMIT = (60, 10**9)

"""AXES_HANDLER: axes' database handler, plus the address rule and the log entries."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.signals import user_locked_out

from . import audit, lockouts
from .models import LoginAttempt


class LockoutHandler(AxesDatabaseHandler):
    """axes locks the username+address pair (AXES_LOCKOUT_PARAMETERS, AXES_FAILURE_LIMIT);
    this adds the address-only rule over the same rows, and logs what happened.

    With AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off, a login refused because of a
    lock is neither counted nor logged: the lock was logged once when it began, and a
    flood of refused guesses writes nothing.
    """

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self._address_locked(request)

    def _address_locked(self, request):
        failures = lockouts.address_failures(request.axes_ip_address, request.axes_attempt_time)
        return failures >= lockouts.address_failure_limit()

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # Set by the backend (accounts.backends) when it refused the login unhashed.
        refused = request is not None and request.axes_locked_out
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or refused or self.is_whitelisted(request, credentials):
            return

        username = get_client_username(request, credentials)
        attempt = LoginAttempt.objects.filter(
            username=username,
            ip_address=request.axes_ip_address,
            user_agent=request.axes_user_agent,
        ).first()
        if attempt is None:
            return
        audit.log_failure(attempt, request.axes_failures_since_start)
        if request.axes_locked_out:
            audit.log_lock(attempt, lockouts.ACCOUNT, request.axes_failures_since_start)
        elif self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )
            audit.log_lock(
                attempt,
                lockouts.ADDRESS,
                lockouts.address_failures(request.axes_ip_address, request.axes_attempt_time),
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        audit.log_login(user, request.axes_ip_address)

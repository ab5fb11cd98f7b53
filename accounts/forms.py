"""WAGTAILADMIN_USER_PASSWORD_RESET_FORM: Wagtail's reset form, answered before any lookup."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.crypto import salted_hmac

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from throttle.limits import take

from . import mail


class PasswordResetForm(WagtailPasswordResetForm):
    """Sends the reset mail from accounts.mail's background thread.

    The view answers "sent" for every valid address, as Django does; here it also
    answers in the same time, because the account lookup, the token and the SMTP
    conversation happen after the response. One address gets at most
    DAYUAN_PASSWORD_RESET_MAIL_LIMIT mails per window, whoever asks (the form itself is
    limited per asking address by accounts.middleware).
    """

    def save(self, *, request=None, domain_override=None, extra_email_context=None, **kwargs):
        # What the mail needs from the request, taken now: the thread has no request.
        if not domain_override:
            site = get_current_site(request)
            domain_override = site.domain
            extra_email_context = {"site_name": site.name, **(extra_email_context or {})}
        mail.send_later(
            self._send,
            {
                **kwargs,
                "domain_override": domain_override,
                "extra_email_context": extra_email_context,
            },
        )

    def _send(self, options):
        email = self.cleaned_data["email"].strip().lower()
        window, limit = settings.DAYUAN_PASSWORD_RESET_MAIL_LIMIT
        mailbox = salted_hmac("dayuan.accounts.reset-mail", email, algorithm="sha256").hexdigest()
        if take("password-reset-mail", mailbox, limit, window):
            return
        super().save(**options)

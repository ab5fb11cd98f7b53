import pytest


@pytest.fixture(autouse=True)
def _mail_sent_before_the_next_test():
    """Reset mails go out from a background thread: none may outlive its test."""
    from accounts.mail import wait_until_sent

    yield
    wait_until_sent()

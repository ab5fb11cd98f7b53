"""Wagtail search backends that understand Chinese; see `search.backends.database`."""

class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Chinese."""


class ArchiveDamaged(BackupError):
    """The archive is not whole: unreadable, truncated, or a member differs from the manifest."""

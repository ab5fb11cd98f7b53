"""Archive names in the backup folder, and keeping only the newest N of them.

Names carry the UTC time they were made (`dayuan-20260301T031500Z.tar.gz`, then `-2`, `-3`
within the same second), so sorting by name is sorting by age whatever the time zone or
the files' modification times. Nothing else in the folder is ever deleted.
"""

import re
from pathlib import Path

ARCHIVE_NAME = re.compile(r"^dayuan-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")


def _age_key(path):
    match = ARCHIVE_NAME.match(path.name)
    return match[1], int(match[2] or 1)


def archives(directory):
    """The archives in `directory`, oldest first."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    found = [path for path in directory.iterdir() if ARCHIVE_NAME.match(path.name)]
    return sorted((path for path in found if path.is_file()), key=_age_key)


def new_archive_path(directory, moment):
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    path = Path(directory, f"dayuan-{stamp}.tar.gz")
    number = 1
    while path.exists():
        number += 1
        path = Path(directory, f"dayuan-{stamp}-{number}.tar.gz")
    return path


def prune(directory, keep):
    """Delete all but the newest `keep` archives; returns the deleted paths."""
    old = archives(directory)[:-keep]
    for path in old:
        path.unlink()
    return old

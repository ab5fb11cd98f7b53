"""The media folder (MEDIA_ROOT) as a list of files, and the SHA-256 of a file."""

import hashlib
import os
from pathlib import Path

CHUNK_SIZE = 1024 * 1024


def media_files(root):
    """Relative POSIX paths of the regular files under `root`, sorted; symbolic links are left out.

    Wagtail writes uploads and renditions as plain files; a link could point anywhere on
    the machine, so it is never followed into an archive.
    """
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return found


def holds_files(root):
    """Whether any file (of any kind) lies under `root`; empty folders do not count."""
    root = Path(root)
    if not root.is_dir():
        return False
    return any(filenames for _, _, filenames in os.walk(root))


def file_digest(path):
    """(SHA-256 hex digest, size in bytes) of the file at `path`."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size

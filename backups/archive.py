"""One backup archive: a gzip-compressed tar holding the database dump, the media files and
manifest.json.

Members, in order: the database dump (`database.sqlite3` or `database.pgdump`) first, so
a restore reaches it without reading through the media; then `media/<path>` for every
file under MEDIA_ROOT; then `manifest.json` last, because it carries the SHA-256 of every
other member, computed from the very bytes written into the archive (a file that changes
while it is being read cannot leave a checksum that matches nothing).

Reading never trusts member names: only the names the manifest lists are accepted, each a
plain relative path, and files are written by this module, never by `tarfile.extract`.
"""

import gzip
import hashlib
import json
import os
import tarfile
import time
import zlib
from pathlib import Path, PurePosixPath

from .errors import ArchiveDamaged, BackupError
from .media import CHUNK_SIZE

FORMAT = "dayuan-backup/1"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
# A manifest lists every media file; a million files is well under this.
MANIFEST_MAX_BYTES = 512 * 1024 * 1024
# Media files are mostly JPEG/PNG/PDF, already compressed: level 6 is gzip's own default
# and much faster than tarfile's 9 for the same size.
COMPRESS_LEVEL = 6

# What reading a damaged archive raises: gzip and tar errors, a truncated stream (and, while
# only reading, any OSError).
_DECODE_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)
_READ_ERRORS = (*_DECODE_ERRORS, OSError)


class _HashingReader:
    """Reads a file and hashes exactly what was read."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    """Writes an archive to `path`, readable by its owner only (it holds password hashes)."""

    def __init__(self, path):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.file = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(  # noqa: SIM115 - closed by close() or abort()
            fileobj=self.file, mode="w:gz", compresslevel=COMPRESS_LEVEL, format=tarfile.PAX_FORMAT
        )
        self.members = {}

    def add_file(self, source, name):
        """Add the file at `source` as `name`; returns {"sha256", "size"} of the bytes stored."""
        with open(source, "rb") as stream:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(stream.fileno()).st_size
            info.mtime = int(os.fstat(stream.fileno()).st_mtime)
            info.mode = 0o644
            reader = _HashingReader(stream)
            try:
                self.tar.addfile(info, reader)
            except OSError as error:
                # tarfile reads exactly `size` bytes; a file cut short meanwhile raises here.
                raise BackupError(
                    f"读取 {source} 时出错(文件在备份过程中被改动?):{error}"
                ) from error
        entry = {"sha256": reader.digest.hexdigest(), "size": info.size}
        self.members[name] = entry
        return entry

    def add_manifest(self, manifest):
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o600
        self.tar.addfile(info, _BytesReader(data))

    def close(self):
        self.tar.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()

    def abort(self):
        try:
            self.tar.close()
        finally:
            self.file.close()


class _BytesReader:
    def __init__(self, data):
        self.data = memoryview(data)
        self.position = 0

    def read(self, size=-1):
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = bytes(self.data[self.position : end])
        self.position += len(chunk)
        return chunk


def expected_members(manifest):
    """Every member name the manifest vouches for, with its {"sha256", "size"}."""
    database = manifest["database"]
    members = {database["file"]: {"sha256": database["sha256"], "size": database["size"]}}
    for name, entry in manifest["media"]["files"].items():
        members[MEDIA_PREFIX + name] = entry
    return members


def _safe_member_name(name):
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _open(path):
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    try:
        return tarfile.open(path, mode="r:gz")
    except _READ_ERRORS as error:
        raise ArchiveDamaged(f"{path} 不是可读的备份文件(gzip 压缩的 tar):{error}") from error


def verify_archive(path):
    """Read the whole archive once and check every member against the manifest.

    Returns the manifest. Raises ArchiveDamaged, naming each member that is missing,
    unexpected or whose SHA-256 or size differs, before anything is written anywhere.
    """
    seen = {}
    manifest_data = None
    tar = _open(path)
    try:
        with tar:
            for member in tar:
                if not member.isfile() or not _safe_member_name(member.name):
                    raise ArchiveDamaged(f"备份文件含有不该有的条目:{member.name!r}")
                if member.name in seen or (member.name == MANIFEST_NAME and manifest_data):
                    raise ArchiveDamaged(f"备份文件中 {member.name} 出现了不止一次")
                stream = tar.extractfile(member)
                if member.name == MANIFEST_NAME:
                    if member.size > MANIFEST_MAX_BYTES:
                        raise ArchiveDamaged("manifest.json 大得不合理,备份文件不可信")
                    manifest_data = stream.read()
                    continue
                digest = hashlib.sha256()
                size = 0
                while chunk := stream.read(CHUNK_SIZE):
                    digest.update(chunk)
                    size += len(chunk)
                seen[member.name] = {"sha256": digest.hexdigest(), "size": size}
    except _READ_ERRORS as error:
        raise ArchiveDamaged(f"备份文件已损坏或不完整:{error}") from error

    if manifest_data is None:
        raise ArchiveDamaged("备份文件中没有 manifest.json(不完整,或不是大院网的备份)")
    manifest = parse_manifest(manifest_data)
    expected = expected_members(manifest)
    problems = []
    for name, entry in sorted(expected.items()):
        found = seen.get(name)
        if found is None:
            problems.append(f"缺少 {name}")
        elif found != {"sha256": entry["sha256"], "size": entry["size"]}:
            problems.append(f"{name} 的 SHA-256 与清单不符")
    problems.extend(f"多出清单以外的文件 {name}" for name in sorted(set(seen) - set(expected)))
    if problems:
        raise ArchiveDamaged("备份文件已损坏:" + ";".join(_first(problems)))
    return manifest


def parse_manifest(data):
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveDamaged(f"manifest.json 无法解析:{error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveDamaged(f"不认识的备份格式(应为 {FORMAT})")
    for section, keys in _MANIFEST_KEYS.items():
        part = manifest.get(section)
        missing = [key for key in keys if not isinstance(part, dict) or key not in part]
        if missing:
            raise ArchiveDamaged(f"manifest.json 缺少 {section}.{missing[0]}")
    database_file = manifest["database"]["file"]
    if not _safe_member_name(database_file) or database_file.startswith(MEDIA_PREFIX):
        raise ArchiveDamaged(f"清单中的数据库文件名不合法:{database_file!r}")
    for name, entry in manifest["media"]["files"].items():
        if (
            not _safe_member_name(name)
            or not isinstance(entry, dict)
            or not entry.keys() >= _ENTRY_KEYS
        ):
            raise ArchiveDamaged(f"清单中的媒体文件条目不合法:{name!r}")
    return manifest


_MANIFEST_KEYS = {
    "database": ("engine", "file", "sha256", "size", "tables", "migrations"),
    "media": ("included", "files"),
}
_ENTRY_KEYS = {"sha256", "size"}


def extract_member(path, name, destination):
    """Write member `name` of the (already verified) archive to the file `destination`."""
    try:
        with _open(path) as tar:
            for member in tar:
                if member.name == name:
                    _write_member(tar, member, destination)
                    return
    except _DECODE_ERRORS as error:
        raise ArchiveDamaged(f"读取备份文件时出错:{error}") from error
    raise ArchiveDamaged(f"备份文件中没有 {name}")


def extract_media(path, media_root, files):
    """Write every media member the manifest lists (`files`) under `media_root`."""
    media_root = Path(media_root)
    written = 0
    try:
        with _open(path) as tar:
            for member in tar:
                if not member.name.startswith(MEDIA_PREFIX):
                    continue
                relative = member.name.removeprefix(MEDIA_PREFIX)
                if relative not in files:
                    raise ArchiveDamaged(f"多出清单以外的文件 {member.name}")
                destination = media_root.joinpath(*PurePosixPath(relative).parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                _write_member(tar, member, destination)
                written += 1
    except _DECODE_ERRORS as error:
        raise ArchiveDamaged(f"读取备份文件时出错:{error}") from error
    return written


def _write_member(tar, member, destination):
    stream = tar.extractfile(member)
    with open(destination, "xb") as target:
        while chunk := stream.read(CHUNK_SIZE):
            target.write(chunk)


def _first(problems, limit=20):
    if len(problems) <= limit:
        return problems
    return [*problems[:limit], f"……另有 {len(problems) - limit} 处"]

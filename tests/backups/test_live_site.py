"""A backup taken while the site keeps writing is one consistent snapshot: its manifest counts
exactly the rows its dump holds, so the restore's verification passes."""

import threading
import time

import pytest

from tests.backups.conftest import backup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


INSERT_TAG = {
    "sqlite": "INSERT INTO taggit_tag (name, slug) VALUES (?, ?)",
    "postgresql": "INSERT INTO taggit_tag (name, slug) VALUES (%s, %s)",
}


def keep_writing(target, stop, written):
    """Insert tags into the target one transaction at a time until told to stop."""
    writer = target.connect()
    try:
        while not stop.is_set():
            number = len(written)
            writer.execute(INSERT_TAG[target.vendor], (f"写入中{number}", f"writing-{number}"))
            written.append(number)
    finally:
        writer.close()


def test_backup_of_a_site_being_written_to_matches_its_own_manifest(
    site_with_content, restore_target, second_target, tmp_path
):
    first, _ = backup(tmp_path / "archives")
    assert restore_target.restore(first).returncode == 0
    stop, written = threading.Event(), []
    writer = threading.Thread(target=keep_writing, args=(restore_target, stop, written))
    writer.start()
    try:
        while len(written) < 50 and writer.is_alive():  # writing before the backup starts
            time.sleep(0.01)
        before = len(written)
        result = restore_target.manage("backup", "--output-dir", str(tmp_path / "live"))
        after = len(written)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert after > before  # rows were written while the backup ran
    live_archive = result.stdout.strip().splitlines()[-1]

    restored = second_target.restore(live_archive)

    assert restored.returncode == 0, restored.stderr
    assert "校验通过" in restored.stdout
    # The snapshot fell somewhere inside the backup's run.
    tags = second_target.query("SELECT COUNT(*) FROM taggit_tag")[0][0]
    assert before <= tags <= after

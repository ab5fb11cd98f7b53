"""Parsing pages in worker processes while the main process writes to the database.

Parsing HTML is about half the CPU of importing a saved page (bench/import_bench.py); on a
machine with two or more cores a worker parses the next pages while the main process
writes. Workers are started with "spawn", so they inherit no database connection, and the
functions they run import no Django model.
"""

import multiprocessing
import os

# Below this many inputs starting a worker costs more than it saves.
MIN_PARALLEL_INPUTS = 200


def default_jobs():
    return max(min((os.cpu_count() or 1) - 1, 4), 0)


def ordered_map(function, tasks, jobs):
    """`map(function, tasks)`, in order, with `jobs` worker processes when worth it."""
    if jobs <= 0 or len(tasks) < MIN_PARALLEL_INPUTS:
        yield from map(function, tasks)
        return
    pool = multiprocessing.get_context("spawn").Pool(jobs)
    try:
        yield from pool.imap(function, tasks, chunksize=16)
    finally:
        pool.terminate()
        pool.join()

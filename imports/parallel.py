"""Parsing pages in worker processes while the main process writes to the database.

Parsing HTML is about half the CPU of importing a saved page (bench/import_bench.py); on a
machine with two or more cores, workers parse the next pages while the main process
writes. Workers are started with "spawn", so they inherit no database connection, and the
functions they run import no Django model. Inputs are read in the main process and handed
out a few chunks ahead, so a large DedeCMS table is never held in memory at once.
"""

import itertools
import multiprocessing
import os
from collections import deque

# Below this many inputs starting a worker costs more than it saves.
MIN_PARALLEL_INPUTS = 200
CHUNK = 32
CHUNKS_AHEAD = 4


def default_jobs():
    return max(min((os.cpu_count() or 1) - 1, 4), 0)


def ordered_map(function, tasks, jobs, count=None):
    """`map(function, tasks)`, in order, with `jobs` worker processes when worth it."""
    count = len(tasks) if count is None else count
    if jobs <= 0 or count < MIN_PARALLEL_INPUTS:
        yield from map(function, tasks)
        return
    tasks = iter(tasks)
    pool = multiprocessing.get_context("spawn").Pool(jobs)
    try:
        running = deque()

        def hand_out():
            chunk = list(itertools.islice(tasks, CHUNK))
            if chunk:
                running.append(pool.map_async(function, chunk))

        for _ in range(jobs * CHUNKS_AHEAD):
            hand_out()
        while running:
            results = running.popleft().get()
            hand_out()
            yield from results
    finally:
        pool.terminate()
        pool.join()

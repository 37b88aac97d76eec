"""The render processes of an export can yield the CPU to the desktop app's window."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os

import pytest

from curator.export import renditions


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no nice values on this system")
def test_render_workers_start_at_the_nice_value_set():
    base = os.nice(0)
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(1, mp_context=ctx, initializer=renditions._init_worker,
                                initargs=(7,)) as pool:
        assert pool.submit(os.nice, 0).result(timeout=60) == min(19, base + 7)
    renditions.set_worker_nice(40)
    try:
        assert renditions._worker_nice == 19
    finally:
        renditions.set_worker_nice(0)

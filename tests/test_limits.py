"""Each OCR process runs under an address-space cap that the programs it starts inherit:
a page that needs more fails alone, and the pool goes on."""

from __future__ import annotations

import resource
import subprocess

import pytest

from ingest.executor import make_executor

CAP_MB = 512


def test_a_job_over_the_cap_fails_alone_and_children_inherit_it() -> None:
    cap = CAP_MB * 1024 * 1024
    with make_executor(2, memory_mb=CAP_MB) as pool:
        assert pool.submit(resource.getrlimit, resource.RLIMIT_AS).result() == (cap, cap)
        child = pool.submit(subprocess.check_output, ["sh", "-c", "ulimit -v"], text=True)
        assert int(child.result()) == CAP_MB * 1024  # what tesseract and pdftoppm get
        with pytest.raises(MemoryError):
            pool.submit(bytearray, 2 * cap).result()
        assert pool.submit(sum, [1, 2, 3]).result() == 6  # the pool is still there
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != cap  # this process is not capped

"""Warm the upload path before the first request: a scanner's first burst must not pay
for opening database connections, importing image plugins and compiling queries. Then
the objects made at start-up (about 160,000: modules, routes, mappers) are kept out of
the garbage collector's full passes, which took ~115 ms each over them, a pause for
every request in flight."""

from __future__ import annotations

import gc
import logging
import time
from contextlib import ExitStack

from PIL import Image
from sqlalchemy import text

from models.apikeys import KEY_PREFIX, check_key
from models.db import POOL_SIZE, Database

log = logging.getLogger(__name__)


def open_connections(db: Database, n: int = POOL_SIZE) -> None:
    """Open `n` connections together and hand them back: the pool keeps them."""
    with ExitStack() as stack:
        for _ in range(n):
            stack.enter_context(db.engine.connect()).execute(text("SELECT 1"))


def warm_up(db: Database) -> None:
    start = time.perf_counter()
    Image.preinit()  # the decoders of the common scan formats
    open_connections(db)
    with db.session() as s:  # the key lookup is compiled once and cached
        check_key(s, KEY_PREFIX + "0" * 43)
    gc.collect()
    gc.freeze()
    log.info("upload path warmed in %.0f ms", (time.perf_counter() - start) * 1000)

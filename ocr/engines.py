"""OCR engines behind one protocol, in a registry. Tests register their own engines
here (a crashing one, say) the same way an extension would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from core.settings import OcrSettings
from ocr.types import OcrPage


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: np.ndarray, *, page: int, dpi: int) -> OcrPage: ...


EngineFactory = Callable[[OcrSettings], OcrEngine]
ENGINES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    ENGINES[name] = factory


def get_engine(name: str, settings: OcrSettings) -> OcrEngine:
    try:
        factory = ENGINES[name]
    except KeyError:
        raise KeyError(f"no OCR engine named {name!r}; known: {sorted(ENGINES)}") from None
    return factory(settings)

"""A cache of OCR results by file content and OCR settings, for evaluation runs that
change only extraction (`yomitori eval --cache DIR`). Never used by the service."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from core.settings import Settings
from ingest.store import sha256_file
from ocr.types import OcrDocument, page_from_dict, page_to_dict


class OcrCache:
    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.salt = hashlib.sha256(settings.ocr.model_dump_json().encode()).hexdigest()[:12]

    def _path(self, file: Path) -> Path:
        return self.root / f"{sha256_file(file)[:32]}-{self.salt}.json"

    def get(self, file: Path) -> OcrDocument | None:
        try:
            path = self._path(file)
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return OcrDocument(tuple(page_from_dict(p) for p in data["pages"]))

    def put(self, file: Path, doc: OcrDocument) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"pages": [page_to_dict(p) for p in doc.pages]}
        self._path(file).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

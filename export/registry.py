"""Exporters by format name. Built-in formats register the same way an extension
would: `register(MyExporter())`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from export.errors import ExportCode, ExportInputError
from export.journal import JOURNAL_TYPES, ExportContext
from export.types import DocumentRecord, Row
from export.writer import FileSpec


class Exporter(Protocol):
    name: str
    description: str
    doc_types: frozenset[str] | None  # documents it can take; None = any
    spec: FileSpec

    def rows(self, records: list[DocumentRecord], ctx: ExportContext) -> Iterator[Row]:
        """Rows for the documents; a document it cannot take is reported through
        ctx.warn with a skipping code and left out."""
        ...


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def _builtins() -> None:
    import export.formats  # noqa: F401  (registers the built-in formats)


def names() -> list[str]:
    _builtins()
    return list(EXPORTERS)


def get_exporter(name: str) -> Exporter:
    _builtins()
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportInputError(ExportCode.UNKNOWN_FORMAT,
                               f"{name!r}; one of {sorted(EXPORTERS)}") from None


def pick_encoding(exporter: Exporter, encoding: str | None) -> str:
    if encoding is None:
        return exporter.spec.encodings[0]
    if encoding not in exporter.spec.encodings:
        raise ExportInputError(ExportCode.BAD_ENCODING,
                               f"{encoding!r}; {exporter.name} offers "
                               f"{list(exporter.spec.encodings)}")
    return encoding


__all__ = ["EXPORTERS", "JOURNAL_TYPES", "Exporter", "get_exporter", "names",
           "pick_encoding", "register"]

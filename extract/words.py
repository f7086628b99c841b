"""Japanese words with their part of speech, by Sudachi (the morphological analyser and
dictionary that GiNZA, spaCy's Japanese pipeline, is built on): 仙台 is a place name, 文具
a common noun, 店 a suffix. Extraction asks only for words; GiNZA's named entities were
measured for the vendor and did not pay (bench/extract/GINZA.md), so its 430 MB model
is not loaded for them.

Readers register by name, as OCR engines do. The dictionary loads once per process, on
first use, in the process that extracts: importing this module loads nothing, and the
OCR workers never import it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from core.errors import ErrorCode, YomitoriError

T = TypeVar("T")


class WordsUnavailable(YomitoriError):
    """The dictionary a reader needs could not be loaded."""

    def __init__(self, reader: str, detail: str) -> None:
        super().__init__(ErrorCode.BAD_CONFIG, f"words reader {reader!r}: {detail}")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    tag: str  # the part of speech: 名詞-固有名詞-地名-一般, 接尾辞-名詞的-一般, ...

    @property
    def proper(self) -> bool:
        """A proper noun: a place, a person's or a shop's own name."""
        return "固有名詞" in self.tag

    @property
    def place(self) -> bool:
        return "固有名詞-地名" in self.tag

    @property
    def noun(self) -> bool:
        return self.tag.startswith("名詞")


class Reader(Protocol):
    def words(self, text: str) -> tuple[Token, ...]: ...


CACHED_LINES = 4096  # lines remembered per reader (vendor lines repeat across a batch)


_dictionaries: dict[str, Any] = {}
_dictionary_lock = threading.Lock()


def sudachi_tokenizer(dictionary: str = "core") -> Any:
    """A Sudachi tokenizer in mode C over the process's one copy of `dictionary`, loaded
    on first use (every user of Sudachi here shares it and keeps its own tokenizer)."""
    try:
        from sudachipy import Dictionary, SplitMode  # here: only where extraction runs
        from sudachipy.errors import SudachiError
    except ImportError as exc:
        raise WordsUnavailable("sudachi", str(exc)) from exc
    try:
        with _dictionary_lock:
            if dictionary not in _dictionaries:
                _dictionaries[dictionary] = Dictionary(dict=dictionary)
            return _dictionaries[dictionary].create(SplitMode.C)
    except (SudachiError, OSError) as exc:
        raise WordsUnavailable(f"sudachi:{dictionary}", str(exc)) from exc


class SudachiReader:
    """Sudachi with its core dictionary, in mode C (the longest units: 一番町, 大井町駅)."""

    def __init__(self, dictionary: str = "core") -> None:
        self._tokenizer: Any = sudachi_tokenizer(dictionary)
        self._lock = threading.Lock()  # a Sudachi tokenizer is not thread-safe
        self._cached = lru_cache(maxsize=CACHED_LINES)(self._words)

    def words(self, text: str) -> tuple[Token, ...]:
        return self._cached(text)

    def _words(self, text: str) -> tuple[Token, ...]:
        with self._lock:
            morphemes = [(m.surface(), m.begin(), m.end(), m.part_of_speech())
                         for m in self._tokenizer.tokenize(text)]
        return tuple(Token(surface, begin, end, "-".join(p for p in pos if p != "*"))
                     for surface, begin, end, pos in morphemes if pos[0] != "空白")


READERS: dict[str, Callable[[], Reader]] = {"sudachi": SudachiReader}
DEFAULT_READER = "sudachi"
_readers: dict[str, Reader] = {}
_lock = threading.Lock()


def once(made: Mapping[str, Callable[[], T]], loaded: dict[str, T], name: str) -> T:
    """The process's one `made[name]`, made on the first call and shared by every later
    one (the readers here, extract.stutter's costers)."""
    with _lock:
        if name not in loaded:
            if name not in made:
                raise WordsUnavailable(name, f"unknown; known: {sorted(made)}")
            loaded[name] = made[name]()
        return loaded[name]


def reader(name: str = DEFAULT_READER) -> Reader:
    """The process's reader of that name, loaded on the first call (Sudachi: ~0.1 s,
    ~80 MB, its dictionary mapped from disk)."""
    return once(READERS, _readers, name)

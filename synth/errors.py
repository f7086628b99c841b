"""The generator's own failures."""

from __future__ import annotations

from pathlib import Path


class SynthError(Exception):
    """Base of every error the generator raises."""


class FontMissing(SynthError):
    def __init__(self, face: str, tried: tuple[Path, ...]) -> None:
        self.face = face
        self.tried = tried
        super().__init__(f"no font file for {face!r}; tried {', '.join(map(str, tried))} "
                         "(install fonts-ipafont-gothic fonts-ipafont-mincho fonts-dejavu-core)")


class UnknownKind(SynthError):
    def __init__(self, kind: str, known: list[str]) -> None:
        self.kind = kind
        super().__init__(f"unknown document kind {kind!r}; known: {', '.join(known)}")


class LayoutOverflow(SynthError):
    def __init__(self, y: float, height: float) -> None:
        self.y = y
        self.height = height
        super().__init__(f"content runs to {y:.1f} mm on a {height:.1f} mm page")

"""Where a shop's name ends and its branch begins on one line: "ふじみ文具 仙台一番町店" is
ふじみ文具 of the 仙台一番町 branch. The space printed between them is the first sign, but
OCR drops spaces and adds others ("ふじ み文具仙台一番町店"); the words then decide: a
branch is a place name (a proper noun, 仙台一番町, 梅田駅前) before 店 / 支店 / 営業所."""

from __future__ import annotations

from extract.words import Reader, Token

# Branch words that follow the branch's place; 本店 and 本社 stand alone.
AFTER_PLACE = frozenset({"店", "支店", "営業所", "出張所", "事業所", "工場"})


def place_start(tokens: tuple[Token, ...]) -> int | None:
    """The offset of the branch's place name in the run of nouns that ends at a branch
    word closing the line (never its first word): its first place name (大阪 in 白石設計
    大阪支店), else its first proper noun (梅田, which is also a family name)."""
    if len(tokens) < 3 or tokens[-1].text not in AFTER_PLACE:
        return None
    first = len(tokens) - 1
    while first > 1 and tokens[first - 1].noun:
        first -= 1
    run = tokens[first:-1]
    start = next((t for t in run if t.place), None) or next((t for t in run if t.proper), None)
    return start.start if start else None


def split_branch(text: str, spaced: tuple[int, int] | None,
                 reader: Reader) -> tuple[str, str] | None:
    """(name, branch) of a Japanese line that ends with a branch, or None. `spaced` is
    where a space splits it (the end of the name, the start of the branch): that split
    stands when the branch after it begins with a proper noun, or needs no place (本店);
    otherwise the place name inside it decides."""
    tokens = reader.words(text)
    if spaced is not None:
        after = next((t for t in tokens if t.start >= spaced[1]), None)
        if after is not None and (after.proper or tokens[-1].text not in AFTER_PLACE):
            return _parts(text, *spaced)
    start = place_start(tokens)
    if start is None or (spaced is not None and start < spaced[1]):
        return _parts(text, *spaced) if spaced else None
    return _parts(text, start, start)


def _parts(text: str, cut: int, resume: int) -> tuple[str, str] | None:
    name, branch = text[:cut].strip(), text[resume:].replace(" ", "")
    return (name, branch) if name and branch else None

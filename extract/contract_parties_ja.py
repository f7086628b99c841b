"""Contract parties in Japanese: the 以下「甲」という definitions
(株式会社A（以下「甲」という）) and, when those name fewer, the 甲/乙 signature blocks."""

from __future__ import annotations

import re

from extract.contract_flow import Flow, flow_of
from extract.labels import COMPANY_FORM
from extract.schema import Extraction
from extract.view import DocView

ROLE_ORDER = "甲乙丙丁戊"
JA_DEFINITION = re.compile(
    r"(?P<name>[^、。，,（）()「」『』\s]{2,60}?)\s*[（(]\s*以下[、，,]?\s*[「『\"“]?"
    r"(?P<role>[^」』\"”）)]{1,8})[」』\"”]?\s*(?:と(?:いう|称する)|という)?[。．]?\s*[）)]")
TITLE_HEAD = re.compile(r"^.*?(?:契約書|覚書|合意書|協定書|約款)")
# A signature line starts with its role mark; 「甲及び乙は」「甲は」 start sentences.
JA_SIGN_LINE = re.compile(r"^\s*(?P<role>[甲乙丙丁])(?![甲乙丙丁及はがのとにも並、，,])\s*[:：]?"
                          r"\s*(?P<rest>.*)$")


def _ja_name(raw: str) -> str:
    name = TITLE_HEAD.sub("", raw)
    return re.sub(r"^(?:と|及び|および|並びに|ならびに)", "", name).strip()


def _role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def defined_parties(flow: Flow) -> list[tuple[str, str, int, int]]:
    """(role, name, start, end) for each 「以下「甲」という」 definition, first use only."""
    seen: dict[str, tuple[str, str, int, int]] = {}
    for m in JA_DEFINITION.finditer(flow.text):
        role, name = m.group("role").strip(), _ja_name(m.group("name"))
        if role in {"本契約", "本件", "本業務", "本覚書", "本件業務"} or "契約" in role:
            continue
        if len(name) >= 2 and role not in seen:
            seen[role] = (role, name, m.start("name") + m.group("name").find(name), m.end())
    return sorted(seen.values(), key=lambda r: _role_rank(r[0]))


JA_NAME_LABEL = re.compile(r"(?:名称|商号|会社名|氏名)\s*[:：]?\s*(?P<name>.+?)\s*"
                           r"(?:代表|印|㊞|$)")
# Where a name that starts with its company form (株式会社A) ends: at a space, at the
# representative's title or seal, or at the address label.
JA_NAME_END = re.compile(r"\s|代表|取締役|社長|理事|組合長|印(?!刷)|㊞|殿|御中|住所|所在地|"
                         r"[（(「:：、]|$")
# What comes before a name that ends with its company form (A株式会社): the address
# (ending in a figure, 号, 番地, 階 or 丁目), a label, a role mark, or a space. Latin
# names (Acme Inc.) take spaces and stop at the Japanese text before them instead.
JA_BEFORE_NAME = re.compile(r".*(?:\s|[0-9０-９]|[-－‐−]|番地|号|階|丁目|住所|所在地|名称|"
                            r"[:：、，,]|^[甲乙丙丁](?![甲乙丙丁]))")
LATIN_BEFORE_NAME = re.compile(r".*(?:[0-9:：、]|[^\x00-\x7f])")
SIGN_BLOCK_LINES = 4


def _ja_signed_name(text: str) -> str | None:
    """The party a signature-block line names: after 名称, or the company around its
    form (株式会社A, A有限会社) between the address and the representative's title.
    OCR leaves no spaces between these parts of a printed line."""
    label = JA_NAME_LABEL.search(text)
    if label:
        return re.sub(r"\s+", "", label.group("name"))
    form = COMPANY_FORM.search(text)
    if form is None:
        return None
    stop = JA_NAME_END.search(text, form.end())
    if stop.start() > form.end():  # 株式会社A: the name runs on after the form
        return text[form.start():stop.start()]
    before = text[:form.start()]
    head = (LATIN_BEFORE_NAME if form.group(0).isascii() else JA_BEFORE_NAME).match(before)
    return (before[head.end() if head else 0:] + form.group(0)).strip()


def signed_parties(view: DocView) -> list[tuple[str, str, int]]:
    """(role, name, line index) for each signature block: a line that starts with 甲/乙
    or carries 住所, and the name on it or on the lines just below."""
    found: list[tuple[str, str, int]] = []
    lines = view.lines
    for line in lines:
        m = JA_SIGN_LINE.match(line.text)
        if not (m or "住所" in line.text):
            continue
        role = m.group("role") if m else ""
        for target in lines[line.index:line.index + SIGN_BLOCK_LINES]:
            text = m.group("rest") if target is line and m else target.text
            name = _ja_signed_name(text.replace("住所", " 住所 "))
            if name and len(name) >= 3:
                if all(name != f[1] for f in found):
                    found.append((role, name, target.index))
                break
    return found


def extract_parties_ja(view: DocView, result: Extraction) -> None:
    """The 以下「甲」という definitions; the signature blocks when those name fewer
    parties (a definition OCR could not read)."""
    flow = flow_of(view)
    defined = defined_parties(flow)
    signed = signed_parties(view)
    if defined and len(defined) >= len(signed):
        ev = flow.evidence(defined[0][2], defined[-1][3], "clause:以下「甲」という")
        result.set("parties", [name for _, name, _, _ in defined], ev)
    elif signed:
        line = view.lines[signed[0][2]]
        result.set("parties", [name for _, name, _ in signed], line.whole("layout:甲乙署名"))

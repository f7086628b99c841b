"""The OCR benchmark's model folders (bench/ocr/models.py): folders of links to the
models under test, remade cleanly over what an earlier run left."""

from __future__ import annotations

from pathlib import Path

from bench.ocr.models import link_folder


def model(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.traineddata"
    path.write_bytes(name.encode())
    return path


def test_a_model_folder_links_each_model(tmp_path: Path) -> None:
    jpn, vert = model(tmp_path / "pypi", "jpn"), model(tmp_path / "debian", "jpn_vert")
    folder = link_folder(tmp_path / "mix", {"jpn": jpn, "jpn_vert": vert})
    assert (folder / "jpn.traineddata").read_bytes() == b"jpn"
    assert (folder / "jpn_vert.traineddata").read_bytes() == b"jpn_vert"


def test_links_left_by_an_earlier_run_are_replaced(tmp_path: Path) -> None:
    """Regression: a link left pointing at another model, or at a file since removed,
    was kept (or, dangling, made the run fail with FileExistsError)."""
    old, new = model(tmp_path / "old", "jpn"), model(tmp_path / "new", "jpn")
    gone = model(tmp_path / "gone", "eng")
    folder = link_folder(tmp_path / "mix", {"jpn": old, "eng": gone})
    gone.unlink()
    eng = model(tmp_path / "debian", "eng")
    link_folder(folder, {"jpn": new, "eng": eng})
    assert (folder / "jpn.traineddata").readlink() == new
    assert (folder / "eng.traineddata").readlink() == eng

"""Which landing files to load: the selected file kinds' files, in load order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from orchestration.contract import FILE_KINDS, KINDS_BY_TABLE, FileKind, kind_of


def select_kinds(tables: Iterable[str] | None) -> list[FileKind]:
    if tables is None:
        return list(FILE_KINDS)
    tables = list(tables)
    unknown = sorted(set(tables) - set(KINDS_BY_TABLE))
    if unknown:
        raise ValueError(f"unknown raw tables {unknown}; known: {sorted(KINDS_BY_TABLE)}")
    return [kind for kind in FILE_KINDS if kind.table in set(tables)]


def discover(
    landing_dir: Path, kinds: Iterable[FileKind]
) -> tuple[list[tuple[Path, FileKind]], list[str]]:
    """Landing files of the given kinds in load order, and other files found in their folders.

    A missing landing folder or source folder simply has no files.
    """
    kinds = list(kinds)
    found: list[tuple[Path, FileKind]] = []
    unrecognized: list[str] = []
    for folder in sorted({kind.folder for kind in kinds}):
        directory = landing_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            kind = kind_of(path, landing_dir)
            if kind is None:
                unrecognized.append(path.relative_to(landing_dir).as_posix())
            elif kind in kinds:
                found.append((path, kind))
    return found, unrecognized

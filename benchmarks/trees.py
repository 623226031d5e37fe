"""Find the trees to sweep: a directory the user names, or a package's sdist from PyPI.

Package trees are unpacked once into the work directory and reused. An sdist is used rather
than a wheel because it is closest to a checkout: tests, fixtures and data included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PACKAGES = ("moto", "botocore", "localstack-core")


@dataclass(frozen=True)
class Tree:
    label: str
    path: Path
    files: int
    bytes: int


def locate(spec: str, work: Path) -> Tree:
    """`spec` is an existing directory, or a requirement such as `moto` or `moto==5.2.5`."""
    directory = Path(spec)
    if directory.is_dir():
        path = directory.resolve()
        return _counted(path.name, path)
    path = _unpacked(spec, work)
    return _counted(path.name, path)


def _unpacked(requirement: str, work: Path) -> Path:
    name = re.split(r"[<>=!~ ]", requirement, maxsplit=1)[0]
    stem = re.sub(r"[-_.]+", "_", name).lower()
    trees = work / "trees"
    pinned = requirement != name
    existing = sorted(trees.glob(f"{stem}-*")) if trees.is_dir() else []
    if existing and not pinned:
        return existing[-1]
    archive = _download(requirement, work / "dist")
    trees.mkdir(parents=True, exist_ok=True)
    return _extract(archive, trees)


def _download(requirement: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    before = set(into.iterdir())
    print(f"downloading the sdist of {requirement} from PyPI ...", file=sys.stderr)
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*pip, "--no-binary", ":all:", "--dest", str(into), requirement], check=True)
    new = set(into.iterdir()) - before
    if not new:
        # Already downloaded earlier: pip leaves the file in place and says nothing.
        name = re.sub(r"[-_.]+", "_", re.split(r"[<>=!~ ]", requirement)[0]).lower()
        new = {p for p in into.iterdir() if p.name.lower().replace("-", "_").startswith(name)}
    return max(new, key=lambda p: p.stat().st_mtime)


def _extract(archive: Path, trees: Path) -> Path:
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            top = bundle.namelist()[0].split("/", 1)[0]
            bundle.extractall(trees)
    else:
        with tarfile.open(archive) as bundle:
            top = bundle.getnames()[0].split("/", 1)[0]
            bundle.extractall(trees, filter="data")
    return trees / top


def _counted(label: str, path: Path) -> Tree:
    files = size = 0
    for directory, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            full = Path(directory, name)
            if full.is_file() and not full.is_symlink():
                files += 1
                size += full.stat().st_size
    return Tree(label, path, files, size)

"""Which files a sweep reads, and why any file is left out.

Inside a git work tree the sweep follows git's own view (tracked files plus untracked ones
that are not ignored), so it sees what a commit would contain. Elsewhere it walks the
directory and honours every .gitignore on the way. Neither route ever enters .git/. A path
named on the command line is read even when it is ignored: the user asked for it (a `.env`
file is usually ignored, and "0 files" would read as "no keys").
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import UsageError
from scanner.wording import counted

if TYPE_CHECKING:
    # Imported where a pattern needs matching: a pre-commit hook with no exclude patterns
    # and no .gitignore to read should not pay 12 ms for it.
    import pathspec

# Third-party trees a user did not write; their documented example keys and test
# fixtures would bury real findings. `--no-default-excludes` turns this off.
DEFAULT_EXCLUDES = (
    ".git/",
    "node_modules/",
    "site-packages/",
    "dist-packages/",
    "__pycache__/",
    ".tox/",
    ".nox/",
    ".venv/",
    ".mypy_cache/",
    ".ruff_cache/",
    ".pytest_cache/",
)
# Each default is a `name/` pattern: a directory of that name at any depth, which a test of
# the path's directory parts decides without loading pathspec (tests compare the two).
_DEFAULT_EXCLUDED_DIRECTORIES = frozenset(pattern.rstrip("/") for pattern in DEFAULT_EXCLUDES)


def in_default_excluded_directory(relative: str) -> bool:
    """Whether DEFAULT_EXCLUDES leave out `relative` (a directory shown as `name/`)."""
    return not _DEFAULT_EXCLUDED_DIRECTORIES.isdisjoint(relative.split("/")[:-1])


_LS_FILES = ("ls-files", "-z", "--cached", "--others", "--exclude-standard")
# For every git command credsweep runs. A scanned directory's `.git` can name programs for
# git to run: a file-system monitor (`ls-files` ran it), hooks (a `diff` that refreshes the
# index runs `post-index-change`), a signature checker (`show` with `log.showSignature`).
# An empty fsmonitor means "off" to every git version.
GIT_SAFETY = (
    "-c",
    "core.fsmonitor=",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "log.showSignature=false",
)


@dataclass(frozen=True)
class FileEntry:
    """A candidate file: its path for reports and its path on disk."""

    path: str
    # A plain string: building a Path for each of thousands of files was a third of a walk.
    location: str
    # Bytes on disk when walked (0 when unknown): how parallel sweeps share out the work.
    size: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Skip:
    """A file the walker leaves out, with the reason the reports carry."""

    path: str
    reason: str
    message: str


# What find_root learnt about a root, so that the walk that follows need not ask git again
# (each `git rev-parse` costs a pre-commit hook several milliseconds).
_ROOTS_IN_GIT: dict[Path, bool] = {}


def find_root(paths: Sequence[Path]) -> Path:
    """The scan root: the git top level when inside a work tree, else the common directory."""
    resolved = [_located(path) for path in paths]
    for path in resolved:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or directory")
    directories = [path if path.is_dir() else path.parent for path in resolved]
    common = Path(os.path.commonpath([str(directory) for directory in directories]))
    top = git_toplevel(common)
    root = top if top is not None else common
    _ROOTS_IN_GIT[root] = top is not None
    return root


def project_root(root: Path, marker: Path | None) -> Path:
    """Outside git, the directory of a configuration file found above the common directory
    becomes the root: its exclude patterns and baseline name paths from there, so scanning a
    subdirectory must name them as a scan of the whole project does. Inside a work tree the
    git top level stays the root."""
    if _ROOTS_IN_GIT.get(root) or marker is None:
        return root
    directory = marker.resolve().parent
    if directory == root or not root.is_relative_to(directory):
        return root
    _ROOTS_IN_GIT[directory] = False
    return directory


def _located(path: Path) -> Path:
    """The absolute path with its directories resolved. A link to a file is kept as the
    link, so a link to outside the tree is reported as one, not scanned as its target."""
    resolved = _resolve(path)  # a link loop is a usage error, as for any path
    if path.is_symlink() and not path.is_dir():
        return _resolve(path.absolute().parent) / path.name
    return resolved


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        raise UsageError(f"{path}: cannot resolve the path (a symbolic link loop?)") from None


def git_toplevel(directory: Path) -> Path | None:
    try:
        completed = subprocess.run(
            ["git", "-C", str(directory), *GIT_SAFETY, "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if completed.returncode != 0 or not completed.stdout.strip():
        return None
    return Path(completed.stdout.strip()).resolve()


def walk(
    root: Path,
    paths: Sequence[Path],
    *,
    excludes: Sequence[str] = (),
    use_default_excludes: bool = True,
) -> Iterator[FileEntry | Skip]:
    """Every file under `paths`, relative to `root`, minus excluded ones."""
    user_exclude = _matcher(excludes)
    exclude = _matcher(excludes, with_defaults=use_default_excludes)
    # A file named on the command line (as pre-commit names staged files) was asked for:
    # the default third-party excludes do not apply to it, and the user's own say so.
    named = {named_path(root, path) for path in paths if not path.is_dir()}
    in_git = _ROOTS_IN_GIT.get(root)
    if in_git is None:
        in_git = git_toplevel(root) == root
    seen: set[str] = set()
    problems: list[_Problem] = []
    # One `git ls-files` for all targets: a pre-commit hook passes every staged file.
    sources = (
        [_git_sweep(root, paths, problems)]
        if in_git
        else [_walk_files(root, t, problems) for t in paths]
    )
    for candidates in sources:
        for relative in candidates:
            yield from _reported(root, problems)
            # A link to a directory comes as `name/`, so that directory patterns exclude it.
            shown = relative.removesuffix("/")
            if shown in seen:
                continue
            if shown in named:
                if user_exclude(relative):
                    seen.add(shown)
                    yield Skip(shown, "excluded", "named, but matches an exclude pattern")
                    continue
            elif exclude(relative):
                continue
            seen.add(shown)
            yield _classify(root, shown)
        yield from _reported(root, problems)
    yield from _empty_directories(root, paths, seen)


def _empty_directories(root: Path, paths: Sequence[Path], seen: set[str]) -> Iterator[Skip]:
    """A directory named on the command line that gave no file at all is said to have: "0
    files" alone reads as "no keys" when every file in it was ignored or excluded."""
    for path in paths:
        if not path.is_dir():
            continue
        relative = named_path(root, path)
        if relative in (".", ""):
            continue
        prefix = relative + "/"
        if not any(shown.startswith(prefix) for shown in seen):
            message = (
                "named, but no file in it was read: each is ignored (.gitignore) or excluded"
                " (the default third-party excludes among them), or it holds none"
            )
            yield Skip(prefix, "nothing-to-scan", message)


def _matcher(patterns: Sequence[str], *, with_defaults: bool = False) -> Callable[[str], bool]:
    """Whether a relative path matches `patterns` (then DEFAULT_EXCLUDES, when asked), as one
    gitignore file holding them in that order would say."""
    if not patterns:
        return in_default_excluded_directory if with_defaults else _nothing
    import pathspec

    lines = [*patterns, *(DEFAULT_EXCLUDES if with_defaults else ())]
    return pathspec.GitIgnoreSpec.from_lines(lines).match_file


def _nothing(relative: str) -> bool:
    return False


@dataclass(frozen=True)
class _UnsafePatterns:
    gitignore: Path
    count: int


# A directory the walk could not list, or a .gitignore with patterns left unused.
_Problem = OSError | _UnsafePatterns


def _reported(root: Path, problems: list[_Problem]) -> Iterator[Skip]:
    """What the walk left out is reported, never silently dropped."""
    for problem in problems:
        if isinstance(problem, _UnsafePatterns):
            message = (
                f"{counted(problem.count, 'pattern')} with more than {_MAX_WILDCARDS} wildcards not"
                " honoured (matching them can take exponential time); the files they would"
                " hide were scanned"
            )
            yield Skip(_shown(root, problem.gitignore), "unsafe-ignore-pattern", message)
            continue
        reason = problem.strerror or type(problem).__name__
        location = Path(os.fsdecode(problem.filename or root))
        message = f"cannot list this directory: {reason}"
        yield Skip(_shown(root, location) + "/", "unreadable", message)
    problems.clear()


def _shown(root: Path, location: Path) -> str:
    return _relative(root, location) if location.is_relative_to(root) else str(location)


def named_path(root: Path, path: Path) -> str:
    """A path named on the command line, relative to the root as reports show it."""
    absolute = path.absolute()
    parent = absolute.parent.resolve()
    try:
        return (parent / absolute.name).relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _git_files(root: Path, targets: Sequence[Path]) -> Iterator[str]:
    # `:(literal)`: a file named `*.py` is that file, not a glob over the repository.
    specs = [":(literal)" + os.path.relpath(_located(target), root) for target in targets]
    command = ["git", "-C", str(root), *GIT_SAFETY, *_LS_FILES, "--", *specs]
    completed = subprocess.run(
        command,
        capture_output=True,
        check=False,
        timeout=600,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git ls-files failed in {root}: {message}")
    for raw in completed.stdout.split(b"\0"):
        if raw:
            yield os.fsdecode(raw)


def _git_sweep(root: Path, targets: Sequence[Path], problems: list[_Problem]) -> Iterator[str]:
    """git's view of the targets, then those of them git ignores, read as named."""
    listed: set[str] = set()
    for relative in _git_files(root, targets):
        listed.add(relative)
        yield relative
    # A named file git did not list, or a named directory, may be ignored: only then is git
    # asked (a pre-commit hook's staged files are all listed, and cost no second command).
    # A directory is asked even when git listed files in it: those may be tracked ones.
    asked = {}
    for target in targets:
        relative = Path(os.path.relpath(_located(target), root)).as_posix()
        if relative != "." and (relative not in listed or target.is_dir()):
            # A directory is asked about as `name/`: a pattern such as `cfg/**` ignores the
            # directory only in that form.
            asked[relative + "/" if target.is_dir() else relative] = target
    for relative in _git_ignored(root, list(asked)):
        yield from _walk_files(root, asked[relative], problems)


def _git_ignored(root: Path, relatives: Sequence[str]) -> list[str]:
    """Those of `relatives` that git ignores (untracked, matched by an exclude rule)."""
    if not relatives:
        return []
    # Names on standard input, each after "./": check-ignore takes no `:(literal)`, and a
    # name starting with ":" would be read as pathspec magic.
    names = b"".join(os.fsencode(f"./{relative}") + b"\0" for relative in relatives)
    command = ["git", "-C", str(root), *GIT_SAFETY, "check-ignore", "-z", "--stdin"]
    completed = subprocess.run(command, input=names, capture_output=True, check=False, timeout=600)
    # 0: some are ignored, 1: none is; anything else is an error, and nothing more is read.
    if completed.returncode not in (0, 1):
        return []
    ignored = {os.fsdecode(raw).removeprefix("./") for raw in completed.stdout.split(b"\0")}
    return [relative for relative in relatives if relative in ignored]


def unignored(
    root: Path, entries: Sequence[FileEntry], *, excludes: Sequence[str], use_default_excludes: bool
) -> list[FileEntry]:
    """Those of `entries` (files of one directory) a sweep of that directory would read:
    not ignored by git or a .gitignore, not excluded."""
    if not entries:
        return []
    exclude = _matcher(excludes, with_defaults=use_default_excludes)
    kept = [entry for entry in entries if not exclude(entry.path)]
    if _ROOTS_IN_GIT.get(root):
        ignored = set(_git_ignored(root, [entry.path for entry in kept]))
        return [entry for entry in kept if entry.path not in ignored]
    directory = Path(root, kept[0].path).parent if kept else root
    ignores = _ancestor_ignores(root, directory, [])
    own = _read_gitignore(directory / ".gitignore", [])
    if own is not None:
        base = "" if directory == root else _relative(root, directory) + "/"
        ignores.append((base, own))
    return [entry for entry in kept if not _ignored(ignores, entry.path)]


def _walk_files(root: Path, target: Path, problems: list[_Problem]) -> Iterator[str]:
    target = _located(target)
    if not target.is_dir():
        yield _relative(root, target)
        return
    ignores = _lifted(_relative(root, target), _ancestor_ignores(root, target, problems))
    top = "" if target == root else _relative(root, target) + "/"
    for here in _walk_tree(target, top, problems):
        base, dirnames = here.base, here.dirnames
        ignores = [(prefix, spec) for prefix, spec in ignores if base.startswith(prefix)]
        # Only a directory that lists a .gitignore can have one: no failed open per directory.
        if ".gitignore" in here.filenames:
            spec = _read_gitignore(Path(here.directory, ".gitignore"), problems)
            if spec is not None:
                ignores.append((base, spec))
        dirnames[:] = sorted(
            name for name in dirnames if name != ".git" and not _ignored(ignores, f"{base}{name}/")
        )
        # _walk_tree does not enter links to directories; naming them has them reported.
        yield from (f"{base}{name}/" for name in dirnames if name in here.links)
        for name in sorted(here.filenames):
            if not _ignored(ignores, f"{base}{name}"):
                yield f"{base}{name}"


@dataclass(frozen=True)
class _Directory:
    """One directory of a walk: its path on disk, its path relative to the scan root (with a
    trailing "/", or "" for the root), and its entries."""

    directory: str
    base: str
    dirnames: list[str]
    filenames: list[str]
    links: frozenset[str]


def _walk_tree(top: Path, top_base: str, errors: list[_Problem]) -> Iterator[_Directory]:
    """os.walk(top) top-down, without following links, but with a stack of its own.

    os.walk recurses (in Python before 3.12) and a repository can nest directories a few
    thousand deep; the caller may prune `dirnames` in place, as with os.walk. Paths are
    plain strings: a tree of thousands of directories spends more on pathlib than on I/O.
    """
    stack = [(os.fspath(top), top_base)]
    while stack:
        directory, base = stack.pop()
        dirnames, filenames, links = [], [], set()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if _is_dir(entry):
                        dirnames.append(entry.name)
                        if entry.is_symlink():
                            links.add(entry.name)
                    else:
                        filenames.append(entry.name)
        except OSError as error:
            errors.append(error)
            continue
        yield _Directory(directory, base, dirnames, filenames, frozenset(links))
        stack.extend(
            # Strings, not Paths: see the docstring.
            (os.path.join(directory, name), f"{base}{name}/")  # noqa: PTH118
            for name in reversed(dirnames)
            if name not in links
        )


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _ancestor_ignores(
    root: Path, target: Path, problems: list[_Problem]
) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    """The .gitignore files between the root and a target below it also apply."""
    ignores = []
    for directory in [target, *target.parents]:
        if directory == target or not directory.is_relative_to(root):
            continue
        spec = _read_gitignore(directory / ".gitignore", problems)
        if spec is not None:
            base = "" if directory == root else _relative(root, directory) + "/"
            ignores.append((base, spec))
    return sorted(ignores, key=lambda item: len(item[0]))


def _lifted(
    relative: str, ignores: list[tuple[str, pathspec.GitIgnoreSpec]]
) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    """The rules above a named directory, less those that ignore it or a directory it is in:
    it was asked for, while its files still answer to the rest (`*.log` above `build/`)."""
    if not ignores or not _ignored_itself(relative, ignores):
        return ignores
    import pathspec

    lifted = []
    for prefix, spec in ignores:
        chain = _directory_chain(relative[len(prefix) :])
        kept = [
            pattern
            for pattern in spec.patterns
            if not (pattern.include and any(_hides(pattern.match_file, d) for d in chain))
        ]
        lifted.append((prefix, pathspec.GitIgnoreSpec(kept)))
    return lifted


def _ignored_itself(relative: str, ignores: Sequence[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    return any(
        _hides(lambda path: _ignored(ignores, path), directory)
        for directory in _directory_chain(relative)
    )


# A name no pattern is written for: a rule matching `dir/` + it hides everything in `dir`.
_ANY_CHILD = "\uffff"


def _hides(matches: Callable[[str], object], directory: str) -> bool:
    """Whether a rule ignores `directory` (`dir/`, `cfg/**`) or everything directly in it
    (`/secret/*`): git counts both as ignoring the directory."""
    return bool(matches(directory)) or bool(matches(directory + _ANY_CHILD))


def _directory_chain(relative: str) -> list[str]:
    """`a/b` -> `a/`, `a/b/`: a directory and the directories it is in, as patterns see them."""
    parts = relative.split("/")
    return ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def _ignored(ignores: Iterable[tuple[str, pathspec.GitIgnoreSpec]], relative: str) -> bool:
    return any(spec.match_file(relative[len(prefix) :]) for prefix, spec in ignores)


def _read_gitignore(path: Path, problems: list[_Problem]) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    # A .gitignore is content of the scanned tree, so an attacker's: `*a*a*a*a*b` takes
    # minutes per file name to match (pathspec backtracks). Not honouring such a pattern
    # scans more, which is the safe side for a secret scanner.
    safe = [line for line in lines if _wildcard_runs(line) <= _MAX_WILDCARDS]
    if len(safe) < len(lines):
        problems.append(_UnsafePatterns(path, len(lines) - len(safe)))
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(safe)


_MAX_WILDCARDS = 2
_WILDCARD_RUN = re.compile(r"\*+")


def _wildcard_runs(line: str) -> int:
    return 0 if line.startswith("#") else len(_WILDCARD_RUN.findall(line))


def siblings(root: Path, directory: str, wanted: Callable[[str], bool]) -> list[FileEntry]:
    """The regular files of `directory` (relative to the root) whose paths `wanted` takes,
    in name order: the rest of a module whose files were named one by one. Anything that is
    not plainly a file there (a link, a FIFO) is left out without a word: these files are
    context for the named ones, not part of the sweep."""
    base = "" if directory == "." else f"{directory}/"
    try:
        found = sorted((root / directory).iterdir())
    except OSError:
        return []
    entries = []
    for path in found:
        if wanted(base + path.name) and not path.is_symlink():
            entry = _classify(root, base + path.name)
            if isinstance(entry, FileEntry):
                entries.append(entry)
    return entries


def _classify(root: Path, relative: str) -> FileEntry | Skip:
    location = os.path.join(root, relative)  # noqa: PTH118 (see FileEntry.location)
    try:
        info = os.lstat(location)
    except OSError as error:
        return Skip(relative, "unreadable", f"cannot read: {error.strerror or error}")
    if stat.S_ISLNK(info.st_mode):
        return _classify_link(root, relative, Path(location))
    if stat.S_ISDIR(info.st_mode):
        return Skip(relative, "not-a-file", "a directory (a submodule or nested repository)")
    if not stat.S_ISREG(info.st_mode):
        return Skip(relative, "not-a-file", "not a regular file (a FIFO, socket or device)")
    return FileEntry(relative, location, info.st_size)


def _classify_link(root: Path, relative: str, location: Path) -> FileEntry | Skip:
    try:
        target = location.resolve(strict=True)
    except (OSError, RuntimeError):
        return Skip(relative, "broken-symlink", "a symbolic link to nothing, or a link loop")
    if target.is_dir():
        # Following it could loop, or scan a tree twice or one the user did not ask for.
        return Skip(
            relative, "symlink-to-directory", "a symbolic link to a directory, not followed"
        )
    if not target.is_relative_to(root):
        # Following it would read files the user did not ask to scan, perhaps outside the repo.
        return Skip(relative, "symlink-outside-root", "a symbolic link that leaves the scan root")
    if not target.is_file():
        return Skip(relative, "not-a-file", "a symbolic link to something other than a file")
    return FileEntry(relative, os.fspath(target))

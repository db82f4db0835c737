"""A git revision as a source tree: files listed with `git ls-tree`, read with one `git cat-file --batch`
process, straight from the object store. No checkout, no index, nothing in the work tree is touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

from contractgen.scan.source import pruned


class GitError(Exception):
    """git could not answer: not a repository, an unknown revision, a missing directory at that revision."""


class MissingDirectory(GitError):
    """The revision is valid, but the module's directory is not in it."""


def _git(repo: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (needed for git: revisions)") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def repository_root(path: Path) -> Path:
    """The top of the work tree holding `path`; GitError when it is not in one."""
    return Path(_git(path, "rev-parse", "--show-toplevel").decode().strip())


class GitTree:
    """The files of `subdir` (the module root relative to the repository top, "" for the top) at `rev`."""

    def __init__(self, repo: Path, rev: str, subdir: str = "") -> None:
        self.repo, self.rev, self.subdir = repo, rev, subdir.strip("/")
        try:
            self.commit = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"{rev!r} is not a revision of the repository at {repo}") from None
        self._blobs = self._list()
        self._reader: subprocess.Popen[bytes] | None = None

    def _list(self) -> dict[str, str]:
        spec = f"{self.commit}:{self.subdir}" if self.subdir else self.commit
        try:
            out = _git(self.repo, "ls-tree", "-r", "-z", "--end-of-options", spec)
        except GitError:
            raise MissingDirectory(f"{self.subdir or '.'} does not exist at {self.rev}") from None
        blobs: dict[str, str] = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, sha = meta.split()
            # Regular files only: a submodule (commit) or a symlink (120000) has no Go source of its own.
            if kind != b"blob" or mode == b"120000":
                continue
            name = path.decode("utf-8", "surrogateescape")
            if any(pruned(part) for part in name.split("/")[:-1]):
                continue
            blobs[name] = sha.decode()
        return blobs

    def files(self) -> list[str]:
        return sorted(self._blobs)

    def unlisted(self) -> list[tuple[str, str]]:
        return []  # a revision's tree is listed whole or not at all

    def read(self, path: str) -> bytes:
        sha = self._blobs.get(path)
        if sha is None:
            raise FileNotFoundError(f"{path} does not exist at {self.rev}")
        reader = self._batch()
        assert reader.stdin is not None and reader.stdout is not None
        reader.stdin.write(sha.encode() + b"\n")
        reader.stdin.flush()
        header = reader.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise OSError(f"git cat-file could not read {path} at {self.rev}")
        data = reader.stdout.read(int(header[2]))
        reader.stdout.read(1)  # the newline after each object
        return data

    def _batch(self) -> subprocess.Popen[bytes]:
        if self._reader is None or self._reader.poll() is not None:
            self._reader = subprocess.Popen(
                ["git", "-C", str(self.repo), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            if self._reader.stdin:
                self._reader.stdin.close()
            self._reader.wait()
            if self._reader.stdout:
                self._reader.stdout.close()
            self._reader = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to clean up
            pass

    def describe(self) -> str:
        return f"git:{self.rev}"

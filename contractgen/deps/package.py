"""One dependency package, its files parsed when a name they may declare is asked for.

The IR build reaches a few names of a dependency package; parsing all of its files (net/http, reached
through go-github's `*http.Response`, has 34) was most of a cold run's time. The byte-level index of
contractgen/deps/names.py says which files may declare a name, its methods or its constants; those
are parsed (through the per-file fact cache), the others never are. `files` parses every file, for
what needs the whole package.
"""

from __future__ import annotations


from contractgen.deps.names import DeclaredNames, declared_names
from contractgen.records import record
from contractgen.scan.facts import FileFacts
from contractgen.scan.filescan import FileEntry


@record
class PackageFile:
    path: str  # as shown in positions
    source: bytes
    entry: FileEntry

    @property
    def names(self) -> DeclaredNames:
        if self.entry.names is None:
            self.entry.names = declared_names(self.source)
            self.entry.dirty = True
        return self.entry.names

    def facts(self) -> FileFacts:
        """The file's facts without endpoints: a dependency's own registrations (a router's source) are
        no endpoints of this module, so its function bodies are never read (reading them was two thirds
        of the time spent on net/http's request.go)."""
        if self.entry.base is None:
            from contractgen.scan.gosyntax import parse_declarations

            facts = parse_declarations(self.path, self.source)
            self.entry.set_base(facts)
            return facts
        return self.entry.base


class DependencyPackage:
    """Duck-typed as a PackageFacts (import_path, dir, name, files) for what reads a whole package.
    `files`: the package's files that may contribute (FileEntry.eager), in go/build's order."""

    def __init__(self, import_path: str, dir: str, name: str, files: list[PackageFile]) -> None:
        self.import_path = import_path
        self.dir = dir
        self.name = name
        self._files = files
        self._by_path = {f.path: f for f in files}

    @property
    def files(self) -> tuple[FileFacts, ...]:
        """Every file's facts (all of them parsed)."""
        return tuple(f.facts() for f in self._files)

    def declaring(self, name: str) -> tuple[FileFacts, ...]:
        """The files that may declare a type or constant `name`, in the package's order."""
        return tuple(f.facts() for f in self._files if name in f.names.declared)

    def with_methods_on(self, name: str, named: tuple[str, ...] = ()) -> tuple[FileFacts, ...]:
        """The files that may declare methods with receiver type `name`; with `named`, only those
        whose text has one of these method names (a declaration spells its method's name)."""
        words = tuple(n.encode() for n in named)
        return tuple(
            f.facts() for f in self._files if name in f.names.receivers and (not words or any(w in f.source for w in words))
        )

    def with_consts_of(self, name: str) -> tuple[FileFacts, ...]:
        """The files whose constants may be of type `name` (their declaration names it)."""
        return tuple(f.facts() for f in self._files if name in f.names.in_consts)

    def file(self, path: str) -> FileFacts | None:
        """A file's facts by its shown path."""
        found = self._by_path.get(path)
        return found.facts() if found is not None else None

"""What the writer refuses or fails at: each a WriterError the CLI prints as one diagnostic."""

from __future__ import annotations


class WriterError(Exception):
    """Nothing was changed in OUT (or the change will be completed by the next run: see the message)."""

    code = "CG213"
    hint = ""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        if hint:
            self.hint = hint


class UnsafePath(WriterError):
    """A path outside OUT, through a symbolic link, or an OUT that must not be written."""

    code = "CG210"


class HandWritten(WriterError):
    """A file in the way that contractgen did not write (no header, not in the manifest)."""

    code = "CG211"


class LockTimeout(WriterError):
    """Another run held OUT's lock for longer than we would wait."""

    code = "CG212"

"""Reading a file the dashboard is given or keeps, as data and never as anything else.

A seed file, a journal entry, a codebook or a file named on the command line is read only when it is
an ordinary file, and never past a limit: a folder, a named pipe (which blocks a reader forever), a
device (``/dev/zero`` never ends) or a socket is refused in a sentence before a byte is read, and a
file where only the dashboard writes (the journal) may not point outside its folder. Anything that
cannot be read says why, so a caller can name it and go on with the rest.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from dash.errors import UserError
from dash.format import megabytes

MISSING = "there is no such file"


class NotReadable(UserError):
    """A file that is not read; ``reason`` is the clause that says why ("it is a folder")."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"There is no file {path}: check the name and the folder." if reason == MISSING
                         else f"{path} cannot be read: {reason}.")
        self.path = path
        self.reason = reason


def _kind(mode: int) -> str | None:
    """What a file that is not an ordinary file is, in words; None for an ordinary file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    return "it is not an ordinary file"


def _oserror(path: Path, error: OSError) -> NotReadable:
    if error.errno == errno.ENOENT:
        return NotReadable(path, MISSING)
    if error.errno in (errno.EACCES, errno.EPERM):
        return NotReadable(path, "permission denied")
    if error.errno == errno.ENOTDIR:
        return NotReadable(path, f"{path.parent.name} is a file, not a folder")
    if error.errno == errno.ELOOP:
        return NotReadable(path, "it is a link that leads round in a circle")
    return NotReadable(path, error.strerror or type(error).__name__)


def check_regular(path: Path, *, within: Path | None = None) -> os.stat_result:
    """``path``'s status when it is an ordinary file, else ``NotReadable``. With ``within``, a link
    must lead to a file in that folder (the journal's entries are the dashboard's own files)."""
    try:
        if within is not None and path.is_symlink():
            target = path.resolve()
            if target.parent != within.resolve():
                raise NotReadable(path, "it is a link to a file outside its folder")
        status = path.stat()
    except NotReadable:
        raise
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop, on older Pythons
        raise _oserror(path, error) if isinstance(error, OSError) else NotReadable(
            path, "it is a link that leads round in a circle") from None
    kind = _kind(status.st_mode)
    if kind:
        raise NotReadable(path, kind)
    return status


def check_openable(path: Path, *, within: Path | None = None) -> os.stat_result:
    """``check_regular``, and that the file opens for reading (for a file another reader reads
    later: a journal's grants payload, read by DuckDB)."""
    status = check_regular(path, within=within)
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)))
    except OSError as error:
        raise _oserror(path, error) from None
    return status


def read_bounded(path: Path, limit: int, *, within: Path | None = None) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes; ``NotReadable`` otherwise.

    The file is checked before it is opened (a device is never opened), opened without blocking
    (a pipe swapped in after the check opens at once) and checked again once open, then read to
    ``limit`` and one byte more: a file that grows past the limit while read is refused too."""
    path = Path(path)
    if check_regular(path, within=within).st_size > limit:
        raise NotReadable(path, f"it is larger than {megabytes(limit)}")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _oserror(path, error) from None
    try:
        kind = _kind(os.fstat(descriptor).st_mode)
        if kind:
            raise NotReadable(path, kind)
        os.set_blocking(descriptor, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise _oserror(path, error) from None
    finally:
        os.close(descriptor)
    if size > limit:
        raise NotReadable(path, f"it is larger than {megabytes(limit)}")
    return b"".join(chunks)

"""The one table of the kinds of write: what the write service, the build and the Activity page read.

Each kind is one module of ``dash.write`` (``dash.write.kind`` says what one defines, with a worked
example of adding one); this table lists them, one line each. A build skips, naming it, a journal
entry of a kind not listed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dash.errors import UserError
from dash.write import decisions, grants, records, removals, roles, write_ups
from dash.write.kind import WriteKind


class Registry:
    """The kinds of write, by the name their journal entries carry."""

    def __init__(self, kinds: Iterable[WriteKind]) -> None:
        self._kinds: dict[str, WriteKind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"two kinds of write are called '{kind.name}'")
            self._kinds[kind.name] = kind

    def __getitem__(self, name: str) -> WriteKind:
        """The kind called ``name``; ``UserError`` (a sentence a build's report gives) when none is."""
        try:
            return self._kinds[name]
        except KeyError:
            raise UserError(f"'{name}' is not a kind of write this version knows") from None

    def __iter__(self) -> Iterator[WriteKind]:
        return iter(self._kinds.values())

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def with_kind(self, kind: WriteKind) -> Registry:
        """This table and one more kind (a test's throwaway kind, say)."""
        return Registry([*self, kind])


KINDS = Registry([
    write_ups.KIND,  # a meeting write-up imported
    grants.KIND,  # a 360Giving file imported
    decisions.KIND,  # a reviewer's theme decision
    roles.KIND,  # a role given or taken away
    records.KIND,  # a record added, changed, retired, removed, restored or undone
    removals.KIND,  # an import taken back out
])

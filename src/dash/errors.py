"""The one kind of error a person is shown: a sentence saying what is wrong and what to do.

Every parser, check and writer raises a ``UserError`` (or a subclass) for a problem the
person can fix; the write service, the pages and the command line show its message as it
is. Anything else is a fault in the program: it is logged on the server with a short
reference (``log_unexpected``) and the person is given that reference, never a traceback.
"""

from __future__ import annotations

import logging
import secrets

LOG = logging.getLogger("dash")


class UserError(ValueError):
    """A problem the person can act on; ``str()`` is one sentence that says how."""


def log_unexpected(doing: str) -> str:
    """Log the exception being handled with a new reference, and return the reference."""
    reference = secrets.token_hex(3).upper()
    LOG.exception("Unexpected error while %s (reference %s)", doing, reference)
    return reference


def unexpected_message(doing: str, reference: str) -> str:
    return (f"Something went wrong while {doing}, and nothing was changed. This is a fault in the "
            f"dashboard, not in what you did: quote reference {reference} to whoever runs it.")

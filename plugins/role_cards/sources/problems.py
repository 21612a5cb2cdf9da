"""What a parser raises: a payload of the wrong shape, or one item to drop.

Also the small helpers that quote a remote value safely in a problem line.
"""

from __future__ import annotations


class PayloadError(ValueError):
    """The payload as a whole has the wrong shape; the source has failed."""


class IncompleteListing(PayloadError):  # noqa: N818 (a refusal, named as such)
    """The source listed only part of its jobs; the snapshot must be kept."""


class ItemProblem(Exception):  # noqa: N818 (a dropped item, not an error)
    """One item must be dropped. ``kind`` is "invalid", "unsafe-url",
    "expired", "closed" or "unlisted"; ``job_id`` is set once it is known."""

    def __init__(
        self, message: str, *, kind: str = "invalid", job_id: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.job_id = job_id


def described(value: object) -> str:
    """``null``, ``a list``, ``an int``: what a JSON value is, for a problem line."""
    if value is None:
        return "null"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def kind_of(value: object) -> str:
    return "nothing" if value is None else type(value).__name__


def show(value: object) -> str:
    """A value quoted for a problem line: short, and without control characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."

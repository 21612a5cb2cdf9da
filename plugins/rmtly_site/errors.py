"""One clean message per author mistake, without Pelican's traceback.

Pelican's command line logs any exception that stops a build as CRITICAL with
the whole traceback (40-80 lines around a one-line message). The project's
own errors (from rmtly_site, role_cards and disclosures) already name the
file, the line and the fix, so for them this filter drops the traceback and
the class name; the exit code stays non-zero. With ``pelican -D`` (make
DEBUG=1) tracebacks are kept. Any other exception, a bug, keeps its traceback.
"""

from __future__ import annotations

import logging

OWN_PACKAGES = frozenset({"rmtly_site", "role_cards", "disclosures"})
# --fatal errors turns a logged error into this RuntimeError; the error itself
# was printed just before, so its traceback adds nothing.
FATAL_MESSAGE = "Warning or error encountered"


def is_authors_error(error: BaseException) -> bool:
    """True for the project's own errors and Pelican's --fatal stop."""
    package = type(error).__module__.split(".", 1)[0]
    if package in OWN_PACKAGES:
        return True
    return isinstance(error, RuntimeError) and str(error) == FATAL_MESSAGE


class CleanErrors(logging.Filter):
    """Strip the traceback from records that carry one of our own errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None or not is_authors_error(error):
            return True
        if logging.getLogger("pelican").isEnabledFor(logging.DEBUG):
            return True
        record.exc_info = None
        record.exc_text = None
        if str(error) == FATAL_MESSAGE:
            record.msg, record.args = "the build stopped on the problem above", ()
        else:
            record.msg, record.args = "%s", (str(error),)
        return True


FILTER = CleanErrors()


def install() -> None:
    """Add the filter to Pelican's logger once (register() may run twice)."""
    logger = logging.getLogger("pelican")
    if FILTER not in logger.filters:
        logger.addFilter(FILTER)

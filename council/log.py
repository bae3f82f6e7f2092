"""Logging filters named in ``LOGGING`` (council/settings/base.py)."""

import logging


class NoTracebackBelow500(logging.Filter):
    """Django logs a refused page ("Forbidden (Permission denied)", 403) and a bad request (400) with
    the exception that caused it, so each printed a traceback. These are the service working as it
    should: keep the one line, drop the traceback. Server errors (500 and above) keep theirs, and
    they are the only ones mailed to ADMINS."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

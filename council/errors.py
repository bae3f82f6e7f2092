"""Domain errors: a rule was broken, with a message the person can act on."""


class RuleError(Exception):
    """Raised by a service when a rule forbids the action; ``str(error)`` is shown to the person.

    ``field`` names the form field the message belongs to, or None for the whole form.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

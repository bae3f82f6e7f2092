"""Who may read the History page of each record of the public record (none yet)."""


def register() -> None:
    """Registers each model's read rule with ``council.history`` (none yet)."""

"""Who may read the History page of each record of the public record.

- A personal API token: its holder and Administrators (``access.api_tokens_visible``); never its
  secret, which is not kept, nor its SHA-256 (not in the history).
"""

from council.history import register_read_rule

from . import access
from .models import ApiToken


def register() -> None:
    """Registers each model's read rule with ``council.history``."""
    register_read_rule(ApiToken, readable=access.api_tokens_visible)

"""The public record's own records."""

from .api_tokens import ApiToken, ApiTokenQuerySet

__all__ = ["ApiToken", "ApiTokenQuerySet"]

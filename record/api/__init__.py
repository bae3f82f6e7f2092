"""The read-only open API under ``/api/v1/`` (docs/api.md): Django REST framework over each app's own
access rules and selectors, so it shows exactly what the public pages show, or what a token's holder
may see."""

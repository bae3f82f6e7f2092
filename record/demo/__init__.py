"""The demo council's public record (nothing of its own yet: it reads the other apps' demo)."""


def load():
    return []

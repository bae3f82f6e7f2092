from .search import EntryKind, SearchEntry

__all__ = ["EntryKind", "SearchEntry"]

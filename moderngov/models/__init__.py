"""What an import from ModernGov leaves behind: the links from ModernGov's ids to the records they
became (refs.py), the documents' details (refs.py) and each run of the import (runs.py)."""

from .refs import ExternalRef, LinkedDocument, RefKind
from .runs import ImportFile, ImportRun, RunStatus

__all__ = ["ExternalRef", "ImportFile", "ImportRun", "LinkedDocument", "RefKind", "RunStatus"]

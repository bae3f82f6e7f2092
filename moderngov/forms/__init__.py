from .imports import UploadForm

__all__ = ["UploadForm"]

"""Councillors' photos, checked by their content before anything is stored.

The type is what Pillow finds in the bytes (JPEG or PNG only), never the file's name or the type the
browser declares; a file larger than ``PHOTO_MAX_BYTES`` is refused before it is read in full, and
one of more than ``PHOTO_MAX_PIXELS`` before it is decoded (a small file can unpack to gigabytes).
What is stored is the picture re-encoded by Pillow, no larger than ``PHOTO_MAX_SIDE`` pixels a side:
nothing of the upload but its pixels survives (no metadata such as a camera's location, nor
anything hidden after the image data).
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from council.errors import RuleError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 1200
NOT_A_PHOTO = "The selected file must be a JPG or PNG photo"
TOO_LARGE = f"The selected photo must be smaller than {PHOTO_MAX_BYTES // (1024 * 1024)} MB"
TOO_MANY_PIXELS = "The selected photo is too large. Make it smaller than 6000 by 6000 pixels and upload it again"
_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    content_type: str
    extension: str

    def as_file(self, stem: str = "photo") -> ContentFile:
        return ContentFile(self.content, name=f"{stem}.{self.extension}")


def photo_content_type(name: str) -> str:
    """The type a stored photo is served as, from the extension this module gave it."""
    return "image/png" if name.lower().endswith(".png") else "image/jpeg"


def check_photo(upload) -> CheckedPhoto:
    """The photo to store, re-encoded; a ``RuleError`` on the "photo" field when it is refused."""
    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise RuleError(TOO_LARGE, field="photo")
    upload.seek(0)
    data = upload.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise RuleError(TOO_LARGE, field="photo")
    if not data:
        raise RuleError("The selected file is empty", field="photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in _FORMATS:
                raise RuleError(NOT_A_PHOTO, field="photo")
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise RuleError(TOO_MANY_PIXELS, field="photo")
            image_format = image.format
            image.load()  # decodes the pixels: a damaged or truncated file fails here
            picture = ImageOps.exif_transpose(image)
    except RuleError:
        raise
    except Image.DecompressionBombError:
        raise RuleError(TOO_MANY_PIXELS, field="photo") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise RuleError(NOT_A_PHOTO, field="photo") from None
    picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    if image_format == "JPEG":
        picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    else:
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = picture.convert("RGBA")
        picture.save(out, format="PNG", optimize=True)
    content_type, extension = _FORMATS[image_format]
    return CheckedPhoto(out.getvalue(), content_type, extension)

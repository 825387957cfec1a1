# Photos of the KTP, the KK and a selfie, straight from a phone camera. Nothing
# a person uploads is stored as sent: a photo is opened with Pillow only if it
# really is a JPEG, PNG or WebP of sane size, turned upright, shrunk to a
# readable size and written again as a fresh JPEG. That drops EXIF (GPS
# position included), anything appended to the file (a ZIP hidden after a
# JPEG) and anything that is not pixels. Each way a file can be wrong has its
# own message, as GOV.UK Forms does for no file, wrong type, too big and empty.
import io
import warnings
from dataclasses import dataclass

from babel.numbers import format_decimal
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from blueprints.apply.checks import CheckError

FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 50_000_000  # the largest phone cameras, about 8000 × 6000
LONGEST_SIDE = 2000      # enough to read a KTP; keeps each stored photo small
THUMBNAIL_SIDE = 320     # what the review page shows, light on slow data
QUALITY = 85


@dataclass(frozen=True)
class Photo:
    data: bytes  # a clean JPEG
    thumbnail: bytes  # a small clean JPEG for the review page
    width: int
    height: int


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file over the limit, saying how big it is (the person may not know)."""
    if size > max_bytes:
        shown = format_decimal(size / 1024 / 1024, format="#,##0.0", locale="id")
        # A no-break space keeps "6,9 MB" on one line.
        raise CheckError(_("Foto terlalu besar (%(size)s\u00a0MB); paling besar %(max)d\u00a0MB. Potong (crop) "
                           "fotonya di galeri HP sampai hanya dokumennya yang terlihat, atau ambil tangkapan layar "
                           "(screenshot) foto itu, lalu pilih lagi fotonya.",
                           size=shown, max=max_bytes // 1024 // 1024))


def _decode_small(image: Image.Image) -> None:
    """Ask the JPEG decoder for a copy at 1/2, 1/4 or 1/8 scale that is still at least LONGEST_SIDE
    long, so a 49-megapixel photo is never held whole in memory (PNG and WebP decode whole)."""
    longest = max(image.size)
    if image.format == "JPEG" and longest >= 2 * LONGEST_SIDE:
        image.draft("RGB", (image.width * LONGEST_SIDE // longest, image.height * LONGEST_SIDE // longest))


def process_photo(data: bytes | None, *, max_bytes: int, max_pixels: int = MAX_PIXELS) -> Photo:
    """Return the photo re-encoded as a clean JPEG, or raise CheckError saying what is wrong.

    max_bytes is the PHOTO_MAX_BYTES setting, the one limit the pages also state.
    """
    if data is None:
        raise CheckError(_("Pilih foto untuk diunggah."))
    if len(data) == 0:
        raise CheckError(_("File yang dipilih kosong (0 byte). Pilih foto lain."))
    check_size(len(data), max_bytes)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
            if image.width * image.height > max_pixels:
                raise Image.DecompressionBombError("too many pixels")
            _decode_small(image)
            image.load()
        except UnidentifiedImageError:
            raise CheckError(_(
                "File ini bukan foto JPG, PNG, atau WebP. Pilih foto dari kamera atau galeri.")) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise CheckError(_(
                "Ukuran gambar ini terlalu besar untuk diproses. Kirim foto biasa dari kamera HP.")) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise CheckError(_(
                "Foto ini rusak atau tidak lengkap sehingga tidak bisa dibuka. Coba ambil ulang fotonya.")) from None
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return Photo(_jpeg(image), _jpeg(small), image.width, image.height)

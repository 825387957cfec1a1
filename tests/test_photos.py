"""Uploaded photos: each hostile file gets its own message; what is kept is clean."""
import io
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from blueprints.apply.checks import CheckError
from blueprints.apply.photos import LONGEST_SIDE, process_photo
from config import Config

LIMIT = Config.PHOTO_MAX_BYTES


def jpeg(width=640, height=480, exif=None, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG", **({"exif": exif} if exif else {}), **save)
    return out.getvalue()


def png(width=64, height=48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def huge_png_header(width=30000, height=30000) -> bytes:
    """A real PNG whose header claims 30000 × 30000 pixels (a decompression bomb)."""
    data = bytearray(png())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def gps_exif() -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)      # latitude
    gps[3], gps[4] = "E", (106.0, 49.0, 12.0)    # longitude
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


@pytest.mark.parametrize("make", [jpeg, png])
def test_real_photos_are_reencoded_as_jpeg(make):
    photo = process_photo(make(), max_bytes=LIMIT)
    assert Image.open(io.BytesIO(photo.data)).format == "JPEG"


def test_gps_and_other_exif_are_removed():
    original = jpeg(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF
    cleaned = Image.open(io.BytesIO(process_photo(original, max_bytes=LIMIT).data))
    assert not cleaned.getexif() and b"PhoneMaker" not in process_photo(original, max_bytes=LIMIT).data


def test_a_zip_hidden_after_a_jpeg_is_not_kept():
    polyglot = jpeg() + b"PK\x03\x04" + b"secret payload" * 100
    assert b"PK\x03\x04" not in process_photo(polyglot, max_bytes=LIMIT).data


def test_big_photos_are_shrunk_to_a_readable_size():
    photo = process_photo(jpeg(4000, 3000), max_bytes=LIMIT)
    assert max(photo.width, photo.height) == LONGEST_SIDE


@pytest.mark.parametrize("data, message", [
    (None, "Pilih foto"),
    (b"", "kosong (0 byte)"),
    (b"\xff" * (6 * 1024 * 1024), "terlalu besar (6,0\u00a0MB)"),  # a no-break space before MB
    (b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer<<>>\n%%EOF", "bukan foto JPG, PNG, atau WebP"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "bukan foto"),
    (huge_png_header(), "terlalu besar untuk diproses"),
    (jpeg()[:400], "rusak atau tidak lengkap"),
    (b"GIF89a" + b"\x00" * 100, "bukan foto"),
])
def test_each_bad_file_has_its_own_message(data, message):
    with pytest.raises(CheckError, match=re.escape(message)):
        process_photo(data, max_bytes=LIMIT)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=4000), st.binary(max_size=4000).map(lambda tail: jpeg()[:300] + tail),
                 st.binary(max_size=4000).map(lambda tail: png()[:60] + tail)))
def test_any_bytes_are_either_a_clean_photo_or_a_message(data):
    try:
        photo = process_photo(data, max_bytes=LIMIT)
    except CheckError as error:
        assert error.message
    else:
        assert Image.open(io.BytesIO(photo.data)).format == "JPEG"

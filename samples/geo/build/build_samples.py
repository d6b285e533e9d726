#!/usr/bin/env python3
"""Build the offline sample geodata in samples/geo/ from the copies in samples/geo/sources/.

Run from anywhere (paths are relative to this file):

    python3 samples/geo/build/build_samples.py

Deterministic: same sources -> byte-identical outputs. Standard library only (Python 3.11).
Reads only samples/geo/sources/. Writes samples/geo/*.geojson. Fails (exit 1) if any SRR check fails.

SAR regions (sar-regions.geojson) are APPROXIMATE, NOT FOR OPERATIONAL USE: see samples/geo/README.md.
"""
from __future__ import annotations

import bisect
import csv
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEO = HERE.parent
SRC = GEO / "sources"

SRR_BOUNDARY_VERSION = "samples-approx-2026.11"
OSM_12NM_VERSION = "osm-countries-maritime-10m-0.6.0"
GFW_EEZ_VERSION = "gfw-ocean-areas-2.0.3"

# Area of interest for the map layers (bbox test per polygon / feature).
AOI = (55.0, -55.0, 180.0, 40.0)  # minlon, minlat, maxlon, maxlat

# Coverage / overlap check grid (cell centres at x.125 / x.375 / ... so no sample lies on a vertex or edge
# that runs along a quarter-degree line).
GRID = (60.0, -50.0, 180.0, 35.0)
GRID_STEP = 0.25

MAX_EDGE_DEG = 1.0  # densification: no two consecutive SRR vertices more than this apart (lon/lat degrees)

FAILURES: list[str] = []


def fail(msg: str) -> None:
    FAILURES.append(msg)
    print("CHECK FAILED: " + msg)


# --------------------------------------------------------------------------------------------- helpers

def rnd(v: float, nd: int) -> float:
    r = round(v, nd)
    return 0.0 if r == 0 else r  # no "-0.0"


def round_ring(ring, nd):
    """Round a ring and drop consecutive duplicates created by rounding; None if it degenerates."""
    out = []
    for p in ring:
        q = [rnd(p[0], nd), rnd(p[1], nd)]
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] != out[-1]:
        out.append(list(out[0]))
    if len(out) < 4:
        return None
    return out


def round_polygon(poly, nd):
    rings = []
    for i, ring in enumerate(poly):
        r = round_ring(ring, nd)
        if r is None:
            if i == 0:
                return None  # exterior vanished
            continue
        rings.append(r)
    return rings


def round_geometry(geom, nd):
    t = geom["type"]
    if t == "Polygon":
        p = round_polygon(geom["coordinates"], nd)
        return None if p is None else {"type": "Polygon", "coordinates": p}
    if t == "MultiPolygon":
        ps = [p for p in (round_polygon(p, nd) for p in geom["coordinates"]) if p is not None]
        if not ps:
            return None
        return {"type": "MultiPolygon", "coordinates": ps}
    raise ValueError("unexpected geometry type " + t)


def polygons_of(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise ValueError(geom["type"])


def bbox_of_points(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def bbox_of_geom(geom):
    pts = [p for poly in polygons_of(geom) for p in poly[0]]
    return bbox_of_points(pts)


def bbox_intersects(b, aoi=AOI):
    return not (b[2] < aoi[0] or b[0] > aoi[2] or b[3] < aoi[1] or b[1] > aoi[3])


def signed_area(ring):
    """Shoelace in lon/lat degrees; > 0 means counter-clockwise."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def spherical_area_km2(ring):
    """Area of a lon/lat ring on a sphere (R = 6371.0088 km), edges as lon/lat-straight segments (fine for
    densified rings). Positive for counter-clockwise."""
    r = 6371.0088
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += math.radians(x2 - x1) * (2 + math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
    return -s * r * r / 2.0


def segments_intersect(p1, p2, p3, p4):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-12 else (1 if v > 0 else -1)

    def on_seg(a, b, c):
        return min(a[0], b[0]) - 1e-12 <= c[0] <= max(a[0], b[0]) + 1e-12 and \
            min(a[1], b[1]) - 1e-12 <= c[1] <= max(a[1], b[1]) + 1e-12

    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    if o1 == 0 and on_seg(p1, p2, p3):
        return True
    if o2 == 0 and on_seg(p1, p2, p4):
        return True
    if o3 == 0 and on_seg(p3, p4, p1):
        return True
    if o4 == 0 and on_seg(p3, p4, p2):
        return True
    return False


def ring_is_simple(ring):
    n = len(ring) - 1  # closed ring: last == first
    segs = [(ring[i], ring[i + 1]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue  # neighbours share an endpoint
            if segments_intersect(segs[i][0], segs[i][1], segs[j][0], segs[j][1]):
                return False, (i, j)
    return True, None


def point_in_ring(x, y, ring):
    """Even-odd ray cast (ray toward +x)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xc > x:
                inside = not inside
    return inside


def point_in_polygons(x, y, polys):
    for poly in polys:
        if point_in_ring(x, y, poly[0]) and not any(point_in_ring(x, y, h) for h in poly[1:]):
            return True
    return False


def write_fc(path: Path, features, name: str):
    """One feature per line: deterministic and diff-friendly."""
    lines = ['{"type":"FeatureCollection","name":' + json.dumps(name) + ',"features":[']
    for i, f in enumerate(features):
        s = json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        lines.append(s + ("," if i < len(features) - 1 else ""))
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(GEO.parent.parent)}  ({len(features)} features, {path.stat().st_size:,} bytes)")


# --------------------------------------------------------------------------------------------- SAR regions

AMSA_SOURCE = ("AMSA-supplied list 'Co-ordinates of Australian SAR and AUSREP area' reproduced in GMDSS for "
               "Navigators (Butterworth-Heinemann, ISBN 9780750621779), Appendix 5")
IDN_USA_SOURCE = ("Agreement between the Government of the Republic of Indonesia and the Government of the USA on "
                  "Maritime Search and Rescue, Article III(1)")
ASSUMED = "other edges ASSUMED by the sample builder (rough median lines between coasts, meridians, parallels)"


def load_published_vertices():
    rows = list(csv.DictReader((SRC / "srr_boundary_vertices.csv").open(encoding="utf-8")))
    aus = sorted((r for r in rows if r["boundary"] == "AUS"), key=lambda r: int(r["seq"]))
    usa = sorted((r for r in rows if r["boundary"] == "IDN-USA"), key=lambda r: int(r["seq"]))
    if [int(r["seq"]) for r in aus] != list(range(19)) or [int(r["seq"]) for r in usa] != [1, 2, 3, 4, 5]:
        raise SystemExit("srr_boundary_vertices.csv: unexpected AUS / IDN-USA rows")
    nodes = {}
    for r in aus:
        lat = float(r["lat"]) if r["lat"] else -78.0  # "coast of Antarctica" -> closed along 78 S (as srr_approx)
        nodes["AUS%d" % int(r["seq"])] = (rnd(float(r["lon"]), 5), rnd(lat, 5))
    for r in usa:
        nodes["USA%d" % int(r["seq"])] = (rnd(float(r["lon"]), 5), rnd(float(r["lat"]), 5))
    return nodes


# Assumed turning points (lon, lat). Names say which SRRs meet there. All are rough, chosen by the sample builder
# from the coastlines (Natural Earth / OSM 12 nm) and the well-known shape of the regions; none is published.
ASSUMED_NODES = {
    # India / Sri Lanka / Maldives side
    "IND_W_S": (65.0, 7.8), "MDV_N": (73.0, 7.8),          # outer edge toward the Maldives SRR (not modelled)
    "IND_LKA_GM": (77.17, 5.88),                            # Gulf of Mannar line end (near India-SL boundary end)
    "IND_LKA_GM1": (78.92, 8.37), "IND_LKA_AB": (79.53, 9.1),  # Gulf of Mannar / Adam's Bridge
    "IND_LKA_PB1": (79.51, 9.36), "IND_LKA_PB2": (79.38, 9.67), "IND_LKA_PB3": (79.58, 9.95),
    "IND_LKA_PB4": (80.05, 10.08),                          # Palk Bay (follows the India-SL 1974 line roughly)
    "IND_LKA_BB": (81.93, 11.03),                           # Bay of Bengal end of the India-SL line
    "IDN_IND_LKA": (92.0, 6.0),
    "IND_IDN_1": (94.6, 6.3),                               # between Great Nicobar and Weh
    "IND_IDN_THA": (95.53, 7.78),                           # near the India-Indonesia-Thailand tri-junction
    "IND_MMR_THA": (96.6, 9.8),
    "IND_MMR_1": (94.4, 13.7), "IND_MMR_2": (93.0, 13.9),  # between the Andamans and Coco / Narcondam (IND) south
    "IND_MMR_3": (92.0, 14.5),
    "IND_BGD_MMR": (89.35, 17.5),
    "IND_BGD_COAST": (89.15, 21.64),                        # India-Bangladesh land boundary terminus (approx.)
    "IND_BGD_LAND": (88.7, 24.0),                           # landward closure (arbitrary, over land)
    "IND_NW": (68.18, 23.6), "IND_W_N": (65.0, 21.5),       # Sir Creek; outer edge toward Pakistan / Oman
    # Bangladesh / Myanmar / Thailand
    "BGD_MMR_NAF": (92.3, 20.7), "BGD_MMR_LAND": (92.6, 21.3), "BGD_NE": (92.6, 24.0),
    "MMR_N": (95.0, 21.3), "MMR_THA_LAND": (98.9, 16.5), "MMR_THA_PAKCHAN": (98.55, 9.95),
    "THA_N": (101.0, 16.5), "THA_KHM": (102.9, 11.65),     # landward closure; Thai-Cambodian coast
    "THA_MYS_GULF": (103.04, 7.82),                         # Gulf of Thailand, near the TH-MY-VN tri-junction
    "THA_MYS_TAKBAI": (102.1, 6.2), "THA_MYS_PERLIS": (100.12, 6.43),
    # Malacca Strait / Singapore Strait / southern South China Sea
    "IDN_MYS_THA": (98.03, 5.95),                           # near the 1971 Indonesia-Malaysia-Thailand common point
    "IDN_MYS_M1": (99.4, 4.1), "IDN_MYS_M2": (100.55, 3.0), "IDN_MYS_M3": (101.04, 2.83), "IDN_MYS_M4": (101.58, 2.4),
    "IDN_MYS_M5": (101.83, 2.21), "IDN_MYS_M6": (102.35, 1.84), "IDN_MYS_M7": (103.06, 1.32),
    "IDN_MYS_SGP": (103.45, 1.23),
    "IDN_SGP_1": (103.57, 1.2), "IDN_SGP_1a": (103.74, 1.13), "IDN_SGP_1b": (103.88, 1.21),
    "IDN_SGP_2": (104.13, 1.28), "IDN_SGP_3": (104.49, 1.31),
    "IDN_SGP_4": (105.2, 2.0), "IDN_SGP_5": (105.2, 4.2), "IDN_SGP_6": (107.0, 5.0),  # keeps Anambas/Natuna in IDN
    "IDN_SGP_MYS": (109.0, 4.8),
    "MYS_SGP_1": (103.62, 1.32), "MYS_SGP_1a": (103.65, 1.39), "MYS_SGP_1b": (103.75, 1.45),  # Johor Strait
    "MYS_SGP_1c": (103.82, 1.48), "MYS_SGP_2": (103.93, 1.43), "MYS_SGP_3": (104.07, 1.43),
    "MYS_SGP_4": (104.3, 1.42), "MYS_SGP_5": (104.6, 1.55), "MYS_SGP_N": (104.6, 6.5),
    "SGP_MYS_NE": (109.0, 6.5),
    # Borneo
    "IDN_MYS_DATU": (109.65, 2.08),                         # Tanjung Datu (Sarawak / West Kalimantan coast)
    "IDN_MYS_SEBATIK": (117.9, 4.17),
    # Sulu / Celebes Seas, Philippines
    "IDN_MYS_PHL": (118.85, 4.2), "MYS_PHL_1": (118.8, 4.47), "MYS_PHL_2": (119.3, 4.9), "MYS_PHL_3": (119.6, 5.2),
    "MYS_PHL_4": (118.4, 5.95), "MYS_PHL_5": (118.04, 6.16), "MYS_PHL_6": (117.89, 6.51), "MYS_PHL_7": (117.63, 6.71),
    "MYS_PHL_8": (117.38, 6.9), "MYS_PHL_9": (117.44, 7.38),  # Sulu Sea: near where the OSM 12 nm limits meet
    "MYS_PHL_BALABAC": (117.1, 7.5), "MYS_PHL_W": (114.0, 7.5),
    "IDN_PHL_1": (122.0, 4.4), "IDN_PHL_2": (125.0, 4.6), "IDN_PHL_3": (126.2, 5.9), "IDN_PHL_4": (127.5, 6.0),
    "PHL_NE": (130.0, 21.0), "PHL_N": (118.0, 21.0), "PHL_NW": (114.0, 19.0),
    # Papua New Guinea
    "PNG_SLB_1": (155.3, -7.3), "PNG_SLB_2": (156.3, -6.4), "PNG_SLB_3": (158.0, -5.3), "PNG_SLB_4": (160.0, -4.9),
    "PNG_NE": (160.0, 0.0),
}
# Sarawak/Sabah - Kalimantan land border: 20 points sampled (rounded to 0.01 deg) from the border shared by the IDN and
# MYS outlines in osm_land_plus_12nm_asia_pacific.geojson, west -> east.
BORNEO_BORDER = [(109.68, 1.76), (109.96, 1.39), (110.29, 0.99), (110.63, 0.87), (111.06, 1.05), (111.71, 1.02),
                 (112.12, 1.14), (112.44, 1.54), (113.06, 1.56), (113.45, 1.28), (114.03, 1.45), (114.71, 1.76),
                 (114.8, 2.1), (115.22, 2.54), (115.38, 2.98), (115.63, 3.47), (115.68, 4.15), (116.16, 4.35),
                 (116.93, 4.36), (117.64, 4.15)]
for _i, _p in enumerate(BORNEO_BORDER, 1):
    ASSUMED_NODES["IDN_MYS_B%02d" % _i] = _p
BORNEO_WE = ["IDN_MYS_B%02d" % i for i in range(1, len(BORNEO_BORDER) + 1)]
MALACCA_NS = ["IDN_MYS_THA", "IDN_MYS_M1", "IDN_MYS_M2", "IDN_MYS_M3", "IDN_MYS_M4", "IDN_MYS_M5", "IDN_MYS_M6",
              "IDN_MYS_M7", "IDN_MYS_SGP"]
SGP_STRAIT_WE = ["IDN_MYS_SGP", "IDN_SGP_1", "IDN_SGP_1a", "IDN_SGP_1b", "IDN_SGP_2", "IDN_SGP_3"]
JOHOR_WE = ["IDN_MYS_SGP", "MYS_SGP_1", "MYS_SGP_1a", "MYS_SGP_1b", "MYS_SGP_1c", "MYS_SGP_2", "MYS_SGP_3",
            "MYS_SGP_4", "MYS_SGP_5", "MYS_SGP_N"]
SULU_SN = ["IDN_MYS_PHL", "MYS_PHL_1", "MYS_PHL_2", "MYS_PHL_3", "MYS_PHL_4", "MYS_PHL_5", "MYS_PHL_6", "MYS_PHL_7",
           "MYS_PHL_8", "MYS_PHL_9", "MYS_PHL_BALABAC"]

# Rings (counter-clockwise). Consecutive names are joined by straight lon/lat lines, then densified.
AUS_RING = ["AUS0", "AUS18", "AUS17", "AUS16", "AUS15", "AUS14", "AUS13", "AUS12", "AUS11", "AUS10", "AUS9",
            "AUS8", "AUS7", "AUS6", "AUS5", "AUS4", "AUS3", "AUS2", "AUS1"]
AUS_IDN_LINE = ["AUS3", "AUS4", "AUS5", "AUS6", "AUS7", "AUS8", "AUS9"]  # west -> east, as IDN walks it

SRR_SPECS = [
    {
        "code": "AUS", "name": "Australian SRR (approx.)", "centreCode": "JRCC-AUS",
        "rings": [AUS_RING],
        "source": AMSA_SOURCE + " (via srr_boundary_vertices.csv; same vertices as srr_approx.geojson).",
        "note": ("Every turning point from 75E at the Antarctic coast to 163E is from the published AMSA list (1990s; "
                 "re-verify against AIP Australia GEN 3.6 / IMO GISIS). ASSUMED: the eastern closure along the 163E "
                 "meridian (source text truncated) and the Antarctic closure simplified to the 78S parallel "
                 "(as srr_approx.geojson). West of 75E-78E (Maldives/Mauritius side) and east of 155E-163E (Solomon "
                 "Is., New Caledonia, New Zealand SRRs) no neighbour is modelled."),
    },
    {
        "code": "IDN", "name": "Indonesian SRR (approx.)", "centreCode": "BASARNAS-IDN",
        "rings": [AUS_IDN_LINE + ["USA5", "USA4", "USA3", "USA2", "USA1",
                                  "IDN_PHL_4", "IDN_PHL_3", "IDN_PHL_2", "IDN_PHL_1", "IDN_MYS_PHL",
                                  "IDN_MYS_SEBATIK"] + BORNEO_WE[::-1] +
                  ["IDN_MYS_DATU", "IDN_SGP_MYS", "IDN_SGP_6", "IDN_SGP_5", "IDN_SGP_4"] + SGP_STRAIT_WE[::-1][:-1] +
                  MALACCA_NS[::-1] + ["IND_IDN_THA", "IND_IDN_1", "IDN_IND_LKA"]],
        "source": AMSA_SOURCE + "; " + IDN_USA_SOURCE + " (both via srr_boundary_vertices.csv).",
        "note": ("PUBLISHED edges: the Australian common line 2S 92E ... 9 50S 141E (identical vertices to the "
                 "Australian feature, walked in reverse) and the Indonesia-USA (Guam) line 0 141E - 3 30N 141E - "
                 "3 30N 132E - 6N 132E - 6N 130E. ASSUMED: 141E meridian from 9 50S to 0 as the PNG line (ignores "
                 "the Fly River bulge of the land border); rough median lines toward the Philippines (Celebes Sea, "
                 "north of Miangas), Malaysia (Sabah and Sarawak land border through 20 points sampled from the OSM border; Malacca Strait median, partly at points where the OSM 12 nm limits meet), "
                 "Singapore (Singapore Strait median, then a line keeping Anambas and Natuna in IDN), Thailand and "
                 "India (Andaman Sea, near the 1971/1978 tri-junctions) and the 92E meridian from 6N to 2S toward "
                 "Sri Lanka. Christmas Island and Timor-Leste fall in this SRR, as the Australian line implies."),
    },
    {
        "code": "PNG", "name": "Papua New Guinea SRR (approx.)", "centreCode": "MRCC-PNG",
        "rings": [["AUS9", "AUS10", "AUS11", "AUS12", "AUS13", "AUS14", "PNG_SLB_1", "PNG_SLB_2", "PNG_SLB_3",
                   "PNG_SLB_4", "PNG_NE", "USA5"]],
        "source": AMSA_SOURCE + " (southern edge, via srr_boundary_vertices.csv); " + IDN_USA_SOURCE +
                  " (junction at 0 141E).",
        "note": ("PUBLISHED: the southern edge 9 50S 141E ... 12S 144E - 12S 155E is the Australian list (identical "
                 "vertices). ASSUMED: the 141E meridian toward Indonesia, a rough line between Bougainville and the "
                 "Solomon Islands (Shortland, Choiseul, Ontong Java stay outside) to 160E, the 160E meridian and the "
                 "equator as the northern limit (US Guam SRR north of it is not modelled)."),
    },
    {
        "code": "PHL", "name": "Philippine SRR (approx.)", "centreCode": "MRCC-PHL",
        "rings": [["IDN_MYS_PHL", "IDN_PHL_1", "IDN_PHL_2", "IDN_PHL_3", "IDN_PHL_4", "USA1", "PHL_NE", "PHL_N",
                   "PHL_NW", "MYS_PHL_W"] + SULU_SN[::-1][:-1]],
        "source": IDN_USA_SOURCE + " (junction at 6N 130E only); other edges assumed.",
        "note": ("ASSUMED throughout except the 6N 130E junction with the Indonesia-USA line: rough median lines "
                 "toward Indonesia (Celebes Sea) and Malaysia (Sibutu/Balabac passages), 114E meridian to the west, "
                 "21N parallel to the north, 130E meridian to the east (roughly the Manila FIR; the Japanese, "
                 "Chinese/Taiwanese and US Guam SRRs beyond are not modelled)."),
    },
    {
        "code": "MYS", "name": "Malaysian SRR (approx.)", "centreCode": "MRCC-MYS",
        "rings": [MALACCA_NS + JOHOR_WE[1:] + ["THA_MYS_GULF", "THA_MYS_TAKBAI", "THA_MYS_PERLIS"],
                  ["IDN_MYS_DATU"] + BORNEO_WE + ["IDN_MYS_SEBATIK"] + SULU_SN + ["MYS_PHL_W", "SGP_MYS_NE",
                                                                                  "IDN_SGP_MYS"]],
        "source": "Assumed by the sample builder; no published vertex used.",
        "note": ("ASSUMED throughout; two parts (MultiPolygon). Peninsular part: Malacca Strait median toward "
                 "Indonesia, Johor Strait toward Singapore, 104.6E meridian toward the Singapore part of the South "
                 "China Sea, Thai border (land closure Perlis - Tak Bai) and a Gulf of Thailand line. Borneo part: "
                 "Sarawak/Sabah - Kalimantan land border through 20 points sampled from the OSM border, Celebes/Sulu Sea lines "
                 "toward Indonesia and the Philippines, 109E toward Singapore/Indonesia, outer edge 6.5N-7.5N "
                 "(Viet Nam / China SRRs and the disputed Spratly area not modelled)."),
    },
    {
        "code": "SGP", "name": "Singapore SRR (approx.)", "centreCode": "MRCC-SGP",
        "rings": [SGP_STRAIT_WE + ["IDN_SGP_4", "IDN_SGP_5", "IDN_SGP_6", "IDN_SGP_MYS", "SGP_MYS_NE"] +
                  JOHOR_WE[::-1][:-1]],
        "source": "Assumed by the sample builder; no published vertex used.",
        "note": ("ASSUMED throughout and VERY ROUGH: Singapore Strait (median toward Indonesia, Johor Strait toward "
                 "Malaysia) plus a southern South China Sea sector 104.6E-109E up to 6.5N, standing in for the real "
                 "Singapore SRR, which follows the Singapore FIR and differs in shape."),
    },
    {
        "code": "THA", "name": "Thai SRR (approx.)", "centreCode": "BKKRCC-THA",
        "rings": [["IND_MMR_THA", "IND_IDN_THA", "IDN_MYS_THA", "THA_MYS_PERLIS", "THA_MYS_TAKBAI", "THA_MYS_GULF",
                   "THA_KHM", "THA_N", "MMR_THA_LAND", "MMR_THA_PAKCHAN"]],
        "source": "Assumed by the sample builder; no published vertex used (tri-junctions placed near the "
                  "1971 Indonesia-Malaysia-Thailand and 1978 India-Indonesia-Thailand points).",
        "note": ("ASSUMED throughout: Andaman Sea lines toward Myanmar (Pakchan estuary westward), India and "
                 "Indonesia; Thai-Malaysian border; a Gulf of Thailand line to the Thai-Cambodian coast (Cambodia and "
                 "Viet Nam SRRs not modelled, so the eastern Gulf is uncovered); landward closure over land."),
    },
    {
        "code": "MMR", "name": "Myanmar SRR (approx.)", "centreCode": "MRCC-MMR",
        "rings": [["BGD_MMR_NAF", "IND_BGD_MMR", "IND_MMR_3", "IND_MMR_2", "IND_MMR_1", "IND_MMR_THA",
                   "MMR_THA_PAKCHAN", "MMR_THA_LAND", "MMR_N", "BGD_MMR_LAND"]],
        "source": "Assumed by the sample builder; no published vertex used.",
        "note": ("ASSUMED throughout: a line from the Naf estuary toward the Bay of Bengal (Bangladesh), a line "
                 "between the Andamans/Narcondam (India) and Coco/Preparis (Myanmar), Andaman Sea line toward "
                 "Thailand; landward closure over land."),
    },
    {
        "code": "BGD", "name": "Bangladesh SRR (approx.)", "centreCode": "MRCC-BGD",
        "rings": [["IND_BGD_COAST", "IND_BGD_MMR", "BGD_MMR_NAF", "BGD_MMR_LAND", "BGD_NE", "IND_BGD_LAND"]],
        "source": "Assumed by the sample builder; no published vertex used.",
        "note": ("ASSUMED throughout: a wedge into the Bay of Bengal between rough lines from the India-Bangladesh "
                 "land boundary terminus and from the Naf estuary, meeting at 17.5N 89.35E; landward closure over "
                 "land."),
    },
    {
        "code": "IND", "name": "Indian SRR (approx.)", "centreCode": "MRCC-IND-CHENNAI",
        "rings": [["IND_LKA_GM", "IND_LKA_GM1", "IND_LKA_AB", "IND_LKA_PB1", "IND_LKA_PB2", "IND_LKA_PB3",
                   "IND_LKA_PB4", "IND_LKA_BB", "IDN_IND_LKA", "IND_IDN_1", "IND_IDN_THA", "IND_MMR_THA",
                   "IND_MMR_1", "IND_MMR_2", "IND_MMR_3", "IND_BGD_MMR", "IND_BGD_COAST", "IND_BGD_LAND", "IND_NW",
                   "IND_W_N", "IND_W_S", "MDV_N"]],
        "source": "Assumed by the sample builder; no published vertex used (Palk Bay / Gulf of Mannar points placed "
                  "near the 1974/1976 India-Sri Lanka maritime boundary).",
        "note": ("ASSUMED throughout: lines toward Sri Lanka (Gulf of Mannar, Palk Bay, Bay of Bengal), Indonesia, "
                 "Thailand, Myanmar and Bangladesh; outer edges toward the Maldives (7.8N, Minicoy inside), the open "
                 "Arabian Sea (65E) and Pakistan (Sir Creek); landward closure over land. The real Indian SRR is "
                 "split among MRCC Mumbai (west), MRCC Chennai (east) and MRCC Port Blair (Andaman & Nicobar), "
                 "coordinated by Coast Guard HQ; the sample keeps one feature and names MRCC Chennai because most "
                 "modelled neighbours (LKA, BGD, MMR, THA, IDN) face the Bay of Bengal / Andaman side, and the "
                 "centre list shows Chennai exercising and coordinating with BKKRCC and MRCC Colombo."),
    },
    {
        "code": "LKA", "name": "Sri Lankan SRR (approx.)", "centreCode": "MRCC-LKA",
        "rings": [["AUS2", "AUS3", "IDN_IND_LKA", "IND_LKA_BB", "IND_LKA_PB4", "IND_LKA_PB3", "IND_LKA_PB2",
                   "IND_LKA_PB1", "IND_LKA_AB", "IND_LKA_GM1", "IND_LKA_GM"]],
        "source": AMSA_SOURCE + " (southern edge 2S 78E - 2S 92E, via srr_boundary_vertices.csv); other edges "
                  "assumed.",
        "note": ("PUBLISHED: the southern edge along 2S from 78E to 92E is the Australian list (identical vertices). "
                 "ASSUMED: the 92E meridian toward Indonesia, a line from 6N 92E to the Bay of Bengal end of the "
                 "India-Sri Lanka line, that line through Palk Bay and the Gulf of Mannar, and a line back to 2S 78E "
                 "(Maldives SRR to the west not modelled)."),
    },
]

DENSIFY_NOTE = (" Edges are straight lines in lon/lat (not great circles; sparse edges can differ from a geodesic by "
                "several nm), densified by linear lon/lat interpolation so no two consecutive vertices are more than "
                "1 degree apart; coordinates rounded to 5 decimals. Shared boundaries use identical vertices in both "
                "features. APPROXIMATE - NOT FOR OPERATIONAL USE: load authoritative boundaries (IMO GISIS / national "
                "AIP) with the project's loader.")


def densify_edge(a, b):
    """Canonical densification: computed from the lexicographically smaller end so that an edge walked in either
    direction yields exactly the same (rounded) vertices."""
    flip = a > b
    p, q = (b, a) if flip else (a, b)
    length = math.hypot(q[0] - p[0], q[1] - p[1])
    n = max(1, math.ceil(length / MAX_EDGE_DEG - 1e-9))
    while True:
        pts = [(rnd(p[0] + (q[0] - p[0]) * k / n, 5), rnd(p[1] + (q[1] - p[1]) * k / n, 5)) for k in range(n + 1)]
        pts[0], pts[-1] = p, q
        if all(math.hypot(u[0] - v[0], u[1] - v[1]) <= MAX_EDGE_DEG for u, v in zip(pts, pts[1:])):
            break
        n += 1
    return pts[::-1] if flip else pts


def build_ring(names, nodes):
    pts = [nodes[n] for n in names]
    ring = []
    for a, b in zip(pts, pts[1:] + pts[:1]):
        seg = densify_edge(a, b)
        ring.extend(seg[:-1])
    ring.append(ring[0])
    return [[x, y] for x, y in ring]


def build_sar_regions():
    nodes = dict(load_published_vertices())
    for k, v in ASSUMED_NODES.items():
        if k in nodes:
            raise SystemExit("duplicate node " + k)
        nodes[k] = (rnd(v[0], 5), rnd(v[1], 5))

    # The Australian vertices must equal the shared srr_approx.geojson polygon (published list + 78S closure).
    approx = json.loads((SRC / "srr_approx.geojson").read_text(encoding="utf-8"))
    aus_approx = next(f for f in approx["features"] if f["properties"].get("id") == "SRR-AUS-approx")
    approx_pts = {(rnd(x, 5), rnd(y, 5)) for x, y in aus_approx["geometry"]["coordinates"][0]}
    for n in AUS_RING:
        if nodes[n] not in approx_pts:
            fail(f"AUS vertex {n} {nodes[n]} not in srr_approx.geojson")

    features = []
    for spec in SRR_SPECS:
        rings = [build_ring(r, nodes) for r in spec["rings"]]
        for i, ring in enumerate(rings):
            if signed_area(ring) <= 0:
                fail(f"{spec['code']} ring {i} is not counter-clockwise")
            ok, where = ring_is_simple(ring)
            if not ok:
                fail(f"{spec['code']} ring {i} self-intersects at segments {where}")
            if ring[0] != ring[-1]:
                fail(f"{spec['code']} ring {i} not closed")
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if math.hypot(x2 - x1, y2 - y1) > MAX_EDGE_DEG:
                    fail(f"{spec['code']} edge longer than {MAX_EDGE_DEG} deg")
                if not (60.0 <= x1 <= 180.0):
                    fail(f"{spec['code']} vertex outside 60E..180E")
        geom = ({"type": "Polygon", "coordinates": [rings[0]]} if len(rings) == 1 else
                {"type": "MultiPolygon", "coordinates": [[r] for r in rings]})
        props = {
            "code": spec["code"],
            "name": spec["name"],
            "centreCode": spec["centreCode"],
            "approximate": True,
            "boundaryVersion": SRR_BOUNDARY_VERSION,
            "source": spec["source"],
            "note": spec["note"] + DENSIFY_NOTE,
        }
        features.append({"type": "Feature", "id": "SRR-" + spec["code"], "properties": props, "geometry": geom})

    # Published lines: IDN must walk the Australian common line with identical vertices, reversed.
    aus_ring = features[0]["geometry"]["coordinates"][0]
    idn_ring = features[1]["geometry"]["coordinates"][0]
    line = build_ring(AUS_IDN_LINE, nodes)[:-1]
    line = line[: line.index(list(nodes["AUS9"])) + 1]
    if idn_ring[: len(line)] != line:
        fail("IDN ring does not start with the densified Australian common line")
    s = json.dumps(line[::-1])
    if s[1:-1] not in json.dumps(aus_ring):
        fail("Australian ring does not contain the common line (reversed) with identical vertices")
    usa_line = [list(nodes[n]) for n in ("USA5", "USA4", "USA3", "USA2", "USA1")]
    if not all(p in idn_ring for p in usa_line):
        fail("IDN ring lacks an Indonesia-USA vertex")
    return features


def check_shared_edges(features):
    """Every densified segment is used once (outer edge) or by exactly two SRRs in opposite directions."""
    use = {}
    for f in features:
        for poly in polygons_of(f["geometry"]):
            ring = poly[0]
            for a, b in zip(ring, ring[1:]):
                use.setdefault((tuple(a), tuple(b)), []).append(f["properties"]["code"])
    pairs = {}
    for (a, b), codes in use.items():
        if len(codes) > 1:
            fail(f"segment {a}->{b} used twice in the same direction by {codes}")
        back = use.get((b, a))
        if back and a < b:
            key = tuple(sorted((codes[0], back[0])))
            if key[0] == key[1]:
                fail(f"{key[0]} walks a segment both ways")
            pairs[key] = pairs.get(key, 0) + 1
    print("\nShared boundaries (identical vertices, opposite direction): neighbour pair -> segments")
    for k in sorted(pairs):
        print(f"  {k[0]}-{k[1]}: {pairs[k]}")
    return pairs


def scanline_crossings(polys, y):
    """x positions where the horizontal line at y crosses the polygon edges (same rule as point_in_ring)."""
    xs = []
    for poly in polys:
        for ring in poly:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > y) != (y2 > y):
                    xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    return xs


def check_overlap_and_coverage(features):
    """Ray-cast every grid point (step 0.25 deg, at x.125 offsets) over 60E..180E, 50S..35N against every SRR,
    via a scanline per row (equivalent to an even-odd ray cast toward +x). Assert no point is in two SRRs."""
    codes = [f["properties"]["code"] for f in features]
    polys = [polygons_of(f["geometry"]) for f in features]
    bboxes = [bbox_of_geom(f["geometry"]) for f in features]
    nx = int(round((GRID[2] - GRID[0]) / GRID_STEP))
    ny = int(round((GRID[3] - GRID[1]) / GRID_STEP))
    xs = [GRID[0] + GRID_STEP * (i + 0.5) for i in range(nx)]
    count = {c: 0 for c in codes}
    area = {c: 0.0 for c in codes}
    none = 0
    overlaps = 0
    examples = []
    cell_km2 = (GRID_STEP * 111.195) ** 2
    for j in range(ny):
        y = GRID[1] + GRID_STEP * (j + 0.5)
        hits = [0] * nx
        who = [None] * nx
        for k, (c, p, b) in enumerate(zip(codes, polys, bboxes)):
            if not (b[1] < y < b[3]):
                continue
            cross = scanline_crossings(p, y)
            for i, x in enumerate(xs):
                if b[0] < x < b[2] and (len(cross) - bisect.bisect_right(cross, x)) % 2 == 1:
                    hits[i] += 1
                    if who[i] is not None and len(examples) < 10:
                        examples.append((x, y, who[i], c))
                    who[i] = c
        w = math.cos(math.radians(y)) * cell_km2
        for i in range(nx):
            if hits[i] == 0:
                none += 1
            elif hits[i] > 1:
                overlaps += 1
            else:
                count[who[i]] += 1
                area[who[i]] += w
    total = nx * ny
    print(f"\nOverlap / coverage check: {nx} x {ny} = {total:,} grid points, step {GRID_STEP} deg, "
          f"{GRID[0]:g}E..{GRID[2]:g}E, {abs(GRID[1]):g}S..{GRID[3]:g}N (cell centres at x.125)")
    print(f"  {'SRR':<4} {'centreCode':<18} {'points':>8} {'share':>7} {'~area in grid, km2':>20} "
          f"{'polygon area, km2':>18}")
    for f, c in zip(features, codes):
        full = sum(spherical_area_km2(poly[0]) for poly in polygons_of(f["geometry"]))
        print(f"  {c:<4} {f['properties']['centreCode']:<18} {count[c]:>8,} {100.0 * count[c] / total:>6.2f}% "
              f"{area[c]:>20,.0f} {full:>18,.0f}")
    print(f"  {'none':<23} {none:>8,} {100.0 * none / total:>6.2f}%   (no SRR modelled there: open ocean, "
          f"land, or unmodelled neighbours)")
    print(f"  {'in 2+ SRRs':<23} {overlaps:>8,}")
    if overlaps:
        fail(f"{overlaps} grid points lie in more than one SRR, e.g. {examples}")
    else:
        print("  OK: no grid point lies in more than one SRR")


def report_country_assignment(features, territorial):
    """Informational: in which SRR each country's outer 12 nm limit lies (sampled vertices of the OSM outline)."""
    codes = [f["properties"]["code"] for f in features]
    polys = [polygons_of(f["geometry"]) for f in features]
    bboxes = [bbox_of_geom(f["geometry"]) for f in features]
    print("\nOuter 12 nm limit vertices by SRR, per country (informational; every 10th vertex; vertices shared with "
          "another outline in the file are skipped, but land borders with countries not in the file, e.g. China, "
          "Nepal, Pakistan, Laos, remain and count as 'none'):")
    owner = {}
    for tf in territorial:
        for poly in polygons_of(tf["geometry"]):
            for p in poly[0]:
                owner.setdefault(tuple(p), set()).add(tf["properties"]["country"])
    for tf in territorial:
        tally = {}
        n = 0
        for poly in polygons_of(tf["geometry"]):
            outer = [p for p in poly[0][:-1] if len(owner[tuple(p)]) == 1]
            for x, y in outer[::10]:
                n += 1
                hit = "none"
                for c, p, b in zip(codes, polys, bboxes):
                    if b[0] <= x <= b[2] and b[1] <= y <= b[3] and point_in_polygons(x, y, p):
                        hit = c
                        break
                tally[hit] = tally.get(hit, 0) + 1
        if not n:
            print(f"  {tf['properties']['country']}: (every vertex is shared with another outline)")
            continue
        top = ", ".join(f"{k} {100.0 * v / n:.0f}%" for k, v in sorted(tally.items(), key=lambda kv: -kv[1]))
        print(f"  {tf['properties']['country']}: {top}")


# --------------------------------------------------------------------------------------------- rescue centres

RCC_CODES = {
    "JRCC Australia": "JRCC-AUS",
    "BASARNAS Command Center (BCC), Jakarta": "BASARNAS-IDN",
    "MRCC Putrajaya": "MRCC-MYS",
    "Bangkok Rescue Co-ordination Centre (BKKRCC)": "BKKRCC-THA",
    "Thai Maritime Enforcement Command Center (Thai-MECC)": "MECC-THA",
    "Philippine Coast Guard Action Center / MRCC Manila": "MRCC-PHL",
    "MRCC Colombo": "MRCC-LKA",
    "Bangladesh Navy MRCC": "MRCC-BGD",
    "Myanmar MRCC (Yangon)": "MRCC-MMR",
    "MRCC Papua New Guinea (Port Moresby)": "MRCC-PNG",
    "RCC New Zealand (RCCNZ)": "RCCNZ-NZL",
    "MRCC Chennai": "MRCC-IND-CHENNAI",
    "MRCC Mumbai": "MRCC-IND-MUMBAI",
    "MRCC Port Blair": "MRCC-IND-PORTBLAIR",
    "MRCC Singapore": "MRCC-SGP",
}
# Rows deliberately left out (documented in README.md): not an existing rescue centre.
RCC_SKIPPED = {
    "Timor-Leste (no dedicated MRCC found)": "no centre exists; Timor-Leste waters fall in the Indonesian SRR",
    "MRCC Hambantota (planned secondary centre)": "planned only (2017-2021), existence not verified",
}


def build_rescue_centres():
    features = []
    for r in csv.DictReader((SRC / "rcc_asia_pacific_sample.csv").open(encoding="utf-8")):
        if r["name"] in RCC_SKIPPED:
            print(f"rescue centres: skipped '{r['name']}': {RCC_SKIPPED[r['name']]}")
            continue
        code = RCC_CODES.get(r["name"])
        if code is None:
            raise SystemExit("rcc_asia_pacific_sample.csv: no code for row " + r["name"])
        props = {
            "code": code,
            "name": r["name"],
            "country": r["country_iso3"],
            "operator": r["operator"],
            "city": r["city"],
            "contact": r["contact_channels"],
            "verification": r["verification"],
            "source": r["source"],
            "locationPrecision": r["location_precision"],
        }
        geom = {"type": "Point", "coordinates": [rnd(float(r["lon"]), 5), rnd(float(r["lat"]), 5)]}
        features.append({"type": "Feature", "id": code, "properties": props, "geometry": geom})
    codes = [f["properties"]["code"] for f in features]
    if len(set(codes)) != len(codes):
        raise SystemExit("duplicate rescue centre code")
    return features


# --------------------------------------------------------------------------------------------- ports

def build_ports():
    def text(v):
        v = v.strip()
        return v or None

    def metres(v):
        v = v.strip()
        if not v:
            return None
        f = float(v)
        return None if f == 0.0 else f  # WPI writes 0 for "not reported"

    features = []
    rows = list(csv.DictReader((SRC / "wpi_asia_pacific.csv").open(encoding="utf-8")))
    rows.sort(key=lambda r: int(r["wpi_number"]))
    for r in rows:
        locode = text(r["unlocode"])
        props = {
            "wpiNumber": int(r["wpi_number"]),
            "name": r["main_port_name"].strip(),
            "alternateName": text(r["alternate_port_name"]),
            "unlocode": locode.replace(" ", "") if locode else None,
            "country": text(r["country"]),
            "harborSize": text(r["harbor_size"]),
            "harborType": text(r["harbor_type"]),
            "shelter": text(r["shelter"]),
            "medicalFacilities": text(r["medical_facilities"]),
            "maxVesselLengthM": metres(r["max_vessel_length_m"]),
            "channelDepthM": metres(r["channel_depth_m"]),
        }
        geom = {"type": "Point", "coordinates": [rnd(float(r["lon"]), 5), rnd(float(r["lat"]), 5)]}
        features.append({"type": "Feature", "id": "WPI-%d" % props["wpiNumber"], "properties": props,
                         "geometry": geom})
    return features


# --------------------------------------------------------------------------------------------- coastline

MIN_ISLAND_SQDEG = 0.0  # raised only if the output would exceed MAX_COAST_BYTES
MAX_COAST_BYTES = 1_500_000


def build_coastline():
    src = json.loads((SRC / "ne_land_50m.amcut.geojson").read_text(encoding="utf-8"))
    polys = []
    for f in src["features"]:
        for poly in polygons_of(f["geometry"]):
            if bbox_intersects(bbox_of_points(poly[0])):
                polys.append(poly)
    kept_all = [p for p in (round_polygon(p, 4) for p in polys) if p is not None]

    def make(min_area):
        kept = [p for p in kept_all if abs(signed_area(p[0])) >= min_area]
        geom = {"type": "MultiPolygon", "coordinates": kept}
        props = {"source": "Natural Earth 1:50m land (world-atlas@2.0.2 land-50m, antimeridian-cut)",
                 "licence": "public domain (Natural Earth)",
                 "note": "polygons whose bbox intersects 55E..180E, 55S..40N, kept whole; coordinates rounded to "
                         "4 decimals" + (f"; islands under {min_area} square degrees dropped" if min_area else "")}
        return [{"type": "Feature", "id": "land-50m", "properties": props, "geometry": geom}], len(kept)

    min_area = MIN_ISLAND_SQDEG
    feats, n = make(min_area)
    while len(json.dumps(feats, separators=(",", ":"))) > MAX_COAST_BYTES and min_area < 0.01:
        min_area = 0.01 if min_area == 0 else min_area * 2
        feats, n = make(min_area)
    print(f"coastline: {len(polys)} of the source polygons intersect the area; kept {n} (min area {min_area} sq deg)")
    return feats


# --------------------------------------------------------------------------------------------- 12 nm, EEZ

def build_territorial():
    src = json.loads((SRC / "osm_land_plus_12nm_asia_pacific.geojson").read_text(encoding="utf-8"))
    features = []
    for f in sorted(src["features"], key=lambda f: f["properties"]["A3"]):
        geom = round_geometry(f["geometry"], 4)
        a3 = f["properties"]["A3"]
        props = {"country": a3, "boundaryVersion": OSM_12NM_VERSION,
                 "note": "land + internal/archipelagic waters + 12 nm territorial sea from OpenStreetMap "
                         "admin_level=2 outlines (baselines are contributors' work, not official); coordinates "
                         "rounded to 4 decimals (about 11 m)"}
        features.append({"type": "Feature", "id": "TS12-" + a3, "properties": props, "geometry": geom})
    return features


def build_eez():
    src = json.loads((SRC / "gfw_eez_simplified.geojson").read_text(encoding="utf-8"))
    features = []
    for f in src["features"]:
        if not bbox_intersects(bbox_of_geom(f["geometry"])):
            continue
        props = dict(f["properties"])
        props["approximate"] = True
        props["boundaryVersion"] = GFW_EEZ_VERSION
        geom = round_geometry(f["geometry"], 5)
        features.append({"type": "Feature", "id": "EEZ-%s" % props.get("area"), "properties": props,
                         "geometry": geom})
    features.sort(key=lambda f: (str(f["properties"].get("name")), str(f["properties"].get("area"))))
    return features


# --------------------------------------------------------------------------------------------- main

def main():
    srr = build_sar_regions()
    write_fc(GEO / "sar-regions.geojson", srr, "sar-regions")
    centres = build_rescue_centres()
    write_fc(GEO / "rescue-centres.geojson", centres, "rescue-centres")
    centre_codes = {f["properties"]["code"] for f in centres}
    for f in srr:
        if f["properties"]["centreCode"] not in centre_codes:
            fail(f"SRR {f['properties']['code']} names unknown centre {f['properties']['centreCode']}")
    write_fc(GEO / "ports.geojson", build_ports(), "ports")
    write_fc(GEO / "coastline.geojson", build_coastline(), "coastline")
    territorial = build_territorial()
    write_fc(GEO / "territorial-sea-12nm.geojson", territorial, "territorial-sea-12nm")
    write_fc(GEO / "eez.geojson", build_eez(), "eez")

    check_shared_edges(srr)
    check_overlap_and_coverage(srr)
    report_country_assignment(srr, territorial)

    if FAILURES:
        print(f"\n{len(FAILURES)} check(s) FAILED")
        sys.exit(1)
    print("\nAll SRR checks passed (closed CCW simple rings, edges <= 1 deg, 60E..180E, shared vertices, "
          "no overlap, every centreCode exists).")


if __name__ == "__main__":
    main()

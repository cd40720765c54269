"""Where did the talks take place? Venues on a map drawn from vendored Natural Earth data.

The base map is the world-atlas TopoJSON in data/geo (Natural Earth 1:110m countries). It is
embedded in the chart, never fetched, so the book works offline; to keep each chart small
only the countries near the venues are kept, with the arcs they use.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from ..data import Package
from ._base import check_event, day, empty_chart, join_words, plain, plural, titled
from .theme import INK, OKABE_ITO

__all__ = ["subset_topology", "venue_map"]

GEO_FILE = Path("geo") / "countries-110m.json"
OBJECT = "countries"
WIDTH = 340
HEIGHT = 300


@cache
def _topology(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _arc_boxes(topology: dict[str, Any]) -> list[tuple[float, float, float, float]]:
    """Longitude/latitude bounding box of every arc (arcs are delta-encoded when quantised)."""
    transform = topology.get("transform")
    boxes = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            xs, ys = [], []
            for dx, dy in arc:
                x += dx
                y += dy
                xs.append(x * sx + tx)
                ys.append(y * sy + ty)
        else:
            xs = [p[0] for p in arc]
            ys = [p[1] for p in arc]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _arc_indices(arcs: Any) -> list[int]:
    """Every arc index in a geometry's nested `arcs` list (negative = reversed: ~index)."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [i for part in arcs for i in _arc_indices(part)]


def _renumber(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumber(part, new) for part in arcs]


def subset_topology(
    topology: dict[str, Any], bbox: tuple[float, float, float, float], name: str = OBJECT
) -> dict[str, Any]:
    """A smaller TopoJSON: the geometries of object `name` whose bounding box meets `bbox`
    (west, south, east, north), with only the arcs they use, renumbered."""
    boxes = _arc_boxes(topology)
    west, south, east, north = bbox
    kept, used = [], []
    for geometry in topology["objects"][name]["geometries"]:
        indices = _arc_indices(geometry.get("arcs", []))
        if not indices:
            continue
        x0 = min(boxes[i][0] for i in indices)
        y0 = min(boxes[i][1] for i in indices)
        x1 = max(boxes[i][2] for i in indices)
        y1 = max(boxes[i][3] for i in indices)
        if x0 <= east and x1 >= west and y0 <= north and y1 >= south:
            kept.append(geometry)
            used.extend(indices)
    order = sorted(set(used))
    new = {old: index for index, old in enumerate(order)}
    subset: dict[str, Any] = {
        "type": "Topology",
        "objects": {
            name: {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": g["type"],
                        "arcs": _renumber(g["arcs"], new),
                        "properties": {"name": g.get("properties", {}).get("name", "")},
                    }
                    for g in kept
                ],
            }
        },
        "arcs": [topology["arcs"][i] for i in order],
    }
    if "transform" in topology:
        subset["transform"] = topology["transform"]
    return subset


def venue_map(pkg: Package, event_id: str | None = None) -> alt.LayerChart | alt.Chart:
    """Venues with coordinates (events.latitude/longitude) on a map zoomed to them."""
    check_event(pkg, event_id)
    title = "Where did the talks take place?"
    events = pkg["events"]
    if event_id is not None:
        events = events[events["id"] == event_id]
    located = events[events["latitude"].notna() & events["longitude"].notna()]
    if located.empty:
        return empty_chart(title, "No event in this selection has a place with coordinates.")
    geo = pkg.root / GEO_FILE
    if not geo.is_file():
        raise FileNotFoundError(f"{geo} is missing: the base map is vendored in data/geo")

    located = located.assign(
        when=[
            _when(a, b)
            for a, b in zip(located["date_earliest"], located["date_latest"], strict=True)
        ]
    )
    venues = located.groupby(["city", "country", "latitude", "longitude"], as_index=False).agg(
        events=("id", "size"),
        titles=("title_en", lambda t: join_words(list(t), limit=4)),
        dates=("when", lambda d: join_words(list(dict.fromkeys(d)), limit=3)),
        source=("location_source", lambda s: join_words(sorted(set(s)))),
        first=("date_earliest", "min"),
    )
    venues = venues.sort_values(["first", "city"], na_position="last", kind="stable")
    venues = venues.drop(columns="first").assign(
        place=lambda v: v["city"].where(v["city"] != "", v["country"])
    )

    # Zoom: the venues' bounding box, padded so that the region around them shows.
    west, east = float(venues["longitude"].min()), float(venues["longitude"].max())
    south, north = float(venues["latitude"].min()), float(venues["latitude"].max())
    # One venue alone gets a wider view, so that the reader can place it in its region.
    pad = max(8.0 if len(venues) > 1 else 14.0, 0.35 * max(east - west, north - south))
    view = (west - pad, south - pad, east + pad, north + pad)
    fit = {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "MultiPoint",
            "coordinates": [
                [view[0], view[1]],
                [view[2], view[3]],
                [view[0], view[3]],
                [view[2], view[1]],
            ],
        },
    }
    # Keep countries a little beyond the fitted box: the map's aspect ratio shows more than
    # the box on one side. Every country kept costs bytes in every copy of the chart.
    margin = 0.6 * pad
    near = (view[0] - margin, view[1] - margin, view[2] + margin, view[3] + margin)
    topology = subset_topology(_topology(geo), near)
    sea = (
        alt.Chart(alt.sphere())
        .mark_geoshape(fill="#DDEBF3", stroke=None, clip=True)
        .project(type="equalEarth", fit=fit)
    )
    land = (
        alt.Chart(alt.Data(values=topology, format=alt.DataFormat(type="topojson", feature=OBJECT)))
        .mark_geoshape(fill="#ECEAE4", stroke="white", strokeWidth=0.7, clip=True)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="Country")])
        .project(type="equalEarth", fit=fit)
    )
    tooltip = [
        alt.Tooltip("place:N", title="Place"),
        alt.Tooltip("titles:N", title="Events"),
        alt.Tooltip("dates:N", title="Dates"),
        alt.Tooltip("latitude:Q", title="Latitude", format=".3f"),
        alt.Tooltip("longitude:Q", title="Longitude", format=".3f"),
        alt.Tooltip("source:N", title="Coordinates from"),
    ]
    base = alt.Chart(plain(venues)).encode(
        longitude="longitude:Q", latitude="latitude:Q", tooltip=tooltip
    )
    dots = base.mark_circle(
        size=110, color=OKABE_ITO[5], opacity=1, stroke="white", strokeWidth=1.2
    )
    # A white halo under each label keeps it legible over borders and coastlines.
    halo = base.mark_text(
        align="left",
        dx=9,
        dy=-2,
        fontSize=13,
        fontWeight="bold",
        stroke="white",
        strokeWidth=4,
        strokeJoin="round",
        color="white",
    ).encode(text="place:N")
    labels = base.mark_text(
        align="left", dx=9, dy=-2, fontSize=13, fontWeight="bold", color=INK
    ).encode(text="place:N")
    chart = alt.layer(sea, land, dots, halo, labels).properties(width=WIDTH, height=HEIGHT)

    unplaced = events[events["latitude"].isna() | events["longitude"].isna()]
    places = [
        f"{p} ({d})" if d else p for p, d in zip(venues["place"], venues["dates"], strict=True)
    ]
    verb = "has" if len(located) == 1 else "have"
    subtitle = f"{len(located):,} of {plural(len(events), 'event')} {verb} a place on the map: "
    subtitle += join_words(places) + "."
    media = unplaced["venue_en"][unplaced["venue_en"] != ""].value_counts()
    if len(media):
        subtitle += " Not on the map: " + join_words([f"{n:,} {v}" for v, n in media.items()]) + "."
    description = (
        f"Map centred on {join_words(list(venues['place']))}, with "
        f"{plural(len(venues), 'venue')} marked: "
        + "; ".join(
            f"{p} at {_coordinates(la, lo)} ({t})"
            for p, la, lo, t in zip(
                venues["place"],
                venues["latitude"],
                venues["longitude"],
                venues["titles"],
                strict=True,
            )
        )
        + f". {plural(len(unplaced), 'event')} have no place with coordinates."
    )
    return titled(chart, title, subtitle, description)


def _when(earliest: pd.Timestamp, latest: pd.Timestamp) -> str:
    if pd.isna(earliest):
        return ""
    if pd.notna(latest) and latest == earliest:
        return day(earliest)
    return f"from {day(earliest)}" if pd.isna(latest) else f"{day(earliest)}–{day(latest)}"


def _coordinates(latitude: float, longitude: float) -> str:
    """'24.7°N 46.7°E'."""
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.1f}°{north} {abs(longitude):.1f}°{east}"

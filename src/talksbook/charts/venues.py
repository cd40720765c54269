"""Where did the talks take place? Venues on a map drawn from vendored Natural Earth data.

The base map is the world-atlas TopoJSON in data/geo (Natural Earth 1:110m countries). It is
embedded in the chart, never fetched, so the book works offline; to keep each chart small
only the countries near the venues are kept, with the arcs they use. Its borders are Natural
Earth's de facto ones (Crimea lies inside Russia's polygon), so the chart says that they are
no endorsement.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from ..data import Package, files
from ..facts import venues as facts_venues
from ..facts.venues import VENUE_KEYS
from ..words import fmt_count, has
from ._base import (
    FULL_WIDTH,
    check_event,
    day,
    empty_chart,
    in_lang,
    join_words,
    number,
    plain,
    titled,
    words,
)
from .theme import INK, OKABE_ITO

__all__ = ["subset_topology", "venue_map"]

OBJECT = "countries"
HEIGHT = 300
#: The widest the map is drawn, as a multiple of its height (a 960 px column).
WIDEST = 3.2
# The Crimean peninsula (west, south, east, north in degrees): a map whose view meets it says
# that Natural Earth draws it inside Russia.
CRIMEA = (32.4, 44.3, 36.7, 46.3)


@cache
def _topology(root: Path) -> dict[str, Any]:
    """The base map of the package at ``root``: a regular file inside it, links resolved."""
    try:
        data = files.read_bytes(root, files.BASE_MAP)
    except files.UnsafeFile as error:
        raise FileNotFoundError(
            f"{root / files.BASE_MAP}: {error.problem}. Fix: {error.fix} "
            "(the base map is vendored in data/geo)"
        ) from None
    return json.loads(data.decode("utf-8"))


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
    topology: dict[str, Any],
    bbox: tuple[float, float, float, float],
    name: str = OBJECT,
    label: Callable[[dict[str, Any]], str] | None = None,
) -> dict[str, Any]:
    """A smaller TopoJSON: the geometries of object `name` whose bounding box meets `bbox`
    (west, south, east, north), with only the arcs they use, renumbered. Each keeps only its
    `properties.name`: `label(geometry)` where given (a name in another language), else the
    file's own."""
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
                        "properties": {
                            "name": label(g) if label else g.get("properties", {}).get("name", "")
                        },
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


def venue_map(
    pkg: Package, event_id: str | None = None, lang: str = "en"
) -> alt.LayerChart | alt.Chart:
    """Venues with coordinates (events.latitude/longitude) on a map zoomed to them; in the
    words of the edition `lang`."""
    check_event(pkg, event_id)
    title = words("chart.venues.title", lang)
    fact = facts_venues.venues(pkg, event_id)
    if fact.bounds is None:
        return empty_chart(title, words("chart.venues.none", lang), lang)
    geo = _topology(pkg.root)

    country = _country_namer(pkg, lang)
    sources = _source_names(pkg, lang)
    events = pkg["events"].set_index("id")
    titles = in_lang(events, "title", lang)
    found = fact.venues
    # A venue is named as its first event names its city in the edition's language:
    # `city_<lang>` where the data have it, else `city` (English, with no `_en` suffix:
    # in_lang falls back to it); a venue without a city is named by its country.
    first = events.loc[[ids[0] for ids in found["event_ids"]]]
    cities = _texts(in_lang(first, "city", lang))
    venues = found[VENUE_KEYS].assign(
        place=[
            city or country(code) or code
            for city, code in zip(cities, _texts(first["country"]), strict=True)
        ],
        events=found["events"],
        titles=[
            join_words([titles[e] for e in ids], limit=4, lang=lang) for ids in found["event_ids"]
        ],
        dates=[join_words([_when(a, b, lang) for a, b in d], 3, lang=lang) for d in found["dates"]],
        source=[
            join_words(sorted({sources.get(s, s) for s in ids}), lang=lang)
            for ids in found["sources"]
        ],
    )

    # Zoom: the venues' bounding box, padded so that the region around them shows.
    west, south, east, north = fact.bounds
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
    # the box on one side, and as wide as a wide column shows it (the map is as wide as its
    # column, and as high on every screen). Every country kept costs bytes in every copy.
    margin = 0.6 * pad
    across = max(0.0, (view[3] - view[1]) * WIDEST / 2 - (view[2] - view[0]) / 2)
    near = (
        view[0] - margin - across,
        view[1] - margin,
        view[2] + margin + across,
        view[3] + margin,
    )
    # The file names countries in English; another edition names them in its own words.
    label = None if lang == "en" else _basemap_label(country, lang)
    topology = subset_topology(geo, near, label=label)
    sea = (
        alt.Chart(alt.sphere())
        .mark_geoshape(fill="#DDEBF3", stroke=None, clip=True)
        .project(type="equalEarth", fit=fit)
    )
    land = (
        alt.Chart(alt.Data(values=topology, format=alt.DataFormat(type="topojson", feature=OBJECT)))
        .mark_geoshape(fill="#ECEAE4", stroke="white", strokeWidth=0.7, clip=True)
        .encode(
            tooltip=[
                alt.Tooltip("properties.name:N", title=words("chart.venues.tip.country", lang))
            ]
        )
        .project(type="equalEarth", fit=fit)
    )
    tooltip = [
        alt.Tooltip("place:N", title=words("chart.venues.tip.place", lang)),
        alt.Tooltip("titles:N", title=words("chart.venues.tip.events", lang)),
        alt.Tooltip("dates:N", title=words("chart.venues.tip.dates", lang)),
        alt.Tooltip("latitude:Q", title=words("chart.venues.tip.latitude", lang), format=".3f"),
        alt.Tooltip("longitude:Q", title=words("chart.venues.tip.longitude", lang), format=".3f"),
        alt.Tooltip("source:N", title=words("chart.venues.tip.source", lang)),
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
    chart = alt.layer(sea, land, dots, halo, labels).properties(width=FULL_WIDTH, height=HEIGHT)

    places = [
        words("chart.venues.place_when", lang, place=p, dates=d) if d else p
        for p, d in zip(venues["place"], venues["dates"], strict=True)
    ]
    subtitle = words(
        "chart.venues.placed_one" if fact.located == 1 else "chart.venues.placed",
        lang,
        located=fmt_count(fact.located, lang),
        n=fact.events,
        places=join_words(places, lang=lang),
    )
    subtitle = subtitle[0].upper() + subtitle[1:]
    if len(fact.media):
        # Each venue off the map as its first event words it in the edition's language.
        off_map = events.loc[[ids[0] for ids in fact.media["event_ids"]]]
        items = [
            words("chart.venues.off_map_item", lang, n=int(n), venue=v)
            for v, n in zip(
                _texts(in_lang(off_map, "venue", lang)), fact.media["events"], strict=True
            )
        ]
        subtitle += " " + words("chart.venues.off_map", lang, venues=join_words(items, lang=lang))
    # The base map's borders are Natural Earth's: say so, and name Crimea where it shows.
    borders = words(
        "chart.venues.borders_crimea" if _meets(view, CRIMEA) else "chart.venues.borders", lang
    )
    subtitle += " " + borders
    listed = [
        words(
            "chart.venues.venue_at",
            lang,
            place=p,
            coordinates=_coordinates(la, lo, lang),
            titles=t,
        )
        for p, la, lo, t in zip(
            venues["place"], venues["latitude"], venues["longitude"], venues["titles"], strict=True
        )
    ]
    description = " ".join(
        [
            words(
                "chart.venues.description",
                lang,
                places=join_words(list(venues["place"]), lang=lang),
                venues=words("chart.venues.venues", lang, n=len(venues)),
                list=words("chart.sep", lang).join(listed),
            ),
            *([words("chart.venues.unplaced", lang, n=fact.unplaced)] if fact.unplaced else []),
            borders,
        ]
    )
    return titled(chart, title, subtitle, description, lang)


def _when(earliest: pd.Timestamp, latest: pd.Timestamp, lang: str) -> str:
    if pd.isna(earliest):
        return ""
    if pd.notna(latest) and latest == earliest:
        return day(earliest, lang)
    if pd.isna(latest):
        return words("chart.venues.when.from", lang, earliest=day(earliest, lang))
    return words(
        "chart.venues.when.between", lang, earliest=day(earliest, lang), latest=day(latest, lang)
    )


def _coordinates(latitude: float, longitude: float, lang: str) -> str:
    """'24.7°N 46.7°E'."""
    north = "north" if latitude >= 0 else "south"
    east = "east" if longitude >= 0 else "west"
    return words(
        "chart.venues.coordinates",
        lang,
        latitude=words(f"chart.venues.{north}", lang, degrees=number(abs(latitude), 1, lang)),
        longitude=words(f"chart.venues.{east}", lang, degrees=number(abs(longitude), 1, lang)),
    )


def _meets(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two (west, south, east, north) boxes overlap."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _texts(values: pd.Series) -> list[str]:
    """Text values with missing ones as '' (optional text fields may hold NA)."""
    return [v if isinstance(v, str) else "" for v in values]


def _key(value: str) -> str:
    """A template key made of English words: 'N. Cyprus' -> 'n-cyprus'."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _place_words(group: str, value: str, lang: str) -> str:
    """A place name the base map gives in English only, in the edition's words where the
    chart's templates have them (chart.venues.<group>.<key>), else as given."""
    key = f"chart.venues.{group}.{_key(value)}"
    return words(key, lang) if value and has(key, lang) else value


def _source_names(pkg: Package, lang: str) -> dict[str, str]:
    """Source id -> what to call it: its outlet (a name, e.g. 'GeoNames'), else its title."""
    sources = pkg["sources"]
    titles = in_lang(sources, "title", lang)
    outlets = sources["outlet"].fillna("").astype(str)
    names = outlets.where(outlets.str.strip() != "", titles)
    return dict(zip(sources["id"], names, strict=True))


@cache
def _iso_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-3 and numeric codes -> alpha-2, from CLDR (Babel, which Sphinx
    brings); empty where Babel is missing, and then countries keep their English names."""
    try:
        from babel.core import get_global

        aliases = get_global("territory_aliases")
    except Exception:  # no Babel or no CLDR data: names stay as the data give them
        return {}
    return {
        code: targets[0]
        for code, targets in aliases.items()
        if len(code) == 3 and len(targets) == 1 and len(targets[0]) == 2
    }


def _country_namer(pkg: Package, lang: str) -> Callable[[str], str]:
    """A function naming a country by ISO 3166-1 code (alpha-3 or numeric) in the edition's
    language: as the data name the state (an actor), else as CLDR does, else ''."""
    actors = pkg["actors"]
    states = actors[actors["kind"] == "state"]
    # States by the code the data give them (alpha-3), and by alpha-2 to meet numeric codes.
    by_code = dict(zip(states["country"], in_lang(states, "name", lang), strict=True))
    alpha2 = _iso_codes()
    by_alpha2 = {alpha2[code]: name for code, name in by_code.items() if code in alpha2}
    try:
        from babel import Locale

        territories = dict(Locale.parse(lang).territories)
    except Exception:  # no Babel, or no CLDR locale for `lang`
        territories = {}

    def name(code: str) -> str:
        code = str(code)
        two = alpha2.get(code, "")
        return str(by_code.get(code) or by_alpha2.get(two) or territories.get(two) or "")

    return name


def _basemap_label(country: Callable[[str], str], lang: str) -> Callable[[dict[str, Any]], str]:
    """Names for the base map's countries in the edition's language. Natural Earth's polygons
    without an ISO code (N. Cyprus, Somaliland, Kosovo) take the chart's own words."""

    def label(geometry: dict[str, Any]) -> str:
        english = str(geometry.get("properties", {}).get("name", ""))
        if geometry.get("id") is not None and (name := country(str(geometry["id"]))):
            return name
        return _place_words("country", english, lang)

    return label

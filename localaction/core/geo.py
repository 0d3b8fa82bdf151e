"""A coordinates-based overview of places: points binned on a latitude/longitude grid.

The member directory draws its world map from these cells (an equirectangular
projection, one circle per occupied cell), so thousands of members become a
few hundred shapes and no map tiles are fetched from anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """An occupied grid cell: its centre in degrees and how many points fall in it."""

    latitude: float
    longitude: float
    count: int


def bin_points(points: Iterable[tuple[float, float]], *, cell_degrees: float) -> list[Cell]:
    """Group (latitude, longitude) points, in degrees, into square cells of `cell_degrees`.

    A point on a cell's south or west edge belongs to that cell; the poles and
    the antimeridian (latitude 90, longitude 180) fall into the last cell.
    Cells come back sorted by count, largest first, then from north-west.
    """
    if cell_degrees <= 0:
        raise ValueError("cell_degrees must be positive")
    rows = math.ceil(180 / cell_degrees)
    columns = math.ceil(360 / cell_degrees)
    counts: dict[tuple[int, int], int] = {}
    for latitude, longitude in points:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"({latitude}, {longitude}) is not a latitude/longitude in degrees")
        row = min(int((latitude + 90) // cell_degrees), rows - 1)
        column = min(int((longitude + 180) // cell_degrees), columns - 1)
        counts[row, column] = counts.get((row, column), 0) + 1
    cells = [
        Cell(
            latitude=min(-90 + (row + 0.5) * cell_degrees, 90.0),
            longitude=min(-180 + (column + 0.5) * cell_degrees, 180.0),
            count=count,
        )
        for (row, column), count in counts.items()
    ]
    return sorted(cells, key=lambda cell: (-cell.count, -cell.latitude, cell.longitude))


def equirectangular(latitude: float, longitude: float, *, width: float) -> tuple[float, float]:
    """Project degrees onto a `width` × `width`/2 plane, x to the east, y to the south."""
    scale = width / 360
    return (longitude + 180) * scale, (90 - latitude) * scale


def frame(
    points: Iterable[tuple[float, float]], *, width: float, padding: float, min_width: float
) -> tuple[float, float, float, float]:
    """The part of the `width` × `width`/2 map to show: (x, y, w, h) around projected points.

    The frame keeps the map's 2:1 shape, is at least `min_width` wide so one
    point still shows its surroundings, adds `padding` on every side, and never
    leaves the map. With no points it is the whole world.
    """
    height = width / 2
    projected = [equirectangular(lat, lon, width=width) for lat, lon in points]
    if not projected:
        return 0.0, 0.0, width, height
    xs = [x for x, _ in projected]
    ys = [y for _, y in projected]
    span = max(max(xs) - min(xs) + 2 * padding, 2 * (max(ys) - min(ys) + 2 * padding), min_width)
    span = min(span, width)
    centre_x = (min(xs) + max(xs)) / 2
    centre_y = (min(ys) + max(ys)) / 2
    x = min(max(centre_x - span / 2, 0.0), width - span)
    y = min(max(centre_y - span / 4, 0.0), height - span / 2)
    return x, y, span, span / 2

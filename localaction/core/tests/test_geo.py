import pytest
from hypothesis import given
from hypothesis import strategies as st

from localaction.core.geo import Cell, bin_points, equirectangular, frame

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


def test_points_in_one_cell_are_counted_together():
    # Freiburg and Basel lie 50 km apart, inside the same 3° cell [45, 48) × [6, 9).
    cells = bin_points([(47.999, 7.842), (47.559, 7.589)], cell_degrees=3)
    assert cells == [Cell(latitude=46.5, longitude=7.5, count=2)]


def test_the_poles_and_antimeridian_fall_in_the_last_cell():
    cells = bin_points([(90, 180), (-90, -180)], cell_degrees=10)
    assert {(c.latitude, c.longitude) for c in cells} == {(85.0, 175.0), (-85.0, -175.0)}


def test_cells_are_sorted_largest_first():
    cells = bin_points([(0, 0), (50, 50), (50.5, 50.5)], cell_degrees=5)
    assert [cell.count for cell in cells] == [2, 1]


@pytest.mark.parametrize("point", [(91, 0), (0, 181), (-90.5, 0)])
def test_points_off_the_globe_are_refused(point):
    with pytest.raises(ValueError, match="latitude/longitude"):
        bin_points([point], cell_degrees=3)


@given(st.lists(st.tuples(latitudes, longitudes), max_size=200), st.sampled_from([1, 2.5, 3, 7]))
def test_no_point_is_lost_or_counted_twice(points, cell_degrees):
    cells = bin_points(points, cell_degrees=cell_degrees)
    assert sum(cell.count for cell in cells) == len(points)
    assert len({(c.latitude, c.longitude) for c in cells}) == len(cells)


@given(latitudes, longitudes)
def test_projection_stays_on_the_canvas(latitude, longitude):
    x, y = equirectangular(latitude, longitude, width=720)
    assert 0 <= x <= 720
    assert 0 <= y <= 360


def test_projection_reference_points():
    assert equirectangular(0, 0, width=720) == (360, 180)
    assert equirectangular(90, -180, width=720) == (0, 0)
    assert equirectangular(-90, 180, width=720) == (720, 360)


def test_frame_without_points_is_the_whole_world():
    assert frame([], width=720, padding=10, min_width=120) == (0, 0, 720, 360)


def test_frame_around_one_point_keeps_its_surroundings():
    # Freiburg projects to (375.7, 84.0); a 120-wide frame centred on it.
    x, y, w, h = frame([(47.999, 7.842)], width=720, padding=10, min_width=120)
    assert (w, h) == (120, 60)
    assert x == pytest.approx(375.684 - 60)
    assert y == pytest.approx(84.002 - 30)


def test_frame_stays_on_the_map_near_its_edges():
    x, y, w, h = frame([(89, -179)], width=720, padding=10, min_width=120)
    assert (x, y, w, h) == (0, 0, 120, 60)


@given(st.lists(st.tuples(latitudes, longitudes), min_size=1, max_size=50))
def test_frame_holds_every_point_and_keeps_the_shape(points):
    x, y, w, h = frame(points, width=720, padding=10, min_width=120)
    assert w == pytest.approx(2 * h)
    assert -1e-9 <= x <= x + w <= 720 + 1e-9
    assert -1e-9 <= y <= y + h <= 360 + 1e-9
    for latitude, longitude in points:
        px, py = equirectangular(latitude, longitude, width=720)
        assert x - 1e-9 <= px <= x + w + 1e-9
        assert y - 1e-9 <= py <= y + h + 1e-9

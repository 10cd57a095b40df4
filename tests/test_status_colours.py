"""Each status has a colour of its own, in truecolor, 256-colour and 16-colour terminals.

The colours are truecolor (``views.pieces.STATUS_COLOURS``), so no theme, light or dark,
redraws them; a terminal with fewer colours gets Rich's nearest match, and these tests check
what that match is: every pair of statuses apart by a visible distance (CIE76 ΔE in Lab), the
badge's white bold text legible on each, and each colour legible as text on a dark and on a
light background.
"""

from __future__ import annotations

import itertools
import math

import pytest
from rich.color import Color, ColorSystem
from rich.color_triplet import ColorTriplet
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

from ptctui.views.pieces import STATUS_COLOURS, STATUS_STYLES, STATUS_TEXT_STYLES
from ptctui.workflow import Status

SYSTEMS = [
    pytest.param(ColorSystem.TRUECOLOR, id="truecolor"),
    pytest.param(ColorSystem.EIGHT_BIT, id="256"),
    pytest.param(ColorSystem.STANDARD, id="16"),
]
MIN_DISTANCE = 20.0  # ΔE: 2.3 is "just noticeable"; 20 is plainly another colour
DARK = ColorTriplet(0x1E, 0x1E, 0x1E)  # about textual-dark's background
LIGHT = ColorTriplet(0xFA, 0xFA, 0xFA)  # about textual-light's


def _shown(colour: str, system: ColorSystem) -> ColorTriplet:
    """The colour a terminal with ``system`` shows for ``colour`` (Rich's downgrade)."""
    return Color.parse(colour).downgrade(system).get_truecolor(DEFAULT_TERMINAL_THEME)


def _linear(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _luminance(rgb: ColorTriplet) -> float:
    r, g, b = (_linear(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: ColorTriplet, b: ColorTriplet) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _lab(rgb: ColorTriplet) -> tuple[float, float, float]:
    r, g, b = (_linear(v) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_every_status_has_a_colour_a_badge_and_a_text_style() -> None:
    assert set(STATUS_COLOURS) == set(Status)
    assert len(set(STATUS_COLOURS.values())) == len(Status)
    for status in Status:
        badge = Style.parse(STATUS_STYLES[status])
        assert badge.bgcolor == Color.parse(STATUS_COLOURS[status])
        assert Style.parse(STATUS_TEXT_STYLES[status]).color == Color.parse(STATUS_COLOURS[status])


@pytest.mark.parametrize("system", SYSTEMS)
def test_each_pair_of_statuses_stays_apart(system: ColorSystem) -> None:
    shown = {status: _lab(_shown(colour, system)) for status, colour in STATUS_COLOURS.items()}
    for a, b in itertools.combinations(Status, 2):
        distance = math.dist(shown[a], shown[b])
        assert distance >= MIN_DISTANCE, f"{a.label} and {b.label}: ΔE {distance:.1f}"


@pytest.mark.parametrize("system", SYSTEMS[1:])
def test_fewer_colours_still_give_seven_different_ones(system: ColorSystem) -> None:
    numbers = {Color.parse(c).downgrade(system).number for c in STATUS_COLOURS.values()}
    assert len(numbers) == len(Status)


@pytest.mark.parametrize("system", SYSTEMS)
def test_badge_text_is_legible(system: ColorSystem) -> None:
    white = ColorTriplet(255, 255, 255)
    for status, colour in STATUS_COLOURS.items():
        ratio = _contrast(_shown(colour, system), white)
        assert ratio >= 3.8, f"{status.label}: white on it {ratio:.1f}:1"


@pytest.mark.parametrize("system", [ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT])
def test_status_colours_read_as_text_on_dark_and_light(system: ColorSystem) -> None:
    for status, colour in STATUS_COLOURS.items():
        for background in (DARK, LIGHT):
            ratio = _contrast(_shown(colour, system), background)
            assert ratio >= 3.0, f"{status.label} on {background.hex}: {ratio:.1f}:1"

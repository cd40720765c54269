"""What every chapter notebook does first: load the data, scope it, switch on the renderer."""

from __future__ import annotations

from .data import Package, load
from .render import enable_renderer
from .scope import restrict


def setup(
    data_dir: str, date_from: str | None = None, date_to: str | None = None, lang: str = "en"
) -> Package:
    """The validated package restricted to the date window, with offline charts enabled in
    the theme of the edition's language."""
    from . import charts  # registers the themes

    enable_renderer()
    charts.enable_theme(lang)
    return restrict(load(data_dir), date_from, date_to)

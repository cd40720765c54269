"""What every chapter notebook does first: load the data, scope it, switch on the renderer."""

from __future__ import annotations

from .data import Package, load
from .render import enable_renderer
from .scope import restrict


def setup(
    data_dir: str, date_from: str | None = None, date_to: str | None = None, lang: str = "en"
) -> Package:
    """The validated package restricted to the date window, with offline charts enabled in
    the theme of the edition's language and the package's own words in use."""
    from . import charts  # registers the themes
    from .vocabulary import package_words
    from .words import use_package_words

    enable_renderer()
    charts.enable_theme(lang)
    package = load(data_dir)
    use_package_words(package_words(package)[0])  # the words it brings for its own values
    return restrict(package, date_from, date_to)

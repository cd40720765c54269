"""Load and validate the data package: every problem reported at once, text never altered.

>>> package = load("data")            # raises ValidationError listing every problem
>>> package["events"].date_earliest   # typed pandas columns
"""

from __future__ import annotations

from .package import Package, load, validate
from .problems import Problem, ValidationError

__all__ = ["Package", "Problem", "ValidationError", "load", "validate"]

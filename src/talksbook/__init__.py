"""talksbook: a reproducible analytical book on the February 2025 US–Russia talks on Ukraine."""

__version__ = "0.1.0"

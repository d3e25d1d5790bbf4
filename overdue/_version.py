"""The single place where the book's and the engine's version is set."""

__version__ = "0.1.0"

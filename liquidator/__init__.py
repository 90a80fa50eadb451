"""liquidator: turn stock stranded by cancelled orders back into cash."""

__version__ = "0.1.0"

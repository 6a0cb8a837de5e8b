"""diarium: Swedish municipal committee records (PDF) to a linked SQLite database."""

__version__ = "0.1.0"

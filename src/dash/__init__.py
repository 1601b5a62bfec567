"""Trustee dashboard: funds, decision panels and meeting insights on a DuckDB store."""

__version__ = "0.1.0"
